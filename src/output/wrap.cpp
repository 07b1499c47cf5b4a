#include "hactl/output/wrap.hpp"

#include <algorithm>

namespace hactl::output {

namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The length in bytes of the unit that starts at text[i], which is never cut,
// and its columns: a colour code (ESC [ digits/; m, no column), one of
// printable()'s escapes (\xNN, \uNNNN, \n, \t, \r), a UTF-8 character, or a byte.
struct Unit {
    std::size_t bytes;
    std::size_t columns;
};

Unit unit_at(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t left = text.size() - i;
    if (c == 0x1b && left >= 3 && text[i + 1] == '[') {
        std::size_t k = i + 2;
        while (k < text.size() && ((text[k] >= '0' && text[k] <= '9') || text[k] == ';')) ++k;
        if (k < text.size() && text[k] == 'm') return {k + 1 - i, 0};
    }
    if (c == '\\' && left >= 2) {
        const char e = text[i + 1];
        if (e == 'x' && left >= 4 && is_hex(text[i + 2]) && is_hex(text[i + 3])) return {4, 4};
        if (e == 'u' && left >= 6 && is_hex(text[i + 2]) && is_hex(text[i + 3]) && is_hex(text[i + 4]) &&
            is_hex(text[i + 5])) {
            return {6, 6};
        }
        if (e == 'n' || e == 't' || e == 'r') return {2, 2};
    }
    std::size_t n = 1;
    if (c >= 0xc0) {
        const std::size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        while (n < want && n < left && (static_cast<unsigned char>(text[i + n]) & 0xc0) == 0x80) ++n;
    }
    return {n, 1};
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Greedy wrap of one paragraph (no '\n') into `out`.
void wrap_paragraph(std::string_view text, std::size_t first_width, std::size_t width,
                    std::vector<std::string>& out) {
    std::string line;
    std::size_t used = 0;
    std::size_t limit = first_width;
    bool has_word = false;
    auto next_line = [&] {
        out.push_back(std::move(line));
        line.clear();
        used = 0;
        limit = width;
        has_word = false;
    };
    bool first_token = true;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t space_start = i;
        while (i < text.size() && is_space(text[i])) ++i;
        const std::string_view spaces = text.substr(space_start, i - space_start);
        if (i == text.size()) break;  // trailing spaces are dropped
        const std::size_t word_start = i;
        while (i < text.size() && !is_space(text[i])) i += unit_at(text, i).bytes;
        // A `command` (with its spaces) stays on one line when it fits one: it can be copied whole.
        if (const auto open = text.substr(word_start, i - word_start);
            std::count(open.begin(), open.end(), '`') % 2) {
            if (const auto close = text.find('`', i); close != std::string_view::npos) {
                std::size_t end = close;
                while (end < text.size() && !is_space(text[end])) end += unit_at(text, end).bytes;
                if (display_width(text.substr(word_start, end - word_start)) <= width) i = end;
            }
        }
        const std::string_view word = text.substr(word_start, i - word_start);
        const std::size_t columns = display_width(word);
        if (has_word) {
            if (used + spaces.size() + columns <= limit) {
                line += spaces;
                line += word;
                used += spaces.size() + columns;
                continue;
            }
            next_line();  // the spaces at the break are dropped
        } else if (first_token && spaces.size() + columns <= limit) {
            line += spaces;  // the paragraph's own indentation
            used += spaces.size();
        }
        first_token = false;
        // Too wide after a prefix but not for a whole line: start on the next line rather than cut.
        if (!has_word && used + columns > limit && columns <= width && limit < width) next_line();
        if (used + columns <= limit) {
            line += word;
            used += columns;
            has_word = true;
            continue;
        }
        // Longer than a line: cut between units.
        for (std::size_t k = 0; k < word.size();) {
            const Unit u = unit_at(word, k);
            if ((used > 0 || limit < width) && used + u.columns > limit) next_line();
            line.append(word.substr(k, u.bytes));
            used += u.columns;
            has_word = true;
            k += u.bytes;
        }
    }
    out.push_back(std::move(line));
}

}  // namespace

std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    for (std::size_t i = 0; i < text.size();) {
        const Unit u = unit_at(text, i);
        columns += u.columns;
        i += u.bytes;
    }
    return columns;
}

std::vector<std::string> wrap_lines(std::string_view text, std::size_t width, std::size_t first_width) {
    width = std::max<std::size_t>(width, 1);
    first_width = first_width == 0 ? width : first_width;
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find('\n', start);
        const std::string_view paragraph =
            text.substr(start, end == std::string_view::npos ? end : end - start);
        std::vector<std::string> lines;
        wrap_paragraph(paragraph, out.empty() ? first_width : width, width, lines);
        out.insert(out.end(), lines.begin(), lines.end());
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

std::string hanging(std::string_view prefix, std::string_view text, std::size_t indent, std::size_t width) {
    const std::size_t used = display_width(prefix);
    const std::size_t rest = width > indent ? width - indent : 1;
    const std::size_t first = width > used ? width - used : 1;
    std::string out(prefix);
    const auto lines = wrap_lines(text, rest, first);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            out += '\n';
            if (!lines[i].empty()) out.append(indent, ' ');
        }
        out += lines[i];
    }
    return out;
}

std::string fix_on_own_line(std::string_view message) {
    std::string out;
    out.reserve(message.size());
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == ' ' && message.substr(i + 1, 5) == "Fix: " && i > 0) {
            out += '\n';
            continue;
        }
        out += message[i];
    }
    return out;
}

namespace {

// The column where a line's second field starts: its indentation, a first
// word and the spaces after it; 4 past the indentation when there is no
// second field or it starts beyond column 40.
std::size_t label_indent(std::string_view line) {
    std::size_t i = 0;
    std::size_t column = 0;
    auto skip = [&](bool spaces) {
        while (i < line.size() && (line[i] == ' ') == spaces) {
            const Unit u = unit_at(line, i);
            column += u.columns;
            i += u.bytes;
        }
    };
    skip(true);
    const std::size_t own = column;
    skip(false);
    skip(true);
    if (i == line.size() || column > 40) return own + 4;
    return column;
}

}  // namespace

std::string fit(std::string_view text, std::size_t width) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        const std::string fixed = fix_on_own_line(line);
        if (fixed == line && display_width(line) <= width) {
            out += line;
        } else {
            out += hanging("", fixed, label_indent(line), width);
        }
        if (end < text.size()) out += '\n';
        start = end + 1;
    }
    return out;
}

}  // namespace hactl::output
