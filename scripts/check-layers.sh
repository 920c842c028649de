#!/usr/bin/env bash
# Dependencies go one way: qml -> app -> sync -> shared, and server -> shared.
# Fails with the offending lines when a layer includes what it must not.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
fail=0
check() {  # layer, pattern, why
  local hits
  hits=$(grep -rnE "$2" "$1" --include='*.h' --include='*.cpp' 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "layering: $1 must not include $3:"
    echo "$hits"
    fail=1
  fi
}
check shared '#include *[<"](Q[A-Za-z]*|Qt[A-Za-z]*)[>/".]' "Qt (shared is plain C++)"
check shared '#include *"(Replica|Outbox|SyncEngine|Transport|Workspace|Account|HttpApi|Push|Pull|Store|SqliteStore|Scope|Auth|Admin)\.h"' "sync/ or server/ headers"
check sync '#include *[<"](QtQml|QtQuick|QQml|QQuick)' "QML or Qt Quick"
check sync '#include *"(HttpApi|Push|Pull|Store|SqliteStore|SqliteSession|Scope|Auth|Admin|Demo|RecordWrites)\.h"' "server/ headers"
check server '#include *"(Replica|Outbox|SyncEngine|Transport|Workspace|Account)\.h"' "sync/ headers"
check server '#include *[<"](Q[A-Za-z]*|Qt[A-Za-z]*)[>/".]' "Qt"
if [ -d app ]; then
  check app '#include *"(HttpApi|Push|Pull|Store|SqliteStore|SqliteSession|Scope|Auth|Admin|Demo)\.h"' "server/ headers"
fi
# The CMake link graph must agree with the includes.
grep -qE 'target_link_libraries\(tandem_shared[^)]*tandem_(sync|server)' shared/CMakeLists.txt && { echo "layering: tandem_shared links a higher layer"; fail=1; }
grep -qE 'target_link_libraries\(tandem_sync[^)]*tandem_server' sync/CMakeLists.txt && { echo "layering: tandem_sync links the server"; fail=1; }
grep -qE 'target_link_libraries\(tandem_server_lib[^)]*tandem_sync' server/CMakeLists.txt && { echo "layering: the server links tandem_sync"; fail=1; }
[ $fail -eq 0 ] && echo "layering: ok (qml -> app -> sync -> shared; server -> shared)"
exit $fail
