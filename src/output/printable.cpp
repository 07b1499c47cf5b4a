#include "hactl/output/printable.hpp"

#include <fmt/core.h>

namespace hactl::output {

namespace {

// The length of the valid UTF-8 sequence starting at text[i] (1-4), or 0 when
// the byte there does not start one (a stray continuation byte, an overlong
// form, a surrogate, a code point above U+10FFFF or a truncated sequence).
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;
    if (lead < 0x80) return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        n = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        n = 3;
        if (lead == 0xe0) lo = 0xa0;  // overlong
        if (lead == 0xed) hi = 0x9f;  // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        n = 4;
        if (lead == 0xf0) lo = 0x90;  // overlong
        if (lead == 0xf4) hi = 0x8f;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
    }
    return n;
}

std::string escape(std::string_view text, bool keep_line_breaks) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += fmt::format("\\x{:02x}", c);
            ++i;
            continue;
        }
        if (n == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));  // C1 control
        } else if (n > 1 || (c >= 0x20 && c != 0x7f)) {
            out.append(text.substr(i, n));
        } else if (c == '\n') {
            out += keep_line_breaks ? "\n" : "\\n";
        } else if (c == '\t') {
            out += keep_line_breaks ? "\t" : "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out += fmt::format("\\x{:02x}", c);
        }
        i += n;
    }
    return out;
}

}  // namespace

std::string printable(std::string_view text) {
    return escape(text, true);
}

std::string printable_line(std::string_view text) {
    return escape(text, false);
}

}  // namespace hactl::output
