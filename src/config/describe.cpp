#include "describe.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>

#include "text_util.hpp"

namespace hactl::config::detail {

std::vector<std::string> pointer_segments(const std::string& pointer) {
    std::vector<std::string> segments;
    std::size_t pos = 0;
    while (pos < pointer.size()) {
        const std::size_t next = pointer.find('/', pos + 1);
        std::string raw = pointer.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
        std::string segment;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size()) {
                segment += raw[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                segment += raw[i];
            }
        }
        segments.push_back(std::move(segment));
        if (next == std::string::npos) break;
        pos = next;
    }
    return segments;
}

std::string field_name(const std::string& pointer) {
    if (pointer.empty()) return "the top level";
    std::string name;
    for (const auto& segment : pointer_segments(pointer)) {
        const bool index = !segment.empty() && std::all_of(segment.begin(), segment.end(),
                                                          [](unsigned char c) { return std::isdigit(c); });
        if (index) {
            name += "[" + segment + "]";
        } else {
            if (!name.empty()) name += ".";
            name += display_text(segment);
        }
    }
    return name;
}

std::string describe_found(const nlohmann::json& value, std::string_view written) {
    switch (value.type()) {
        case nlohmann::json::value_t::null:
            return "an empty value";
        case nlohmann::json::value_t::boolean:
            return fmt::format("{} (a boolean)", value.get<bool>() ? "true" : "false");
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float:
            return fmt::format("{} (a number)", written.empty() ? value.dump() : display_text(written));
        case nlohmann::json::value_t::string: {
            const auto& text = value.get_ref<const std::string&>();
            return text.empty() ? "an empty string" : fmt::format("\"{}\"", display_text(text));
        }
        case nlohmann::json::value_t::object:
            return "a mapping";
        case nlohmann::json::value_t::array:
            return "a list";
        default:
            return "an unreadable value";
    }
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.size() > 64) return "";
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace hactl::config::detail
