// The figures endpoints (GET /v1/reports/figures and /v1/reports/<table>.csv): who may read a
// partnership's figures, the query (partnership, round, period), and the snapshot of the store
// the shared figures function computes them from, read in one session.
#pragma once

#include "Caller.h"
#include "Store.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace tandem::server {

using QueryParams = std::map<std::string, std::string>;

// The figures document of docs/business-office.md. Throws ApiError: 403 not_allowed (not the
// business office or board of that partnership), 404 not_found (unknown round), 400
// invalid_parameter (bad date, several partnerships and none named).
nlohmann::json figuresReport(Store& store, const Caller& caller, const QueryParams& params);

struct CsvReport {
    std::string fileName;  // <table>-<partnership>-<today>.csv
    std::string text;
};
// One table of the same document as CSV (shared/FiguresCsv.h); an unknown table is 404 not_found.
CsvReport figuresTableCsv(Store& store, const Caller& caller, const std::string& table, const QueryParams& params);

}  // namespace tandem::server
