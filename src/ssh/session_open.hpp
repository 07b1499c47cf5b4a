#pragma once
// Opening an authenticated SSH session: options, connect, host key check, auth.
#include <string>

#include "hactl/ssh/ssh_transport.hpp"
#include "hactl/transport/transport.hpp"
#include "libssh_handles.hpp"

namespace hactl::ssh::detail {

/// A transport_error result of the given kind.
transport::CommandResult failure(transport::TransportError kind, std::string message);

/// "~/x" -> "$HOME/x"; anything else unchanged.
std::string expand_home(const std::string& path);

/// The known_hosts file the options name (default ~/.ssh/known_hosts), expanded.
std::string known_hosts_path(const SshOptions& options);

/// The login user: options.user, else User from the ssh configuration, else
/// the local user name.
std::string effective_user(const SshOptions& options);

/// "user@address:port" with the effective user.
std::string describe(const SshOptions& options);

/// Bounds every blocking libssh call on `session` to `ms` (at least 1 ms).
void set_timeout(ssh_session session, int ms);

/// "kex ..., host key ..., cipher ..." of a connected session.
std::string connection_info(ssh_session session);

struct OpenedSession {
    SessionPtr session;                ///< nullptr on failure
    transport::CommandResult result;   ///< ok, or transport_error with kind and message
};

/// `who` is describe(options), used in messages.
/// Connects, checks the host key (before anything else is sent) and
/// authenticates, all before `deadline`. On success the session is left in
/// non-blocking mode.
OpenedSession open_session(const SshOptions& options, const std::string& who, Deadline deadline);

/// Checks the server's key against known_hosts; adds an unknown key when the
/// options allow it. ok, or host_key_unknown / host_key_changed with the fix.
transport::CommandResult check_host_key(ssh_session session, const SshOptions& options, const std::string& who);

/// Authenticates with the identity file or ssh-agent. ok, auth_failed, or
/// unreachable when the connection broke meanwhile.
transport::CommandResult authenticate(ssh_session session, const SshOptions& options, const std::string& who);

}  // namespace hactl::ssh::detail
