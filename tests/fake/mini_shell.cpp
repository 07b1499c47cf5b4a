#include "mini_shell.hpp"

namespace hactl::fake {

namespace {

struct Token {
    bool is_op = false;
    std::string text;
    bool quoted = false;  ///< any part was quoted (redirections are only unquoted)
};

bool tokenize(std::string_view s, std::vector<Token>& tokens, std::string& error) {
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        if (c == ';' || c == '\n') {
            tokens.push_back({true, ";", false});
            ++i;
            continue;
        }
        if (c == '&' && i + 1 < s.size() && s[i + 1] == '&') {
            tokens.push_back({true, "&&", false});
            i += 2;
            continue;
        }
        if (c == '|') {
            if (i + 1 < s.size() && s[i + 1] == '|') {
                tokens.push_back({true, "||", false});
                i += 2;
                continue;
            }
            error = "pipes are not modelled";
            return false;
        }
        if (c == '#') break;  // comment to end of line
        Token word;
        while (i < s.size()) {
            c = s[i];
            if (c == ' ' || c == '\t' || c == ';' || c == '\n' || c == '|' || (c == '&' && i + 1 < s.size() && s[i + 1] == '&')) {
                break;
            }
            if (c == '\'') {
                const auto close = s.find('\'', i + 1);
                if (close == std::string_view::npos) {
                    error = "unterminated single quote";
                    return false;
                }
                word.text.append(s.substr(i + 1, close - i - 1));
                word.quoted = true;
                i = close + 1;
            } else if (c == '"') {
                word.quoted = true;
                ++i;
                bool closed = false;
                while (i < s.size()) {
                    if (s[i] == '"') {
                        closed = true;
                        ++i;
                        break;
                    }
                    if (s[i] == '\\' && i + 1 < s.size() && std::string_view("\"\\$`\n").find(s[i + 1]) != std::string_view::npos) {
                        word.text += s[i + 1];
                        i += 2;
                        continue;
                    }
                    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '?') {
                        word.text.append(status_marker);
                        i += 2;
                        continue;
                    }
                    word.text += s[i++];
                }
                if (!closed) {
                    error = "unterminated double quote";
                    return false;
                }
            } else if (c == '\\') {
                if (i + 1 < s.size()) word.text += s[i + 1];
                i += 2;
            } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '?') {
                word.text.append(status_marker);
                i += 2;
            } else {
                word.text += c;
                ++i;
            }
        }
        tokens.push_back(std::move(word));
    }
    return true;
}

}  // namespace

bool parse_command_list(std::string_view line, std::vector<ListItem>& out, std::string& error) {
    std::vector<Token> tokens;
    if (!tokenize(line, tokens, error)) return false;
    std::string pending_op;
    ListItem current;
    bool have = false;
    auto flush = [&]() {
        if (have) out.push_back(std::move(current));
        current = ListItem{};
        have = false;
    };
    for (auto& t : tokens) {
        if (t.is_op) {
            if (!have) {
                if (t.text == ";") continue;  // empty command (blank line)
                error = "operator '" + t.text + "' without a command";
                return false;
            }
            flush();
            pending_op = t.text;
            continue;
        }
        if (!have) {
            current.op = out.empty() ? "" : pending_op;
            have = true;
        }
        if (!t.quoted && (t.text.starts_with("<") || t.text.starts_with(">") || t.text.starts_with("2>") ||
                          t.text.starts_with("1>"))) {
            if (t.text == "2>/dev/null") {
                current.command.discard_err = true;
            } else if (t.text == ">/dev/null" || t.text == "1>/dev/null") {
                current.command.discard_out = true;
            } else if (t.text == "2>&1") {
                current.command.err_to_out = true;
            } else if (t.text != "</dev/null") {
                error = "redirection '" + t.text + "' is not modelled";
                return false;
            }
            continue;
        }
        current.command.words.push_back(std::move(t.text));
    }
    flush();
    return true;
}

bool quotes_closed(std::string_view text) {
    char open = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (open == '\'') {
            if (c == '\'') open = 0;
        } else if (c == '\\') {
            ++i;  // an escaped character, outside quotes or in double quotes
        } else if (open == '"') {
            if (c == '"') open = 0;
        } else if (c == '\'' || c == '"') {
            open = c;
        } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
            break;  // a comment
        }
    }
    return open == 0;
}

bool split_words(std::string_view line, std::vector<std::string>& words) {
    std::vector<Token> tokens;
    std::string error;
    if (!tokenize(line, tokens, error)) return false;
    for (auto& t : tokens) words.push_back(t.is_op ? t.text : std::move(t.text));
    return true;
}

}  // namespace hactl::fake
