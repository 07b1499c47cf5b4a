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

/// `text` with each run of spaces and line breaks made one space: a message
/// read as one line, however hactl wrapped it to fit 100 columns.
inline std::string unwrapped(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n';
        if (space && !out.empty() && out.back() == ' ') continue;
        out += space ? ' ' : c;
    }
    return out;
}

/// The first line of `text` wider than 100 columns (UTF-8 code points), or "".
inline std::string too_wide(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::size_t columns = 0;
        for (std::size_t i = start; i < end; ++i)
            columns += (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
        if (columns > 100) return text.substr(start, end - start);
        start = end + 1;
    }
    return {};
}

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
