#include "hactl/ssh/ssh_transport.hpp"

#include <mutex>

#include <fmt/format.h>

#include "channel_io.hpp"
#include "interaction.hpp"
#include "session_open.hpp"

namespace hactl::ssh {

using transport::CommandResult;
using transport::Status;
using transport::TransportError;
using namespace detail;

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { ssh_init(); });
}

std::string library_version() {
    const char* version = ssh_version(0);
    return version != nullptr ? version : "unknown";
}

class SshTransport::Impl {
public:
    explicit Impl(SshOptions options) : m_options(std::move(options)), m_label(detail::describe(m_options)) {}

    const std::string& label() const { return m_label; }
    int connections_opened() const { return m_opened; }
    std::string connection_info() const {
        return m_session && !session_broken(m_session.get()) ? detail::connection_info(m_session.get()) : "";
    }
    transport::Millis connect_timeout() const { return m_options.connect_timeout; }

    /// Makes sure a live session exists, opening one before `deadline` (and
    /// within the connect timeout) when needed.
    CommandResult ensure_connected(Deadline deadline) {
        if (m_session && !session_broken(m_session.get())) {
            CommandResult ok;
            ok.exit_code = 0;
            return ok;
        }
        m_session.reset();
        OpenedSession opened =
            open_session(m_options, m_label, deadline.earliest(Deadline::in(m_options.connect_timeout)));
        if (opened.session) {
            m_session = std::move(opened.session);
            ++m_opened;
        }
        return std::move(opened.result);
    }

    /// Opens a channel running `command`. A reused session that turns out
    /// dead before the exec request went out (server restarted, connection
    /// dropped while idle) is replaced once: the command cannot have run on it.
    std::unique_ptr<Channel> open(const std::string& command, bool pty, Deadline deadline, CommandResult& error) {
        bool fresh = !m_session || session_broken(m_session.get());
        error = ensure_connected(deadline);
        if (error.status != Status::ok) return nullptr;
        for (;;) {
            OpenedChannel opened = open_exec(m_session.get(), command, pty, deadline);
            if (opened.failure == OpenFailure::none) return std::move(opened.channel);
            if (opened.failure == OpenFailure::session && !fresh && !opened.command_sent) {
                fresh = true;
                m_session.reset();
                error = ensure_connected(deadline);
                if (error.status != Status::ok) return nullptr;
                continue;
            }
            if (opened.failure == OpenFailure::timeout) {
                error = CommandResult{};
                error.status = Status::timeout;
                error.message = fmt::format("{} did not start the command in time: {}", m_label, opened.message);
            } else if (opened.failure == OpenFailure::session) {
                m_session.reset();
                error = failure(TransportError::unreachable,
                                fmt::format("connection to {} lost: {}", m_label, opened.message));
            } else {
                error = failure(TransportError::channel,
                                fmt::format("cannot run a command on {}: {}", m_label, opened.message));
            }
            return nullptr;
        }
    }

    CommandResult run(const std::string& command, transport::Millis deadline_span) {
        const Deadline deadline = Deadline::in(deadline_span);
        CommandResult result;
        std::unique_ptr<Channel> channel = open(command, false, deadline, result);
        if (!channel) return result;
        result = CommandResult{};
        const Collected collected = collect(*channel, result, deadline, m_options.max_output_bytes);
        switch (collected.ending) {
            case Ending::done: result.status = Status::ok; break;
            case Ending::timeout:
                abandon(*channel);
                result.status = Status::timeout;
                result.message =
                    fmt::format("the command on {} did not end within {} ms", m_label, deadline_span.count());
                break;
            case Ending::broken: {
                const std::string why = last_error(m_session.get());
                channel.reset();
                m_session.reset();  // the next command reconnects
                result.status = Status::transport_error;
                result.error = TransportError::unreachable;
                result.exit_code = -1;
                result.message = fmt::format(
                    "connection to {} lost while the command ran (it may or may not have completed): {}",
                    m_label, why);
                break;
            }
        }
        note_truncation(result, collected.out_dropped, collected.err_dropped, m_options.max_output_bytes);
        return result;
    }

    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command, CommandResult& error) {
        const Deadline deadline = Deadline::in(m_options.connect_timeout);
        std::unique_ptr<Channel> channel = open(command, true, deadline, error);
        if (!channel) return nullptr;
        error = CommandResult{};
        return std::make_unique<SshInteraction>(m_session, std::move(channel), m_label,
                                                m_options.max_output_bytes);
    }

private:
    SshOptions m_options;
    std::string m_label;
    SessionPtr m_session;
    int m_opened = 0;
};

SshTransport::SshTransport(SshOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    global_init();
}

SshTransport::~SshTransport() = default;

CommandResult SshTransport::connect() {
    return m_impl->ensure_connected(Deadline::in(m_impl->connect_timeout()));
}

CommandResult SshTransport::run(const std::string& command, transport::Millis deadline) {
    return m_impl->run(command, deadline);
}

std::unique_ptr<transport::Interaction> SshTransport::start_interactive(const std::string& command,
                                                                        CommandResult& error) {
    return m_impl->start_interactive(command, error);
}

std::string SshTransport::describe() const { return m_impl->label(); }

int SshTransport::connections_opened() const { return m_impl->connections_opened(); }

std::string SshTransport::connection_info() const { return m_impl->connection_info(); }

}  // namespace hactl::ssh
