// The colour of a rating (RAG or Ofsted-style grade): solid for a small marker, or a light tint
// behind a heat-map cell's text. Always shown beside the rating's word, never alone.
import QtQuick

Rectangle {
    property string rating
    property bool tint: false
    readonly property string band: ["green", "good", "outstanding"].indexOf(rating) >= 0 ? "green"
                                 : ["amber", "requires_improvement"].indexOf(rating) >= 0 ? "amber"
                                 : ["red", "inadequate"].indexOf(rating) >= 0 ? "red" : ""
    color: !tint ? Theme.ragColour(band)
         : band === "green" ? "#dcefdc" : band === "amber" ? "#fcebcc" : band === "red" ? "#f9dad6" : "#eef1f4"
}
