#pragma once
/// The raw facts of a host as hactl sees them (`hactl probe`).
#include <string>

#include "hactl/facts/facts.hpp"
#include "hactl/output/style.hpp"

namespace hactl::output {

inline constexpr const char* facts_format = "hactl.facts/v1";

/// {"format": ..., "primary": {...}, "secondary": {...}} as JSON text (indent 2,
/// no final newline); a host's bytes that are not UTF-8 become U+FFFD. Never fails.
std::string facts_json(const facts::PairFacts& pair);

/// The same facts as aligned "name  value" lines per host, host text passed
/// through printable(). Never fails.
std::string render_facts(const facts::PairFacts& pair, const Style& style);

}  // namespace hactl::output
