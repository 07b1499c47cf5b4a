#pragma once
/// The subcommands of `hactl`. Each adds itself to the app; when selected, it
/// stores the function that runs it in `action` (which returns the exit code).
#include <functional>

#include <CLI/CLI.hpp>

namespace hactl::cli {

using Action = std::function<int()>;

void add_validate_command(CLI::App& app, Action& action);
void add_version_command(CLI::App& app, Action& action);

}  // namespace hactl::cli
