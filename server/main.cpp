// tandem-server: the sync server and its admin commands.
#include "ServerCli.h"

int main(int argc, char** argv) { return tandem::server::runServerCli(argc, argv); }
