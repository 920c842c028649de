// tandem-cli: the headless Tandem client.
#include "CliApp.h"

#include <iostream>

int main(int argc, char** argv) {
    return tandem::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
