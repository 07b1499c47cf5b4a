#pragma once
/// Terminal styling: colour only on a terminal, never when NO_COLOR is set.
#include <cstdio>
#include <string>
#include <string_view>

namespace hactl::output {

class Style {
public:
    explicit Style(bool color = false) : m_color(color) {}

    /// Colour when `stream` is a terminal, NO_COLOR is unset or empty, TERM is
    /// not "dumb" and `no_color_flag` is false.
    static Style detect(std::FILE* stream, bool no_color_flag);

    bool color() const { return m_color; }
    std::string bold(std::string_view text) const { return wrap("1", text); }
    std::string dim(std::string_view text) const { return wrap("2", text); }
    std::string red(std::string_view text) const { return wrap("31", text); }
    std::string green(std::string_view text) const { return wrap("32", text); }
    std::string yellow(std::string_view text) const { return wrap("33", text); }
    std::string cyan(std::string_view text) const { return wrap("36", text); }

private:
    std::string wrap(std::string_view code, std::string_view text) const;
    bool m_color;
};

/// Pads `text` with spaces to `width` display columns (ASCII; longer text is kept whole).
std::string pad(std::string_view text, std::size_t width);

}  // namespace hactl::output
