#include <cstdio>
#include <memory>

#include <fmt/core.h>

#include "commands.hpp"
#include "hactl/apply/port_check.hpp"
#include "hactl/output/status.hpp"
#include "pair_run.hpp"

namespace hactl::cli {

namespace {

struct StatusOptions {
    std::string file;
    bool json = false;
    bool no_color = false;
    ConnectOptions connect;
};

int run_status(const StatusOptions& opts) {
    auto run = probe_and_plan(opts.file, opts.connect);
    if (!run.probed) {
        print_load_errors(run);
        return 1;
    }
    const auto& spec = *run.loaded.pair;
    output::StatusReport report{spec, run.observed, run.plan, {}, {}};
    if (run.observed.primary.reachable() && run.observed.secondary.reachable() && !run.plan.refused()) {
        report.ports_primary = apply::check_ports(spec.primary, *run.primary, spec.profile.ha_ports);
        report.ports_secondary = apply::check_ports(spec.secondary, *run.secondary, spec.profile.ha_ports);
    }
    auto health = output::assess(report);
    if (opts.json) {
        fmt::print("{}\n", output::status_json(report, health));
    } else {
        fmt::print("{}", output::render_status(report, health, output::Style::detect(stdout, opts.no_color)));
    }
    switch (health.level) {
        case output::Health::Level::healthy: return 0;
        case output::Health::Level::degraded: return 2;
        case output::Health::Level::error: return 1;
    }
    return 1;
}

}  // namespace

void add_status_command(CLI::App& app, Action& action) {
    auto opts = std::make_shared<StatusOptions>();
    auto* cmd = app.add_subcommand("status", "Show roles, replication lags, ports, running jobs and the lock");
    cmd->add_option("PAIR.yaml", opts->file, "Pair file")->required();
    cmd->add_flag("--json", opts->json, "Print the status as JSON (format hactl.status/v1)");
    cmd->add_flag("--no-color", opts->no_color, "No colour");
    add_connect_options(*cmd, opts->connect);
    cmd->footer(
        "Exit: 0 healthy, 2 degraded (lag unknown, port closed, job failed, steps pending), 1 error.\n"
        "Example: hactl status pair.yaml || alert");
    cmd->callback([&action, opts] { action = [opts] { return run_status(*opts); }; });
}

}  // namespace hactl::cli
