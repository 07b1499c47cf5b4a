#include "scalar.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace hactl::config::detail {

namespace {

bool all_of(std::string_view text, std::string_view allowed, std::size_t from) {
    if (text.size() <= from) return false;
    for (std::size_t i = from; i < text.size(); ++i) {
        if (allowed.find(text[i]) == std::string_view::npos) return false;
    }
    return true;
}

constexpr std::string_view digits = "0123456789";

bool is_decimal_int(std::string_view text) {
    const std::size_t from = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
    return all_of(text, digits, from);
}

bool is_float(std::string_view text) {
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    std::size_t i = 0;
    const auto n = text.size();
    auto count_digits = [&] {
        std::size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        return i - start;
    };
    if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
    if (i < n && text[i] == '.') {
        ++i;
        if (count_digits() == 0) return false;
    } else {
        if (count_digits() == 0) return false;
        if (i < n && text[i] == '.') {
            ++i;
            count_digits();
        }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
        if (count_digits() == 0) return false;
    }
    return i == n;
}

nlohmann::json parse_integer(std::string_view text, int base, std::size_t skip) {
    const std::string body(text.substr(skip));
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(body.c_str(), &end, base);
    if (errno == ERANGE) return std::strtod(std::string(text).c_str(), nullptr);
    return static_cast<std::int64_t>(value);
}

}  // namespace

bool is_null_word(std::string_view text) {
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

nlohmann::json resolve_plain_scalar(std::string_view text) {
    if (is_null_word(text)) return nullptr;
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    if (is_decimal_int(text)) return parse_integer(text, 10, 0);
    if (text.size() > 2 && text[0] == '0' && text[1] == 'x' && all_of(text, "0123456789abcdefABCDEF", 2)) {
        return parse_integer(text, 16, 2);
    }
    if (text.size() > 2 && text[0] == '0' && text[1] == 'o' && all_of(text, "01234567", 2)) {
        return parse_integer(text, 8, 2);
    }
    if (is_float(text)) return std::strtod(std::string(text).c_str(), nullptr);
    const std::string_view unsigned_text = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? text.substr(1) : text;
    if (unsigned_text == ".inf" || unsigned_text == ".Inf" || unsigned_text == ".INF") {
        return text[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    if (text == ".nan" || text == ".NaN" || text == ".NAN") return std::numeric_limits<double>::quiet_NaN();
    return std::string(text);
}

}  // namespace hactl::config::detail
