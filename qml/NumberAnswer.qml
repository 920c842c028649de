// A number question; the allowed range ("0 – 100") shows as the placeholder.
import QtQuick

LineAnswer {
    property string hint
    placeholderText: hint !== "" ? hint : qsTr("A number")
    inputMethodHints: Qt.ImhFormattedNumbersOnly
}
