#pragma once
// Wording shared by the schema and semantic checks, internal to the config layer.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hactl::config::detail {

/// "spec.primary.ssh" for "/spec/primary/ssh"; "the top level" for "".
std::string field_name(const std::string& pointer);

/// The unescaped segments of a JSON pointer.
std::vector<std::string> pointer_segments(const std::string& pointer);

/// What was found, for "found ...": "\"text\"", "2023.3 (a number)", "an empty value", "a mapping".
/// `written` is the scalar as written in the file (used for numbers).
std::string describe_found(const nlohmann::json& value, std::string_view written);

/// The closest of `candidates` to `word` (edit distance <= 2 or same letters
/// ignoring case), or empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hactl::config::detail
