# Tandem's dependencies, all from Debian 12; shared by the main build and the fuzz build.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE REQUIRED IMPORTED_TARGET ${TANDEM_SQLITE_PKG})
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Template patterns: RE2 matches in linear time without recursion (std::regex does neither).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# gzip for sync bodies: libdeflate compresses a 30 MB pull twice as fast as zlib's fastest level,
# at a better ratio, and inflates it three times as fast (bench/RESULTS.md).
pkg_check_modules(DEFLATE REQUIRED IMPORTED_TARGET libdeflate)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
# OpenSSL for what cpp-httplib's TLS leaves to the caller: the words for a certificate that did not
# verify (sync/HttpTransport.cpp) and test certificates (tests/support/TestCerts.h).
find_package(OpenSSL REQUIRED)
