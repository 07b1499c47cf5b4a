#include "hactl/apply/privilege.hpp"

#include <fmt/core.h>

#include "hactl/facts/access.hpp"

namespace hactl::apply {

namespace {

bool has(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

// The first non-empty line of `text`, for quoting the host's own words.
std::string first_line(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) return std::string(line);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return {};
}

}  // namespace

std::string explain_host_op_failure(std::string_view role, std::string_view privilege, std::string_view state_dir,
                                    const transport::CommandResult& result) {
    if (result.status != transport::Status::ok) {
        return fmt::format("the {}: {}", role, result.message.empty() ? "no answer" : result.message);
    }
    const std::string said = first_line(result.err.empty() ? result.out : result.err);
    const std::string field = fmt::format("spec.{}.privilege", role);
    const std::string prefix = privilege.empty() ? std::string("(none)") : fmt::format("`{}`", privilege);
    if (auto fix = facts::access_fix(said, field); !fix.empty()) {
        return fmt::format("the {}: hactl's privilege prefix {} cannot run its state operations ({}). {}", role,
                           prefix, said, fix);
    }
    if (result.exit_code == 127 || has(said, "not found")) {
        return fmt::format("the {}: a command hactl needs is missing ({}). Fix: install it, or set {} to a "
                           "prefix that exists there",
                           role, said, field);
    }
    if (result.exit_code == 5) {
        return fmt::format("the {}: {}. Fix: install it on that host", role, said);
    }
    if (has(said, "ermission denied") || has(said, "Read-only file system") || result.exit_code == 4) {
        return fmt::format("the {}: hactl's state directory {} cannot be written with privilege prefix {} ({}). "
                           "Fix: set {} (e.g. \"sudo -n\"), or make {} writable by the login user",
                           role, state_dir, prefix, said, field, state_dir);
    }
    return fmt::format("the {}: hactl's state operation failed with exit {}: {}", role, result.exit_code,
                       said.empty() ? "no message" : said);
}

}  // namespace hactl::apply
