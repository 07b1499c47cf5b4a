#pragma once
// A simulated pair (tests/sim/pair) for one test: up in the constructor, down
// in the destructor, so a failing test still tears its pair down.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hactl::test {

struct Shell {
    int exit_code = -1;
    std::string out;
};

/// How many of `commands` contain `needle` (e.g. an action's name).
int count(const std::vector<std::string>& commands, const std::string& needle);

/// Runs a /bin/sh command line, capturing stdout (stderr passes through).
Shell sh(const std::string& command);

class SimPair {
public:
    /// `args` are extra options of `pair up` (e.g. {"--release", "2020.3"}). Without `--login`
    /// in them, the login is $HACTL_IT_LOGIN, or alationops (an ordinary user with sudo) when
    /// that is unset. up() is false when `pair up` failed.
    explicit SimPair(const std::vector<std::string>& args = {});
    ~SimPair();
    SimPair(const SimPair&) = delete;
    SimPair& operator=(const SimPair&) = delete;

    bool up() const { return m_up; }
    const std::string& dir() const { return m_dir; }
    /// The user hactl and ssh() log in as ("root" or an ordinary user).
    const std::string& login() const { return m_login; }
    std::string pair_file() const { return m_dir + "/pair.yaml"; }
    /// `pair state DIR` as JSON.
    nlohmann::json state() const;
    /// `pair fault DIR NODE KIND ARGS...`; returns its exit code.
    int fault(const std::string& node, const std::string& kind, const std::vector<std::string>& args = {}) const;
    /// `pair reboot DIR NODE`: the node's jobs are killed, its boot id changes,
    /// its services come back, its disks are kept. Returns the exit code.
    int reboot(const std::string& node) const;
    /// Commands run in `node`'s Alation shell that change something
    /// (alation_action, alation_conf -s, replication_helper).
    static std::vector<std::string> changing_commands(const nlohmann::json& state, const std::string& node);
    /// Runs a host command on a node over OpenSSH as login() (as an operator would by hand);
    /// exit_code 255 when ssh fails. Prefix `sudo -n` for what needs root.
    Shell ssh(const std::string& node, const std::string& command) const;
    /// Runs SQL on a node's real PostgreSQL; returns psql's unaligned output.
    Shell sql(const std::string& node, const std::string& statement) const;

private:
    std::string m_dir;
    std::string m_login;
    bool m_up = false;
};

}  // namespace hactl::test
