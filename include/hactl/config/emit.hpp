#pragma once
/// Writing a pair model back as a pair file.
#include <string>

#include "hactl/model/pair.hpp"

namespace hactl::config {

/// A complete pair file (every field explicit, defaults included) that loads
/// back to a model equal to `pair`, provided `pair` itself is valid. Never fails.
std::string to_yaml(const model::PairSpec& pair);

}  // namespace hactl::config
