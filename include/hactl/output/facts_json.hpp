#pragma once
/// The raw facts of a host as hactl sees them (`hactl probe`).
#include <string>

#include <nlohmann/json.hpp>

#include "hactl/facts/facts.hpp"
#include "hactl/output/style.hpp"

namespace hactl::output {

inline constexpr const char* facts_format = "hactl.facts/v1";

/// Every fact of one host; unknown facts are null, with the reason under "unknown".
nlohmann::json host_facts_to_json(const facts::HostFacts& host);

/// {"format": ..., "primary": {...}, "secondary": {...}}.
nlohmann::json pair_facts_to_json(const facts::PairFacts& pair);

/// The same facts as aligned "name  value" lines per host.
std::string render_facts(const facts::PairFacts& pair, const Style& style);

}  // namespace hactl::output
