#pragma once
// Runs the built hactl binary as a child process and captures what it did.
#include <string>
#include <vector>

namespace hactl::test {

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs HACTL_BINARY with `args`, stdin from /dev/null, extra `env` entries
/// ("NAME=value") added to the environment.
Run run_hactl(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// Runs `count` hactl processes with the same `args`, started at the same
/// instant: each is forked, says it is ready, and blocks on a gate that opens
/// for all of them at once (a pipe whose write end is closed). Returns each
/// one's result, in start order.
std::vector<Run> run_hactl_together(int count, const std::vector<std::string>& args);

}  // namespace hactl::test

namespace hactl::test {

/// hactl running in the background, its stdout read line by line.
class Spawned {
public:
    explicit Spawned(const std::vector<std::string>& args);
    ~Spawned();
    Spawned(const Spawned&) = delete;
    Spawned& operator=(const Spawned&) = delete;

    /// Reads stdout lines until one contains `needle` (returns true) or the
    /// output ends / `seconds` pass (returns false). Lines read are kept in out().
    bool wait_for_line(const std::string& needle, int seconds);
    /// SIGKILL, as if the machine running hactl died.
    void kill_hard();
    /// Sends `signal` (e.g. SIGINT, as Ctrl-C does).
    void send(int signal);
    /// Waits for the exit; returns the exit code (128+signal when killed).
    int wait();
    const std::string& out() const { return m_out; }

private:
    int m_pid = -1;
    int m_fd = -1;
    std::string m_out;
    std::string m_pending;
    int m_status = -1;
};

}  // namespace hactl::test
