// Search as you type and the review / status / RAG / due-date filters over my actions. It only
// sets ActionFilterModel's properties; the filtering happens in C++.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GridLayout {
    id: bar
    property var filter
    columns: width >= 700 ? 4 : 2
    columnSpacing: Theme.gap
    rowSpacing: Theme.gap

    TextField {
        objectName: "actionSearch"
        Layout.columnSpan: bar.columns
        Layout.fillWidth: true
        Layout.minimumHeight: Theme.touch
        placeholderText: qsTr("Search reference, action or agency")
        onTextChanged: if (bar.filter) bar.filter.search = text
    }
    ComboBox {
        objectName: "reviewFilter"
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.minimumHeight: Theme.touch
        model: [qsTr("All reviews")].concat(bar.filter ? bar.filter.reviews : [])
        onActivated: index => bar.filter.review = index === 0 ? "" : currentText
    }
    ComboBox {
        objectName: "statusFilter"
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.minimumHeight: Theme.touch
        textRole: "label"
        valueRole: "value"
        model: [{ value: "", label: qsTr("Any status") }].concat(bar.filter ? bar.filter.statusOptions : [])
        onActivated: bar.filter.status = currentValue
    }
    ComboBox {
        objectName: "ragFilter"
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.minimumHeight: Theme.touch
        textRole: "label"
        valueRole: "value"
        model: [
            { value: "", label: qsTr("Any RAG") },
            { value: "red", label: qsTr("Red") },
            { value: "amber", label: qsTr("Amber") },
            { value: "green", label: qsTr("Green") }
        ]
        onActivated: bar.filter.rag = currentValue
    }
    TextField {
        objectName: "dueBeforeFilter"
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.minimumHeight: Theme.touch
        placeholderText: qsTr("Due before YYYY-MM-DD")
        inputMethodHints: Qt.ImhDate
        onEditingFinished: bar.filter.dueBefore = text
    }
}
