// df -P -B1 output (contract section 2, [assumed] format).
#include <charconv>

#include "hactl/facts/parse.hpp"

namespace hactl::facts {

Parsed<std::vector<std::uint64_t>> parse_df_sizes(std::string_view output, std::size_t expected_lines) {
    using Result = Parsed<std::vector<std::uint64_t>>;
    std::vector<std::uint64_t> sizes;
    bool header_seen = false;
    for (auto raw : split_lines(output)) {
        const auto line = trim(raw);
        if (line.empty()) continue;
        const auto f = split_fields(line);
        if (!header_seen && !f.empty() && f[0] == "Filesystem") {
            header_seen = true;
            continue;
        }
        if (f.size() < 2) return Result::fail("df line without a size column: '" + std::string(line) + "'");
        std::uint64_t bytes = 0;
        const auto col = f[1];
        auto [ptr, ec] = std::from_chars(col.data(), col.data() + col.size(), bytes);
        if (ec != std::errc{} || ptr != col.data() + col.size()) {
            return Result::fail("df size '" + std::string(col) + "' is not a number of bytes");
        }
        sizes.push_back(bytes);
    }
    if (sizes.size() != expected_lines) {
        return Result::fail("df printed " + std::to_string(sizes.size()) + " data lines, expected " +
                            std::to_string(expected_lines));
    }
    return Result::ok(std::move(sizes));
}

}  // namespace hactl::facts
