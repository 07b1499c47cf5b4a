#pragma once
// The semantic rules (hactl/config/rules.hpp) applied to a parsed pair file.
// Private to config: the document is a JSON value, which stays out of the
// public headers.
#include <vector>

#include <nlohmann/json.hpp>

#include "hactl/config/finding.hpp"

namespace hactl::config {

/// Applies the rules to a parsed pair file (any shape: values of the wrong
/// type are left to the schema). Never throws; returns no findings for a good file.
std::vector<Finding> check_semantics(const nlohmann::json& root);

/// The rules of a host profile file (paths, names, JSON pointers, ports).
std::vector<Finding> check_profile_semantics(const nlohmann::json& root);

}  // namespace hactl::config
