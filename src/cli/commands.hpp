#pragma once
/// The subcommands of `hactl`. Each adds itself to the app; when selected, it
/// stores the function that runs it in `action` (which returns the exit code).
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace hactl::cli {

using Action = std::function<int()>;

struct ConnectOptions;

void add_validate_command(CLI::App& app, Action& action);
void add_probe_command(CLI::App& app, Action& action);
void add_plan_command(CLI::App& app, Action& action);
void add_apply_command(CLI::App& app, Action& action);
void add_status_command(CLI::App& app, Action& action);
void add_doctor_command(CLI::App& app, Action& action);
void add_version_command(CLI::App& app, Action& action);

/// "hactl VERSION", as `hactl --version` and `hactl version` print it.
std::string version_line();

/// Adds --accept-new-host-key and --connect-timeout to a command.
void add_connect_options(CLI::App& cmd, ConnectOptions& connect);

}  // namespace hactl::cli
