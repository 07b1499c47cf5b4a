#pragma once
// An interactive command on a pseudo-terminal (stderr merged into the output,
// input echoed back by the terminal).
#include <memory>
#include <string>

#include "channel_io.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::ssh::detail {

class SshInteraction final : public transport::Interaction {
public:
    /// `session` keeps the connection alive for as long as the interaction runs.
    SshInteraction(SessionPtr session, std::unique_ptr<Channel> channel, std::string label);
    ~SshInteraction() override;

    transport::ReadResult read(transport::Millis wait) override;
    bool write(std::string_view text) override;
    transport::CommandResult finish(transport::Millis deadline) override;

private:
    SessionPtr m_session;                // declared first: outlives the channel
    std::unique_ptr<Channel> m_channel;
    std::string m_label;
    std::string m_pending;               // output read by nobody yet
    bool m_finished = false;
};

}  // namespace hactl::ssh::detail
