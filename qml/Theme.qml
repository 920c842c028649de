// Sizes and colours shared by every view: one place to keep touch targets at 44 px and the
// RAG colours readable on white.
pragma Singleton
import QtQuick

QtObject {
    readonly property int touch: 44          // minimum touch target (tablets)
    readonly property int gap: 8
    readonly property int margin: 16
    readonly property int wideBreak: 900     // list and detail side by side from here
    readonly property int listWidth: 420

    readonly property color text: "#1f2328"
    readonly property color muted: "#59636e"
    readonly property color line: "#d0d7de"
    readonly property color panel: "#f6f8fa"
    readonly property color accent: "#0b5cad"
    readonly property color danger: "#b42318"
    readonly property color warning: "#9a6700"
    readonly property color selected: "#ddeeff"

    function ragColour(rag) {
        return rag === "red" ? "#c62828" : rag === "amber" ? "#e08a00"
             : rag === "green" ? "#2e7d32" : "#8c959f"
    }
}
