#include "hactl/model/release.hpp"

#include <charconv>

namespace hactl::model {

namespace {
std::optional<int> parse_number(std::string_view part, std::size_t max_digits) {
    if (part.empty() || part.size() > max_digits) return std::nullopt;
    if (part.size() > 1 && part.front() == '0') return std::nullopt;
    for (char c : part) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    int value = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || ptr != part.data() + part.size()) return std::nullopt;
    return value;
}
}  // namespace

std::optional<Release> Release::parse(std::string_view text) {
    const auto first_dot = text.find('.');
    if (first_dot == std::string_view::npos) return std::nullopt;
    const auto year = text.substr(0, first_dot);
    auto rest = text.substr(first_dot + 1);
    const auto second_dot = rest.find('.');
    const auto minor = rest.substr(0, second_dot);
    if (second_dot != std::string_view::npos && !parse_number(rest.substr(second_dot + 1), 9)) {
        return std::nullopt;
    }
    auto y = parse_number(year, 4);
    auto n = parse_number(minor, 3);
    if (!y || !n || year.size() != 4) return std::nullopt;
    return Release{*y, *n};
}

std::string Release::str() const { return std::to_string(year) + "." + std::to_string(minor); }

}  // namespace hactl::model
