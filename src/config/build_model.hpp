#pragma once
// A schema-valid pair file (as JSON) -> the model, defaults filled in. Internal.
#include <nlohmann/json.hpp>

#include "hactl/model/pair.hpp"

namespace hactl::config::detail {

/// The model of `root`, which must already satisfy the schema and semantic
/// rules; every absent optional field takes its value from model/defaults.hpp.
/// Fields of an unexpected type also take the default. Never throws.
model::PairSpec build_pair(const nlohmann::json& root);

}  // namespace hactl::config::detail
