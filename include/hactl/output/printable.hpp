#pragma once
/// Text from a host made safe for a terminal. A host's output (an action's log,
/// an alation_conf value, a command's stderr) may carry escape sequences that
/// would retitle, clear or rewrite the operator's terminal; every human
/// rendering passes such text through `printable` first. JSON output escapes on
/// its own and does not use it.
#include <string>
#include <string_view>

namespace hactl::output {

/// `text` with every control character shown as a visible escape: C0 controls
/// other than newline and tab (ESC -> `\x1b`, CR -> `\r`), DEL (`\x7f`), C1
/// controls (U+0080-U+009F -> `\u0085`) and each byte that is not part of valid
/// UTF-8 (`\xff`). Valid UTF-8 text, newlines and tabs are kept as they are; a
/// backslash is not escaped, so the function is idempotent. Never fails.
std::string printable(std::string_view text);

/// printable(text) on one line: newlines and tabs shown as `\n` and `\t` too
/// (for progress lines and one-line summaries). Never fails.
std::string printable_line(std::string_view text);

}  // namespace hactl::output
