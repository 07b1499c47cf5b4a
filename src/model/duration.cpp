#include "hactl/model/duration.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace hactl::model {

namespace {

using std::chrono::milliseconds;

struct Unit {
    std::string_view name;
    std::int64_t ms;
};

// Longest name first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 5> k_units = {
    {{"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 3600 * 1000}, {"d", 24 * 3600 * 1000}}};

bool fail(std::string* error, std::string message) {
    if (error != nullptr) *error = std::move(message);
    return false;
}

}  // namespace

std::optional<milliseconds> parse_duration(std::string_view text, std::string* error) {
    const std::string quoted = "\"" + std::string(text) + "\"";
    if (text.empty()) {
        fail(error, "a duration is needed, e.g. 90s, 45m, 72h or 3d");
        return std::nullopt;
    }
    std::int64_t total = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::int64_t number = 0;
        const std::size_t digits_at = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            number = number * 10 + (text[pos] - '0');
            if (number > max_duration.count()) {
                fail(error, quoted + " is longer than the longest duration accepted (" +
                                format_duration(max_duration) + ")");
                return std::nullopt;
            }
            ++pos;
        }
        if (pos == digits_at) {
            fail(error, quoted + " is not a duration: expected a whole number at \"" +
                            std::string(text.substr(pos)) + "\" (e.g. 90s, 45m, 72h, 3d)");
            return std::nullopt;
        }
        const Unit* unit = nullptr;
        for (const auto& u : k_units) {
            if (text.substr(pos, u.name.size()) == u.name) {
                unit = &u;
                break;
            }
        }
        if (unit == nullptr) {
            fail(error, quoted +
                            " is not a duration: each number needs a unit, ms, s, m, h or d (e.g. 90s, 45m, "
                            "72h, 3d)");
            return std::nullopt;
        }
        pos += unit->name.size();
        // number <= max_duration, so number * unit->ms stays far below 2^63.
        if (number > (max_duration.count() - total) / unit->ms) {
            fail(error, quoted + " is longer than the longest duration accepted (" +
                            format_duration(max_duration) + ")");
            return std::nullopt;
        }
        total += number * unit->ms;
    }
    return milliseconds(total);
}

std::string format_duration(milliseconds duration) {
    std::int64_t left = duration.count();
    if (left <= 0) return "0s";
    std::string text;
    for (auto it = k_units.rbegin(); it != k_units.rend(); ++it) {
        if (left >= it->ms) {
            text += std::to_string(left / it->ms) + std::string(it->name);
            left %= it->ms;
        }
    }
    return text;
}

}  // namespace hactl::model
