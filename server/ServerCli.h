// The tandem-server command line: admin subcommands and `serve`/`demo`.
#pragma once

namespace tandem::server {

int runServerCli(int argc, char** argv);

}  // namespace tandem::server
