#pragma once
// What the operator's terminal may receive: valid UTF-8 with no control
// character but newline and tab and, when allowed, hactl's own sequences:
// colours (ESC [ digits m) and the live line's redraw (CR ESC [ 2 K).
#include <string>

namespace hactl::test {

/// Empty when `text` is safe for a terminal; otherwise what is wrong and where.
inline std::string terminal_problem(const std::string& text, bool allow_own = false) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (allow_own && text.compare(i, 5, "\r\x1b[2K") == 0) {
            i += 5;
            continue;
        }
        if (c == 0x1b && allow_own && i + 1 < text.size() && text[i + 1] == '[') {
            std::size_t k = i + 2;
            while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
            if (k > i + 2 && k < text.size() && text[k] == 'm') {
                i = k + 1;
                continue;
            }
        }
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
                return "control byte " + std::to_string(c) + " at " + std::to_string(i);
            }
            ++i;
            continue;
        }
        const std::size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (n == 0 || c > 0xf4 || i + n > text.size()) return "invalid UTF-8 at " + std::to_string(i);
        char32_t cp = c & (0x7f >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xc0) != 0x80) return "invalid UTF-8 at " + std::to_string(i);
            cp = (cp << 6) | (cc & 0x3f);
        }
        const char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return "invalid UTF-8 at " + std::to_string(i);
        }
        if (cp <= 0x9f) return "C1 control at " + std::to_string(i);
        i += n;
    }
    return {};
}

}  // namespace hactl::test
