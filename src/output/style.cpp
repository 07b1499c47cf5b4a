#include "hactl/output/style.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace hactl::output {

Style Style::detect(std::FILE* stream, bool no_color_flag) {
    if (no_color_flag) return Style(false);
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && no_color[0] != '\0') return Style(false);
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::strcmp(term, "dumb") == 0) return Style(false);
    return Style(isatty(fileno(stream)) == 1);
}

std::string Style::wrap(std::string_view code, std::string_view text) const {
    if (!m_color) return std::string(text);
    std::string out = "\x1b[";
    out += code;
    out += 'm';
    out += text;
    out += "\x1b[0m";
    return out;
}

std::string pad(std::string_view text, std::size_t width) {
    std::string out(text);
    if (out.size() < width) out.append(width - out.size(), ' ');
    return out;
}

}  // namespace hactl::output
