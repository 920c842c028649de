// The business office's panels on an action page: the target date and its history, the closure
// decision, and what the action is. Loaded by ActionPage for the business office only, and
// shown there when the controller says this user administers the action.
import QtQuick
import QtQuick.Layouts
import Tandem.App

ColumnLayout {
    id: admin
    objectName: "planActionAdmin"
    property alias actionId: controller.actionId
    readonly property alias controller: controller
    spacing: Theme.margin

    ActionAdminController { id: controller }

    TargetDatePanel { Layout.fillWidth: true; admin: controller }
    ClosurePanel { Layout.fillWidth: true; admin: controller }
    PlanActionDetails { Layout.fillWidth: true; admin: controller }
}
