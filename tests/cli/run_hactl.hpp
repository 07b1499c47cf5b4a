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

}  // namespace hactl::test
