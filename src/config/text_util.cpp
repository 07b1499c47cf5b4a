#include "text_util.hpp"

#include <fmt/core.h>

namespace hactl::config::detail {

namespace {

/// Length of the UTF-8 sequence starting at bytes[i], or 0 if invalid.
std::size_t utf8_length(std::string_view bytes, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, min = 0x80, cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, min = 0x800, cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + len > bytes.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

}  // namespace

std::optional<Diagnostic> check_text(std::string_view bytes) {
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
        return Diagnostic{"", 0, 0, "file is UTF-16 or UTF-32 encoded; save it as UTF-8"};
    }
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte == 0) {
            return Diagnostic{"", line, column, "file is binary (NUL byte); expected YAML text"};
        }
        const std::size_t len = utf8_length(bytes, i);
        if (len == 0) {
            return Diagnostic{"", line, column,
                              fmt::format("file is not valid UTF-8 (byte 0x{:02X}); save it as UTF-8", byte)};
        }
        if (byte == '\n') {
            ++line;
            column = 1;
        } else {
            if ((byte < 0x20 && byte != '\t' && byte != '\r') || byte == 0x7F) {
                return Diagnostic{"", line, column,
                                  fmt::format("control character 0x{:02X} is not allowed in YAML text", byte)};
            }
            ++column;
        }
        i += len;
    }
    return std::nullopt;
}

bool line_indented_with_tab(std::string_view text, int line) {
    std::size_t start = 0;
    for (int l = 1; l < line; ++l) {
        start = text.find('\n', start);
        if (start == std::string_view::npos) return false;
        ++start;
    }
    for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
        if (text[i] == '\t') return true;
    }
    return false;
}

}  // namespace hactl::config::detail

namespace hactl::config {

std::string display_text(std::string_view text) {
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (shown == 60 && (c & 0xC0) != 0x80) {
            out += "...";
            break;
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
        } else {
            out += static_cast<char>(c);
        }
        if ((c & 0xC0) != 0x80) ++shown;
    }
    return out;
}

}  // namespace hactl::config
