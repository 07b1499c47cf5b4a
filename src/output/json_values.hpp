#pragma once
// The JSON documents of the output layer as values, for its own sources. The
// public headers hand out JSON text only (output/plan_json.hpp, facts_json.hpp,
// status.hpp), so that nlohmann_json stays out of include/hactl.
#include <nlohmann/json.hpp>

#include "hactl/facts/facts.hpp"
#include "hactl/output/plan_json.hpp"

namespace hactl::output {

/// `value` as JSON text; bytes that are not UTF-8 (a host's output) become
/// U+FFFD instead of throwing. `indent` < 0: one line.
std::string json_text(const nlohmann::json& value, int indent = -1);

/// Every fact of one host; unknown facts are null, with the reason under "unknown".
nlohmann::json host_facts_to_json(const facts::HostFacts& host);

/// {"format": ..., "primary": {...}, "secondary": {...}}.
nlohmann::json pair_facts_to_json(const facts::PairFacts& pair);

/// The plan, its origin and the hosts' headline facts as one JSON document.
nlohmann::json plan_to_json(const PlanDocument& document);

}  // namespace hactl::output
