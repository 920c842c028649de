// Creates the server schema in a new database, or brings an older one up to kSchemaVersion. Runs
// inside the caller's transaction, so a migration that fails leaves the file as it was.
#pragma once

#include "Sqlite.h"

namespace tandem::server {

// Throws when the file was written by a newer Tandem than this one.
void prepareServerSchema(sql::Database& db);

}  // namespace tandem::server
