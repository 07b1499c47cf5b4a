#pragma once
// Channels on a non-blocking libssh session, with deadlines: open + exec,
// read both streams, wait for the exit status.
#include <libssh/callbacks.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "hactl/transport/transport.hpp"
#include "libssh_handles.hpp"
#include "output_cap.hpp"

namespace hactl::ssh::detail {

/// True when the session's connection is gone (closed, reset, protocol error).
bool session_broken(ssh_session session);

/// Waits at most `ms` (and at most 100 ms) for the session's socket to become
/// readable, or writable when libssh has output pending.
void wait_socket(ssh_session session, int ms);

/// An open channel plus what libssh reports through callbacks.
class Channel {
public:
    explicit Channel(ssh_session session);
    /// Unregisters the callbacks: libssh keeps a channel closed on our side
    /// until the server closes it too, and still reports on it meanwhile.
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    ssh_channel get() const { return m_channel.get(); }
    ssh_session session() const { return m_session; }
    /// The signal that ended the command ("TERM"), empty when none.
    const std::string& exit_signal() const { return m_exit_signal; }

private:
    static void on_exit_signal(ssh_session, ssh_channel, const char* signal, int core, const char* errmsg,
                               const char* lang, void* userdata);

    ssh_session m_session;
    ChannelPtr m_channel;
    ssh_channel_callbacks_struct m_callbacks{};
    std::string m_exit_signal;
};

enum class OpenFailure { none, session, channel, timeout };

struct OpenedChannel {
    std::unique_ptr<Channel> channel;  ///< set when failure == none
    OpenFailure failure = OpenFailure::none;
    std::string message;
    /// The exec request went out: the command may have started, so a failed
    /// open must not be retried on another connection.
    bool command_sent = false;
};

/// Opens a session channel (with a pseudo-terminal when `pty`) and starts
/// `command` in it, before `deadline`.
OpenedChannel open_exec(ssh_session session, const std::string& command, bool pty, Deadline deadline);

enum class DrainResult { ok, more, eof, broken };

/// Appends what has already arrived on stdout to `out` and on stderr to `err`,
/// without waiting for more. Reads at most `budget` bytes and stops when
/// `deadline` passed, so that a command that prints without end cannot hold
/// the caller: more when it stopped for either with output still waiting;
/// ok when nothing more has arrived; eof when the command closed its output
/// and all of it has been read; broken when the channel or session failed.
DrainResult drain(Channel& channel, CappedText& out, CappedText& err, std::size_t budget, Deadline deadline);

enum class Ending { done, timeout, broken };

/// How `collect` ended, and how much output the cap dropped.
struct Collected {
    Ending ending = Ending::done;
    std::uint64_t out_dropped = 0;  ///< bytes of stdout read and dropped at the cap
    std::uint64_t err_dropped = 0;  ///< bytes of stderr read and dropped at the cap
};

/// Reads both streams until end of output, then waits for the exit status,
/// all before `deadline`, even while output keeps coming (then: timeout).
/// `result.out` and `result.err` each keep at most `limit` bytes; the rest is
/// read and dropped, so the command is never blocked by a full window. On
/// done, `result` holds the exit code (128+N for a command killed by signal
/// N, 255 when the server sent no status).
Collected collect(Channel& channel, transport::CommandResult& result, Deadline deadline, std::size_t limit);

/// Gives up on a running command: sends SIGTERM to its process group and
/// closes the channel (waits at most 200 ms for the link to take both).
void abandon(Channel& channel);

}  // namespace hactl::ssh::detail
