#pragma once
/// Word wrap for human output, by display columns: hactl's plan, apply and
/// status lines and its error messages fit `k_columns`.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hactl::output {

/// The width every human line of hactl fits.
inline constexpr std::size_t k_columns = 100;

/// Display columns of `text`: one per UTF-8 code point (a byte that is not
/// valid UTF-8 counts one); hactl's colour codes (ESC [ digits ; m) count none.
std::size_t display_width(std::string_view text);

/// `text` broken at spaces into lines of at most `width` columns (the first
/// line at most `first_width`, when given). A line break in `text` is kept; the
/// spaces at a break are dropped, other spacing kept. A word longer than a line
/// is cut, never inside a UTF-8 character, a colour code or one of
/// printable()'s escapes (`\x1b`, `\u009b`, `\n`). No line ends in a newline.
/// Never fails.
std::vector<std::string> wrap_lines(std::string_view text, std::size_t width, std::size_t first_width = 0);

/// `prefix` then `text`, wrapped to `width` columns with every line after the
/// first indented by `indent` spaces; lines joined by '\n', no final newline.
/// `prefix`'s columns count on the first line. Never fails.
std::string hanging(std::string_view prefix, std::string_view text, std::size_t indent,
                    std::size_t width = k_columns);

/// A message with each "Fix: ..." sentence moved to a line of its own (the
/// line break replaces the space before it). Never fails.
std::string fix_on_own_line(std::string_view message);

/// Every line of `text` that is wider than `width` or holds a "Fix:" sentence,
/// wrapped (fix_on_own_line, then hanging) with its later lines indented to the
/// line's second field: "  job         ..." continues under column 14,
/// "  - ..." under column 4 (at most 40; else 4 past the line's own indent).
/// Other lines are kept byte for byte. Never fails.
std::string fit(std::string_view text, std::size_t width = k_columns);

}  // namespace hactl::output
