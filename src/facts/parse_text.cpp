// Line handling shared by the parsers, and the alation_conf read format.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::facts {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}
}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (end == text.size()) {
            if (!line.empty()) lines.push_back(line);
            break;
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::vector<std::string_view> split_fields(std::string_view line, bool quotes) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        const auto start = i;
        bool quoted = false;
        while (i < line.size() && (quoted || (line[i] != ' ' && line[i] != '\t'))) {
            if (quotes && line[i] == '"') quoted = !quoted;
            ++i;
        }
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

Parsed<std::string> parse_conf_value(std::string_view output, std::string_view key) {
    for (auto line : split_lines(output)) {
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        if (trim(line.substr(0, eq)) != key) continue;
        return Parsed<std::string>::ok(std::string(trim(line.substr(eq + 1))));
    }
    std::string shown(trim(output).substr(0, 80));
    return Parsed<std::string>::fail("no line '" + std::string(key) + " = VALUE' in alation_conf output" +
                                     (shown.empty() ? std::string(" (empty)") : ": '" + shown + "'"));
}

Parsed<bool> parse_conf_bool(std::string_view value) {
    const auto v = trim(value);
    if (iequals(v, contract::word_true)) return Parsed<bool>::ok(true);
    if (iequals(v, contract::word_false)) return Parsed<bool>::ok(false);
    return Parsed<bool>::fail("'" + std::string(v) + "' is not " + std::string(contract::word_true) + " or " +
                              std::string(contract::word_false));
}

Parsed<int> parse_conf_int(std::string_view value) {
    const auto v = trim(value);
    int out = 0;
    const char* first = v.data();
    const char* last = v.data() + v.size();
    if (!v.empty() && v.front() == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, out);
    if (v.empty() || ec != std::errc{} || ptr != last) {
        return Parsed<int>::fail("'" + std::string(v) + "' is not an integer");
    }
    return Parsed<int>::ok(out);
}

std::vector<std::string> parse_conf_list(std::string_view value) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= value.size()) {
        auto end = value.find(',', start);
        if (end == std::string_view::npos) end = value.size();
        auto item = trim(value.substr(start, end - start));
        if (!item.empty()) items.emplace_back(item);
        start = end + 1;
    }
    return items;
}

Parsed<std::string> parse_release_file(std::string_view content, const contract::HostProfile& profile) {
    const std::string& release_key = profile.release_key;
    for (auto line : split_lines(content)) {
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        if (trim(line.substr(0, eq)) != release_key) continue;
        auto v = trim(line.substr(eq + 1));
        if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
            const auto close = v.find(v.front(), 1);
            if (close == std::string_view::npos) {
                return Parsed<std::string>::fail("unterminated quote in " + release_key);
            }
            v = v.substr(1, close - 1);
        } else if (const auto hash = v.find('#'); hash != std::string_view::npos) {
            v = v.substr(0, hash);  // a Python comment after an unquoted value
        }
        v = trim(v);
        if (v.empty()) return Parsed<std::string>::fail(release_key + " is empty");
        return Parsed<std::string>::ok(std::string(v));
    }
    return Parsed<std::string>::fail("no " + release_key + " line in " + profile.release_file);
}

}  // namespace hactl::facts
