#pragma once
// A Transport that runs commands with this machine's /bin/sh: real processes
// and real files, for testing the scripts hactl sends to hosts without SSH.
#include <string>
#include <vector>

#include "hactl/transport/transport.hpp"

namespace hactl::test {

class LocalTransport : public transport::Transport {
public:
    /// `env`: "NAME=VALUE" entries set for every command, over this process's
    /// environment (e.g. a PATH that puts stub commands first).
    explicit LocalTransport(std::vector<std::string> env = {}) : m_env(std::move(env)) {}
    transport::CommandResult run(const std::string& command, transport::Millis deadline) override;
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override;
    std::string describe() const override { return "local"; }
    int commands_run = 0;

private:
    std::vector<std::string> m_env;
};

}  // namespace hactl::test
