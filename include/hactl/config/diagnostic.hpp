#pragma once
/// One problem found in a pair file, located by file, line and column.
#include <string>
#include <vector>

namespace hactl::config {

struct Diagnostic {
    std::string file;
    int line = 0;    ///< 1-based; 0 = the whole file
    int column = 0;  ///< 1-based; 0 = the whole line (or file)
    std::string message;
    bool operator==(const Diagnostic&) const = default;
};

/// "FILE:LINE:COL: error: MESSAGE", or "FILE: error: MESSAGE" when line is 0
/// ("FILE:LINE: error: ..." when only the column is 0). Never fails.
std::string format_diagnostic(const Diagnostic& diagnostic);

/// Orders diagnostics by line, then column (whole-file ones first); stable.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace hactl::config
