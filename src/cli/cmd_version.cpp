#include <fmt/core.h>

#include "commands.hpp"

namespace hactl::cli {

void add_version_command(CLI::App& app, Action& action) {
    auto* cmd = app.add_subcommand("version", "Print hactl's version");
    cmd->callback([&action] {
        action = [] {
            fmt::print("hactl {}\n", HACTL_VERSION);
            return 0;
        };
    });
}

}  // namespace hactl::cli
