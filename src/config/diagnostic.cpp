#include "hactl/config/diagnostic.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace hactl::config {

std::string format_diagnostic(const Diagnostic& d) {
    if (d.line <= 0) return fmt::format("{}: error: {}", d.file, d.message);
    if (d.column <= 0) return fmt::format("{}:{}: error: {}", d.file, d.line, d.message);
    return fmt::format("{}:{}:{}: error: {}", d.file, d.line, d.column, d.message);
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.line != b.line) return a.line < b.line;
        return a.column < b.column;
    });
}

}  // namespace hactl::config
