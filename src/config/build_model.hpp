#pragma once
// A schema-valid pair file (as JSON) -> the model, defaults filled in. Internal.
#include <nlohmann/json.hpp>

#include "hactl/model/pair.hpp"

namespace hactl::config::detail {

/// The model of `root`, which must already satisfy the schema and semantic
/// rules; every absent optional field takes its value from model/defaults.hpp.
/// Fields of an unexpected type also take the default. Never throws.
model::PairSpec build_pair(const nlohmann::json& root);

/// `object[name]`, or a null value when `object` is not an object or has no
/// such member. Never throws.
const nlohmann::json& member(const nlohmann::json& object, const char* name);

}  // namespace hactl::config::detail
