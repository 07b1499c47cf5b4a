#pragma once
// A child process run to its end, or killed when it outlives a generous
// bound (which only guards against hanging forever), with its peak memory.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace hactl::ssh::test {

struct ChildResult {
    int exit_code = -1;     ///< -1 when it did not exit normally
    bool killed = false;    ///< it outlived the bound and was killed
    std::string out;        ///< its stdout
    long peak_rss_kb = -1;  ///< ru_maxrss from wait4
    double elapsed_ms = 0;
};

/// Runs `argv` with `extra_env` ("NAME=value") added to the environment and
/// stdout captured; kills it after `give_up`. Throws when it cannot start.
ChildResult run_child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                      std::chrono::milliseconds give_up);

/// The key=value lines of `text`, by key.
std::map<std::string, std::string> key_values(const std::string& text);

}  // namespace hactl::ssh::test
