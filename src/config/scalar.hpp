#pragma once
// Resolution of plain YAML scalars (YAML 1.2 core schema), internal to the config layer.
#include <string_view>

#include <nlohmann/json.hpp>

namespace hactl::config::detail {

/// The JSON value a plain (unquoted, untagged) scalar stands for: null, a
/// boolean, an integer (a float when out of int64 range), a float, or the string.
nlohmann::json resolve_plain_scalar(std::string_view text);

/// True for the words YAML 1.2 reads as null in plain scalars (~, null, Null, NULL, empty).
bool is_null_word(std::string_view text);

}  // namespace hactl::config::detail
