#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.hpp"
#include "hactl/output/printable.hpp"
#include "pair_run.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "hactl: declarative setup of an Alation Data Catalog high-availability pair.\n"
        "Describe the pair in one YAML file; hactl probes both hosts over SSH,\n"
        "plans the vendor's setup steps still needed, and applies exactly those.",
        "hactl"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", hactl::cli::version_line(), "Print hactl's version and exit");
    app.footer(
        "Typical use:\n"
        "  hactl validate pair.yaml && hactl plan pair.yaml && hactl apply pair.yaml\n"
        "Exit codes: 0 success / no changes; 1 error or refusal (nothing changed);\n"
        "            2 changes pending (plan --detailed-exitcode), stopped before a destructive\n"
        "              step (apply) or pair degraded (status);\n"
        "            3 in progress (apply --wait): jobs still running on the hosts; the lock is\n"
        "              released; apply again to continue. 130 apply interrupted.\n"
        "Run `hactl COMMAND --help` for a command's options and an example.");

    hactl::cli::Action action;
    hactl::cli::add_validate_command(app, action);
    hactl::cli::add_probe_command(app, action);
    hactl::cli::add_plan_command(app, action);
    hactl::cli::add_apply_command(app, action);
    hactl::cli::add_status_command(app, action);
    hactl::cli::add_doctor_command(app, action);
    hactl::cli::add_version_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 1;
    }
    try {
        if (!action) {
            fmt::print(stderr, "{}", app.help());
            return 1;
        }
        return action();
    } catch (const std::exception& e) {
        hactl::cli::print_error(std::string("hactl: internal error: ") + hactl::output::printable(e.what()));
        return 1;
    }
}
