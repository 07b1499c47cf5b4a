#pragma once
/// Durations as an operator writes them on the command line: "90s", "45m",
/// "72h", "3d", "500ms", or several such parts added together ("1h30m").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hactl::model {

/// The longest duration accepted: 10 years (far from any overflow).
inline constexpr std::chrono::milliseconds max_duration{10LL * 366 * 24 * 3600 * 1000};

/// Parses one or more NUMBER UNIT parts (units ms, s, m, h, d; whole numbers).
/// Returns nullopt and sets `error` (when given) on anything else: an empty
/// text, a number without a unit, an unknown unit, more than max_duration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string* error = nullptr);

/// `duration` as parse_duration reads it back, largest unit first: "3d",
/// "1h30m", "1m30s", "1s500ms"; "0s" for zero and (never failing) for negatives.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace hactl::model
