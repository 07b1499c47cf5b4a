#pragma once
/// A very small POSIX-shell reader for the fake host: enough of the language to
/// run the command lines hactl sends (quoted words, `;`, `&&`, `||`, `$?`, and
/// redirections to /dev/null), so that the fake answers what a real shell
/// would, without a shell.
#include <string>
#include <string_view>
#include <vector>

namespace hactl::fake {

/// One simple command: its words (quotes removed) and redirections.
struct SimpleCommand {
    std::vector<std::string> words;  ///< "$?" unquoted or in double quotes is kept as the marker "\x01?"
    bool discard_out = false;        ///< >/dev/null
    bool discard_err = false;        ///< 2>/dev/null
    bool err_to_out = false;         ///< 2>&1
};

/// A command and the operator that connects it to the one before: "" for the
/// first, ";", "&&" or "||".
struct ListItem {
    std::string op;
    SimpleCommand command;
};

/// Parses one line into its list. Returns false with `error` on syntax the
/// fake does not model (pipes, unterminated quotes, other redirections).
bool parse_command_list(std::string_view line, std::vector<ListItem>& out, std::string& error);

/// Splits a line into words as a shell would (quotes removed, no operators).
/// Returns false on an unterminated quote.
bool split_words(std::string_view line, std::vector<std::string>& words);

/// True when every quote opened in `text` is closed (a line that ends inside a
/// quote continues on the next one).
bool quotes_closed(std::string_view text);

/// The marker that stands for `$?` in a parsed word.
inline constexpr std::string_view status_marker = "\x01?";

}  // namespace hactl::fake
