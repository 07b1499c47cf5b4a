#pragma once
/// replication_port_check (contract section 4): the one definition of how it
/// runs and what its result means, for apply's verification and `hactl status`.
#include <string>
#include <vector>

#include "hactl/model/pair.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::apply {

/// How long the check may take on one host.
inline constexpr transport::Millis port_check_deadline{120000};

/// replication_port_check's result on one host.
struct PortCheck {
    bool ran = false;    ///< false: it could not be run (link, timeout)
    bool ok = false;     ///< it ran, exited 0 and found every HA port of the profile open
    std::string output;  ///< its stdout and stderr, or why it could not run; no final newlines
};

/// The command line to run in the host's Alation shell (to be wrapped by
/// transport::in_alation_shell).
std::string port_check_command();

/// What a run of port_check_command() says, `ha_ports` the profile's HA ports
/// (HostProfile::ha_ports): ok when it exited 0 and printed `HOST:PORT open`
/// for each of them; a port it did not report is added to `output`
/// ("PORT not checked"). Never fails.
PortCheck port_check_result(const transport::CommandResult& result, const std::vector<int>& ha_ports);

/// Runs the check on `host` through its Alation shell wrapper, `ha_ports` as
/// above. A transport failure is returned as ran = false with its message.
/// Never throws.
PortCheck check_ports(const model::HostSpec& host, transport::Transport& transport, const std::vector<int>& ha_ports);

/// The output on one line: "22 open, 5432 open" (newlines become ", ").
std::string one_line(const PortCheck& check);

}  // namespace hactl::apply
