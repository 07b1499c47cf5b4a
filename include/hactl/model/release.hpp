#pragma once
/// An Alation release compared as YEAR.N (patch level ignored).
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace hactl::model {

struct Release {
    int year = 0;
    int minor = 0;

    auto operator<=>(const Release&) const = default;

    /// Parses "2021.4" or "2021.4.2" (patch ignored). Returns nullopt on anything
    /// else (leading zeros, hostnames, empty parts, trailing text).
    static std::optional<Release> parse(std::string_view text);

    /// "YEAR.N".
    std::string str() const;
};

}  // namespace hactl::model
