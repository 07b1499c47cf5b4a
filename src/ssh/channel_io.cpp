#include "channel_io.hpp"

#include <poll.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>

#include <fmt/format.h>

namespace hactl::ssh::detail {

namespace {

constexpr int kSliceMs = 100;
constexpr int kFlushMs = 200;
constexpr int kPtyColumns = 200;
constexpr int kPtyRows = 50;
constexpr std::size_t kReadBytes = 65536;
constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

int signal_number(const std::string& name) {
    static constexpr std::array<std::pair<const char*, int>, 15> kSignals{{
        {"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"ILL", 4}, {"TRAP", 5}, {"ABRT", 6}, {"BUS", 7}, {"FPE", 8},
        {"KILL", 9}, {"USR1", 10}, {"SEGV", 11}, {"USR2", 12}, {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15},
    }};
    for (const auto& [signal, number] : kSignals) {
        if (name == signal) return number;
    }
    return 127;  // 128 + 127 = 255, what ssh reports for an unknown end
}

}  // namespace

bool session_broken(ssh_session session) {
    return ssh_is_connected(session) == 0 || (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
}

void wait_socket(ssh_session session, int ms) {
    ms = std::clamp(ms, 0, kSliceMs);
    const socket_t fd = ssh_get_fd(session);
    if (fd < 0) return;
    pollfd entry{};
    entry.fd = fd;
    entry.events = POLLIN;
    if ((ssh_get_poll_flags(session) & SSH_WRITE_PENDING) != 0) entry.events |= POLLOUT;
    ::poll(&entry, 1, ms);
}

Channel::Channel(ssh_session session) : m_session(session), m_channel(ssh_channel_new(session)) {
    if (!m_channel) return;
    ssh_callbacks_init(&m_callbacks);
    m_callbacks.userdata = this;
    m_callbacks.channel_exit_signal_function = &Channel::on_exit_signal;
    ssh_set_channel_callbacks(m_channel.get(), &m_callbacks);
}

Channel::~Channel() {
    // Without this, the server's late exit-signal for an abandoned command
    // lands in freed memory, often the next command's Channel.
    if (m_channel) ssh_remove_channel_callbacks(m_channel.get(), &m_callbacks);
}

void Channel::on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*,
                             void* userdata) {
    auto* self = static_cast<Channel*>(userdata);
    self->m_exit_signal = signal != nullptr ? signal : "?";
}

OpenedChannel open_exec(ssh_session session, const std::string& command, bool pty, Deadline deadline) {
    OpenedChannel opened;
    bool command_sent = false;
    auto fail = [&](OpenFailure kind, std::string message) {
        // A broken session explains any failure better than the channel does.
        if (kind == OpenFailure::channel && session_broken(session)) kind = OpenFailure::session;
        opened.channel.reset();
        opened.failure = kind;
        opened.command_sent = command_sent;
        opened.message = std::move(message);
        return std::move(opened);
    };
    if (session_broken(session)) return fail(OpenFailure::session, "the connection is closed");
    auto channel = std::make_unique<Channel>(session);
    if (channel->get() == nullptr) return fail(OpenFailure::session, "cannot allocate a channel");

    // In non-blocking mode each call returns SSH_AGAIN until the server answered.
    auto step = [&](auto&& call, const char* what) -> std::pair<bool, OpenedChannel> {
        int rc = SSH_AGAIN;
        while ((rc = call()) == SSH_AGAIN) {
            if (deadline.expired()) {
                return {false, fail(OpenFailure::timeout, fmt::format("no answer to {} in time", what))};
            }
            wait_socket(session, deadline.remaining_ms());
        }
        if (rc != SSH_OK) {
            return {false, fail(OpenFailure::channel, fmt::format("{} failed: {}", what, last_error(session)))};
        }
        return {true, OpenedChannel{}};
    };
    ssh_channel raw = channel->get();
    if (auto [ok, failed] = step([&] { return ssh_channel_open_session(raw); }, "opening a channel"); !ok) {
        return std::move(failed);
    }
    if (pty) {
        auto [ok, failed] = step([&] { return ssh_channel_request_pty_size(raw, "dumb", kPtyColumns, kPtyRows); },
                                 "requesting a terminal");
        if (!ok) return std::move(failed);
    }
    command_sent = true;
    if (auto [ok, failed] = step([&] { return ssh_channel_request_exec(raw, command.c_str()); },
                                 "starting the command");
        !ok) {
        return std::move(failed);
    }
    opened.channel = std::move(channel);
    return opened;
}

DrainResult drain(Channel& channel, CappedText& out, CappedText& err, std::size_t budget, Deadline deadline) {
    std::array<char, kReadBytes> buffer;
    ssh_channel raw = channel.get();
    std::size_t read = 0;
    // One pass at least, even past the deadline: what has arrived is taken.
    for (bool progress = true, first = true; progress; first = false) {
        if (!first && deadline.expired()) return DrainResult::more;
        progress = false;
        for (int is_stderr = 0; is_stderr <= 1; ++is_stderr) {
            if (read >= budget) return DrainResult::more;
            const auto wanted = static_cast<uint32_t>(std::min(buffer.size(), budget - read));
            const int n = ssh_channel_read_nonblocking(raw, buffer.data(), wanted, is_stderr);
            if (n > 0) {
                (is_stderr != 0 ? err : out).append(buffer.data(), static_cast<size_t>(n));
                read += static_cast<size_t>(n);
                progress = true;
            } else if (n == SSH_ERROR) {
                if (session_broken(channel.session())) return DrainResult::broken;
                if (ssh_channel_is_closed(raw) != 0) return DrainResult::eof;
                return DrainResult::broken;
            }
        }
    }
    if (ssh_channel_is_eof(raw) != 0 || ssh_channel_is_closed(raw) != 0) return DrainResult::eof;
    if (session_broken(channel.session())) return DrainResult::broken;
    return DrainResult::ok;
}

Collected collect(Channel& channel, transport::CommandResult& result, Deadline deadline, std::size_t limit) {
    ssh_session session = channel.session();
    CappedText out(result.out, limit);
    CappedText err(result.err, limit);
    auto ended = [&](Ending ending) { return Collected{ending, out.dropped(), err.dropped()}; };
    for (;;) {
        const DrainResult drained = drain(channel, out, err, kUnlimited, deadline);
        if (drained == DrainResult::broken) return ended(Ending::broken);
        if (drained == DrainResult::eof) break;
        if (deadline.expired()) return ended(Ending::timeout);
        if (drained == DrainResult::ok) wait_socket(session, deadline.remaining_ms());
    }
    for (;;) {
        // Non-blocking: handles what has arrived, -1 while no status is known.
        const int status = ssh_channel_get_exit_status(channel.get());
        if (status >= 0) {
            result.exit_code = status;
            return ended(Ending::done);
        }
        if (!channel.exit_signal().empty()) {
            result.exit_code = 128 + signal_number(channel.exit_signal());
            result.message = fmt::format("the command was killed by signal {}", channel.exit_signal());
            return ended(Ending::done);
        }
        if (session_broken(session)) return ended(Ending::broken);
        if (ssh_channel_is_closed(channel.get()) != 0) {
            result.exit_code = 255;
            result.message = "the command ended without reporting an exit status";
            return ended(Ending::done);
        }
        if (deadline.expired()) return ended(Ending::timeout);
        wait_socket(session, deadline.remaining_ms());
    }
}

void abandon(Channel& channel) {
    ssh_channel raw = channel.get();
    if (raw == nullptr || ssh_channel_is_open(raw) == 0 || session_broken(channel.session())) return;
    ssh_channel_request_send_signal(raw, "TERM");
    ssh_channel_close(raw);
    // Non-blocking sends may sit in libssh's buffer until the next poll: push
    // them out now, or the command would keep running until the next command.
    ssh_blocking_flush(channel.session(), kFlushMs);
}

}  // namespace hactl::ssh::detail
