#include <fmt/core.h>

#include "commands.hpp"

namespace hactl::cli {

void add_validate_command(CLI::App& app, Action& action) {
    auto* cmd = app.add_subcommand("validate", "Check pair files against the schema and semantic rules (no network)");
    cmd->callback([&action] {
        action = [] {
            fmt::print(stderr, "hactl validate: not built yet\n");
            return 1;
        };
    });
}

}  // namespace hactl::cli
