// The home lists as read from the replica, ready to merge into the models. Reading 100,000
// actions takes about a second, so after a sync the worker reads them on its own connection and
// the UI thread only merges rows; nothing in here touches a QObject.
#pragma once

#include "ActionListModel.h"
#include "Labels.h"
#include "Replica.h"
#include "ReturnListModel.h"

#include <QMetaType>

#include <memory>
#include <optional>

namespace tandem::app {

struct ListSnapshot {
    Lookups lookups;
    // Built against `lookups` above, which is why a snapshot lives behind a shared_ptr and
    // never moves.
    std::optional<ActionListModel::Builder> actions;
    std::optional<ReturnListModel::Builder> returns;

    static std::shared_ptr<ListSnapshot> read(sync::Replica& replica);
};

}  // namespace tandem::app

Q_DECLARE_METATYPE(std::shared_ptr<tandem::app::ListSnapshot>)
