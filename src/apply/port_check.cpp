#include "hactl/apply/port_check.hpp"

#include "hactl/contract/host_contract.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

std::string port_check_command() {
    return std::string(contract::port_check_program);
}

PortCheck port_check_result(const transport::CommandResult& result) {
    PortCheck check;
    check.ran = result.status == transport::Status::ok;
    check.ok = result.succeeded();
    check.output = check.ran ? result.out + result.err : result.message;
    while (!check.output.empty() && check.output.back() == '\n') check.output.pop_back();
    return check;
}

PortCheck check_ports(const model::HostSpec& host, transport::Transport& transport) {
    return port_check_result(transport.run(
        transport::in_alation_shell(host.alation_shell, port_check_command()), port_check_deadline));
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
