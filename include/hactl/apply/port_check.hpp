#pragma once
/// replication_port_check (contract section 4): the one definition of how it
/// runs and what its result means, for apply's verification and `hactl status`.
#include <string>

#include "hactl/model/pair.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::apply {

/// How long the check may take on one host.
inline constexpr transport::Millis port_check_deadline{120000};

/// replication_port_check's result on one host.
struct PortCheck {
    bool ran = false;    ///< false: it could not be run (link, timeout)
    bool ok = false;     ///< it ran and exited 0
    std::string output;  ///< its stdout and stderr, or why it could not run; no final newlines
};

/// The command line to run in the host's Alation shell (to be wrapped by
/// transport::in_alation_shell).
std::string port_check_command();

/// What a run of port_check_command() says. Never fails.
PortCheck port_check_result(const transport::CommandResult& result);

/// Runs the check on `host` through its Alation shell wrapper. A transport
/// failure is returned as ran = false with its message. Never throws.
PortCheck check_ports(const model::HostSpec& host, transport::Transport& transport);

/// The output on one line: "22 open, 5432 open" (newlines become ", ").
std::string one_line(const PortCheck& check);

}  // namespace hactl::apply
