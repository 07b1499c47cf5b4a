#pragma once
// An interactive command on a pseudo-terminal (stderr merged into the output,
// input echoed back by the terminal).
#include <cstddef>
#include <memory>
#include <string>

#include "channel_io.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::ssh::detail {

class SshInteraction final : public transport::Interaction {
public:
    /// `session` keeps the connection alive for as long as the interaction
    /// runs; `output_limit` caps the output `finish` keeps.
    SshInteraction(SessionPtr session, std::unique_ptr<Channel> channel, std::string label,
                   std::size_t output_limit);
    ~SshInteraction() override;

    /// Returns within `wait` (plus one read of the socket) even while output
    /// keeps coming, with at most kReadBudget bytes; the rest waits on the
    /// host, held back by SSH flow control. transport_error when the link broke.
    transport::ReadResult read(transport::Millis wait) override;
    /// False when the link broke or the text could not be sent within 30 s.
    bool write(std::string_view text) override;
    /// Keeps at most `output_limit` bytes of the remaining output (truncated
    /// and a note in message beyond it); timeout when the command did not end
    /// within `deadline`, even while it kept printing.
    transport::CommandResult finish(transport::Millis deadline) override;

    /// The most one read returns.
    static constexpr std::size_t kReadBudget = 1024 * 1024;

private:
    SessionPtr m_session;  // declared first: outlives the channel
    std::unique_ptr<Channel> m_channel;
    std::string m_label;
    std::size_t m_output_limit;
    std::string m_pending;  // output read by nobody yet
    bool m_finished = false;
};

}  // namespace hactl::ssh::detail
