#pragma once
// Text helpers internal to the config layer.
#include <optional>
#include <string>
#include <string_view>

#include "hactl/config/diagnostic.hpp"

namespace hactl::config::detail {

/// The first reason `bytes` is not YAML text we accept (NUL bytes, UTF-16/32,
/// invalid UTF-8, control characters), located; nullopt when it is fine.
std::optional<Diagnostic> check_text(std::string_view bytes);

/// True when line `line` (1-based) of `text` has a tab in its indentation.
bool line_indented_with_tab(std::string_view text, int line);

}  // namespace hactl::config::detail

namespace hactl::config {

/// `text` made safe and short for a message: control characters escaped, cut
/// after 60 characters with "...".
std::string display_text(std::string_view text);

}  // namespace hactl::config
