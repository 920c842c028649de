// A problem found in an imported file, tied to the line a person can open in a spreadsheet.
// Importers collect every error rather than stopping at the first, and the caller imports
// nothing while any remain: a business office fixes its export once, not once per error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tandem {

struct ImportError {
    int line = 0;  // 1-based physical line where the row starts; 0 = the whole file
    std::string reason;
};

// One error per line, as a compiler would print it, so editors and people read it alike:
//   action-plans.csv:17: unknown agency code "FOO" in lead_agency
//   action-plans.csv: the file is empty                              (line 0)
inline std::string formatErrors(std::string_view file, const std::vector<ImportError>& errors) {
    std::string out;
    for (const ImportError& e : errors) {
        out.append(file);
        if (e.line > 0) {
            out += ':';
            out += std::to_string(e.line);
        }
        out += ": ";
        out += e.reason;
        out += '\n';
    }
    return out;
}

}  // namespace tandem
