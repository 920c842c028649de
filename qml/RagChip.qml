// A red/amber/green marker with its word beside it, so colour is never the only signal.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    property string rag
    spacing: 4
    Rectangle {
        Layout.preferredWidth: 12
        Layout.preferredHeight: 12
        radius: 6
        color: Theme.ragColour(rag)
    }
    Label {
        text: rag === "" ? qsTr("No RAG") : rag.charAt(0).toUpperCase() + rag.slice(1)
        color: Theme.muted
    }
}
