#pragma once
/// The one seam between hactl and the outside world: run a command on a host.
/// `SshTransport` (libssh, in the ssh adapter) is the real one; tests use an
/// in-memory fake host. Nothing above this header includes libssh.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace hactl::transport {

using Millis = std::chrono::milliseconds;

/// How a command ended. A non-zero exit code is `ok`: it is data, not an error.
enum class Status { ok, transport_error, timeout };

/// Why a host could not be reached or used. `none` when status is not transport_error.
enum class TransportError {
    none,
    unreachable,       ///< connect failed or timed out, connection dropped
    host_key_unknown,  ///< the server's key is not in known_hosts
    host_key_changed,  ///< the server's key differs from known_hosts: never accepted
    auth_failed,       ///< no identity was accepted
    channel,           ///< the session is up but a channel or exec failed
};

/// "unreachable", "host key unknown", ...
const char* to_string(TransportError error);

struct CommandResult {
    Status status = Status::ok;
    int exit_code = -1;  ///< meaningful only when status == ok
    std::string out;
    std::string err;
    TransportError error = TransportError::none;
    std::string message;  ///< human explanation of a transport error or timeout, or of a truncation
    /// Output beyond the transport's cap was read and dropped: `out` and/or
    /// `err` hold only their first bytes, and `message` says how many were dropped.
    bool truncated = false;

    /// True when the command ran and exited 0.
    bool succeeded() const { return status == Status::ok && exit_code == 0; }
};

/// Output read from an interactive command.
struct ReadResult {
    Status status = Status::ok;  ///< transport_error when the link broke
    std::string data;            ///< empty when nothing arrived within the wait
    bool eof = false;            ///< the command closed its output
};

/// A running interactive command (on a terminal when the transport has one).
class Interaction {
public:
    virtual ~Interaction() = default;
    /// Waits at most `wait` for output; returns what arrived (possibly nothing).
    virtual ReadResult read(Millis wait) = 0;
    /// Sends text to the command's input. Returns false when the link is broken.
    virtual bool write(std::string_view text) = 0;
    /// Closes input and waits at most `deadline` for the exit status;
    /// the result's out holds whatever output was not read yet.
    virtual CommandResult finish(Millis deadline) = 0;
};

class Transport {
public:
    virtual ~Transport() = default;

    /// Runs `command` through the host's login shell and waits at most `deadline`.
    /// Never throws for remote failures: they are in the result.
    virtual CommandResult run(const std::string& command, Millis deadline) = 0;

    /// Starts `command` interactively. On failure returns nullptr and fills `error`.
    virtual std::unique_ptr<Interaction> start_interactive(const std::string& command,
                                                           CommandResult& error) = 0;

    /// A label for messages, e.g. "alationops@10.0.0.1:22".
    virtual std::string describe() const = 0;
};

}  // namespace hactl::transport
