#include "hactl/transport/shell_quote.hpp"

#include <algorithm>
#include <cctype>

namespace hactl::transport {

namespace {
bool is_plain(std::string_view arg) {
    if (arg.empty()) return false;
    return std::all_of(arg.begin(), arg.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("_./:=@%+,-").find(static_cast<char>(c)) != std::string_view::npos;
    });
}
}  // namespace

std::string shell_quote(std::string_view arg) {
    std::string out;
    out.reserve(arg.size() + 2);
    out += '\'';
    for (char c : arg) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    out += '\'';
    return out;
}

std::string shell_join(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& arg : args) {
        if (!out.empty()) out += ' ';
        out += is_plain(arg) ? arg : shell_quote(arg);
    }
    return out;
}

std::string in_alation_shell(std::string_view wrapper, std::string_view command_line) {
    std::string out(wrapper);
    out += ' ';
    out += shell_quote(command_line);
    return out;
}

}  // namespace hactl::transport
