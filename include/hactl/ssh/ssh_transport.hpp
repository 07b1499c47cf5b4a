#pragma once
/// The real Transport: OpenSSH-compatible SSH through libssh. This header does
/// not include libssh; everything libssh-specific stays in src/ssh.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "hactl/transport/transport.hpp"

namespace hactl::ssh {

/// How to reach one host. Paths may start with "~/" (the user's home).
struct SshOptions {
    std::string address;  ///< IPv4 address or host name
    int port = 22;
    std::string user;  ///< empty: User from the ssh configuration, else the local user name
    /// Private key to authenticate with; when absent, ssh-agent and the
    /// default identities (~/.ssh/id_ed25519, ... and ~/.ssh/config IdentityFile).
    std::optional<std::string> identity_file;
    /// The file of trusted host keys; default ~/.ssh/known_hosts.
    std::optional<std::string> known_hosts_file;
    /// Adds the key of a host NOT in known_hosts (trust on first use).
    /// A key that differs from a known one is refused all the same.
    bool accept_new_host_key = false;
    /// Bound on TCP connect, key exchange and authentication together.
    std::chrono::milliseconds connect_timeout{10000};
    /// Honour ~/.ssh/config and /etc/ssh/ssh_config: ProxyJump, IdentityFile,
    /// User when `user` is empty, algorithms... The address, port, identity
    /// file and known_hosts file given here win over the configuration.
    bool read_ssh_config = true;
    /// Read this file instead of ~/.ssh/config and /etc/ssh/ssh_config
    /// (only when read_ssh_config).
    std::optional<std::string> ssh_config_file;
    /// The output kept of one command, for stdout and for stderr EACH (so at
    /// most twice this per command): beyond it the rest is read and dropped,
    /// never left to block the command, and the result says so (truncated,
    /// message). Default 16 MiB.
    std::size_t max_output_bytes = std::size_t{16} * 1024 * 1024;
};

/// Initialises libssh once per process; safe to call from any thread, any
/// number of times. SshTransport calls it itself.
void global_init();

/// The version of the libssh this process runs with (ssh_version(0)), e.g.
/// "0.10.6/openssl/zlib".
std::string library_version();

/// One SSH connection to one host, opened on first use and reused for every
/// command (one channel per command). Dropped connections are reopened once
/// on the next command.
///
/// Thread safety: one SshTransport must be used by one thread at a time;
/// different SshTransports may be used in parallel.
///
/// Interactive commands run on a pseudo-terminal: their stderr arrives merged
/// into the output, and what is written to them is echoed back by the
/// terminal. Interaction::read returns within its wait even while output
/// keeps coming, with at most 1 MiB: the rest waits on the host, held back by
/// SSH flow control; finish() keeps at most max_output_bytes. An Interaction
/// must not outlive the SshTransport that made it.
class SshTransport final : public transport::Transport {
public:
    explicit SshTransport(SshOptions options);
    ~SshTransport() override;
    SshTransport(const SshTransport&) = delete;
    SshTransport& operator=(const SshTransport&) = delete;

    /// Connects now: TCP, key exchange, host key check against known_hosts,
    /// authentication. Does nothing when already connected. On failure returns
    /// status transport_error with the TransportError kind and a message that
    /// names the fix; on success status ok (message says when a new host key
    /// was added to known_hosts).
    transport::CommandResult connect();

    /// Runs `command` in a new channel (connecting first when needed). On
    /// timeout (also when the command is still printing at the deadline) the
    /// command is sent SIGTERM, the channel closed and the result has status
    /// timeout with the output gathered so far. Output beyond
    /// max_output_bytes per stream is dropped: truncated is set and message
    /// says how much. A connection lost while the command ran gives
    /// transport_error / unreachable.
    transport::CommandResult run(const std::string& command, transport::Millis deadline) override;

    /// Starts `command` on a pseudo-terminal. Returns nullptr and fills `error`
    /// when the host cannot be reached or the channel cannot be opened.
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override;

    /// "user@address:port".
    std::string describe() const override;

    /// How many SSH connections this transport has opened so far (for tests
    /// and diagnostics).
    int connections_opened() const;

    /// The algorithms of the current connection, e.g. "kex curve25519-sha256,
    /// host key ssh-ed25519, cipher chacha20-poly1305@openssh.com"; empty when
    /// not connected.
    std::string connection_info() const;

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hactl::ssh
