#include "hactl/apply/host_op.hpp"

#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

namespace {
constexpr std::string_view k_prefix = ": hactl-op ";
}

std::string host_op_line(const HostOp& op) {
    std::string line(k_prefix);
    line += op.name;
    for (const auto& arg : op.args) line += " " + transport::shell_quote(arg);
    return line + "\n";
}

std::optional<HostOp> parse_host_op(std::string_view script) {
    if (script.substr(0, k_prefix.size()) != k_prefix) return std::nullopt;
    auto line = script.substr(k_prefix.size(), script.find('\n') - k_prefix.size());
    HostOp op;
    auto space = line.find(' ');
    op.name = std::string(line.substr(0, space));
    if (op.name.empty()) return std::nullopt;
    std::size_t i = space == std::string_view::npos ? line.size() : space;
    // Arguments are single-quoted words, with ' written as '\'' inside.
    while (i < line.size()) {
        if (line[i] == ' ') {
            ++i;
            continue;
        }
        std::string arg;
        while (i < line.size() && line[i] != ' ') {
            if (line[i] == '\'') {
                auto close = line.find('\'', i + 1);
                if (close == std::string_view::npos) return std::nullopt;
                arg += line.substr(i + 1, close - i - 1);
                i = close + 1;
            } else if (line[i] == '\\' && i + 1 < line.size()) {
                arg += line[i + 1];
                i += 2;
            } else {
                return std::nullopt;  // unquoted text: not written by host_op_line
            }
        }
        op.args.push_back(std::move(arg));
    }
    return op;
}

}  // namespace hactl::apply
