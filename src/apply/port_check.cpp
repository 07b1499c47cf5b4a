#include "hactl/apply/port_check.hpp"

#include "hactl/contract/host_contract.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

std::string port_check_command() {
    return std::string(contract::port_check_program);
}

namespace {

/// True when a line of `out` reads `HOST:PORT open` for this port.
bool reported_open(const std::string& out, int port) {
    const std::string wanted = ":" + std::to_string(port) + " " + std::string(contract::port_open);
    std::size_t start = 0;
    while (start < out.size()) {
        std::size_t end = out.find('\n', start);
        if (end == std::string::npos) end = out.size();
        std::string line = out.substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.size() >= wanted.size() && line.compare(line.size() - wanted.size(), wanted.size(), wanted) == 0) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

/// True when some line of `out` names this port (open or closed).
bool reported(const std::string& out, int port) {
    const std::string name = ":" + std::to_string(port) + " ";
    return out.find(name) != std::string::npos;
}

}  // namespace

PortCheck port_check_result(const transport::CommandResult& result, const std::vector<int>& ha_ports) {
    PortCheck check;
    check.ran = result.status == transport::Status::ok;
    check.ok = result.succeeded();
    check.output = check.ran ? result.out + result.err : result.message;
    while (!check.output.empty() && check.output.back() == '\n') check.output.pop_back();
    if (check.ok) {
        for (const int port : ha_ports) {
            if (reported_open(result.out, port)) continue;
            check.ok = false;
            if (!reported(result.out, port)) {
                check.output += (check.output.empty() ? "" : "\n") + std::to_string(port) + " not checked";
            }
        }
    }
    return check;
}

PortCheck check_ports(const model::HostSpec& host, transport::Transport& transport, const std::vector<int>& ha_ports) {
    return port_check_result(transport.run(transport::in_alation_shell(host.alation_shell, port_check_command()),
                                           port_check_deadline),
                             ha_ports);
}

std::string one_line(const PortCheck& check) {
    std::string line;
    for (char c : check.output) {
        if (c == '\n') {
            line += ", ";
        } else {
            line += c;
        }
    }
    return line;
}

}  // namespace hactl::apply
