// Reads a file of the project's demo data (data/), the same way in every test.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace tandem::test {

inline std::string readDataFile(const std::string& relative) {
    std::ifstream in(std::filesystem::path(TANDEM_DATA_DIR) / relative, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + relative);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace tandem::test
