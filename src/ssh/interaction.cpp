#include "interaction.hpp"

#include <fmt/format.h>

namespace hactl::ssh::detail {

using transport::CommandResult;
using transport::ReadResult;
using transport::Status;

namespace {
constexpr transport::Millis kWriteDeadline{30000};
}

SshInteraction::SshInteraction(SessionPtr session, std::unique_ptr<Channel> channel, std::string label,
                               std::size_t output_limit)
    : m_session(std::move(session)),
      m_channel(std::move(channel)),
      m_label(std::move(label)),
      m_output_limit(output_limit) {}

SshInteraction::~SshInteraction() {
    if (!m_finished && m_channel) abandon(*m_channel);
}

ReadResult SshInteraction::read(transport::Millis wait) {
    ReadResult result;
    if (m_finished) {
        result.eof = true;
        return result;
    }
    const Deadline deadline = Deadline::in(wait);
    // A terminal has one output stream: stderr (empty) goes with stdout. The
    // budget holds for the whole call, so m_pending never outgrows it.
    CappedText out(m_pending, kReadBudget);
    CappedText err(m_pending, kReadBudget);
    for (;;) {
        const DrainResult drained = drain(*m_channel, out, err, kReadBudget - m_pending.size(), deadline);
        if (drained == DrainResult::broken) {
            result.status = Status::transport_error;
            result.data = std::move(m_pending);
            m_pending.clear();
            return result;
        }
        if (!m_pending.empty() || drained == DrainResult::eof) {
            result.data = std::move(m_pending);
            m_pending.clear();
            result.eof = drained == DrainResult::eof;
            return result;
        }
        if (deadline.expired()) return result;
        wait_socket(m_session.get(), deadline.remaining_ms());
    }
}

bool SshInteraction::write(std::string_view text) {
    if (m_finished) return false;
    const Deadline deadline = Deadline::in(kWriteDeadline);
    ssh_channel raw = m_channel->get();
    size_t sent = 0;
    while (sent < text.size()) {
        const int n = ssh_channel_write(raw, text.data() + sent, static_cast<uint32_t>(text.size() - sent));
        if (n == SSH_ERROR) return false;
        sent += static_cast<size_t>(n);
        if (sent < text.size()) {
            if (deadline.expired() || session_broken(m_session.get())) return false;
            wait_socket(m_session.get(), deadline.remaining_ms());
        }
    }
    const int flushed = ssh_blocking_flush(m_session.get(), deadline.remaining_ms());
    return flushed == SSH_OK && !session_broken(m_session.get());
}

CommandResult SshInteraction::finish(transport::Millis deadline_span) {
    CommandResult result;
    if (m_finished) {
        result.status = Status::transport_error;
        result.error = transport::TransportError::channel;
        result.message = "the interaction was already finished";
        return result;
    }
    m_finished = true;
    result.out = std::move(m_pending);
    m_pending.clear();
    ssh_channel raw = m_channel->get();
    if (ssh_channel_is_open(raw) != 0 && ssh_channel_is_eof(raw) == 0) ssh_channel_send_eof(raw);
    const Collected collected = collect(*m_channel, result, Deadline::in(deadline_span), m_output_limit);
    // On a terminal stderr is merged into stdout already; keep it that way.
    result.out += result.err;
    result.err.clear();
    switch (collected.ending) {
        case Ending::done: result.status = Status::ok; break;
        case Ending::timeout:
            abandon(*m_channel);
            result.status = Status::timeout;
            result.message = fmt::format("the interactive command on {} did not end within {} ms", m_label,
                                         deadline_span.count());
            break;
        case Ending::broken:
            result.status = Status::transport_error;
            result.error = transport::TransportError::unreachable;
            result.message = fmt::format("connection to {} lost during the interactive command: {}", m_label,
                                         last_error(m_session.get()));
            break;
    }
    note_truncation(result, collected.out_dropped, collected.err_dropped, m_output_limit);
    return result;
}

}  // namespace hactl::ssh::detail
