#include <cstdio>
#include <memory>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/output/facts_json.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/status.hpp"
#include "hactl/transport/shell_quote.hpp"
#include "pair_run.hpp"

namespace hactl::cli {

namespace {

struct StatusOptions {
    std::string file;
    bool json = false;
    bool no_color = false;
    ConnectOptions connect;
};

output::PortCheck check_ports(const model::HostSpec& host, transport::Transport& transport) {
    auto r = transport.run(transport::in_alation_shell(host.alation_shell, std::string(contract::port_check_program)),
                           std::chrono::seconds(120));
    output::PortCheck check;
    check.ran = r.status == transport::Status::ok;
    check.ok = r.succeeded();
    check.output = check.ran ? r.out + r.err : r.message;
    while (!check.output.empty() && check.output.back() == '\n') check.output.pop_back();
    return check;
}

int run_status(const StatusOptions& opts) {
    auto run = probe_and_plan(opts.file, opts.connect);
    if (!run.probed) {
        print_load_errors(run);
        return 1;
    }
    const auto& spec = *run.loaded.pair;
    output::StatusReport report{spec, run.observed, run.plan, {}, {}};
    if (run.observed.primary.reachable() && run.observed.secondary.reachable() && !run.plan.refused()) {
        report.ports_primary = check_ports(spec.primary, *run.primary);
        report.ports_secondary = check_ports(spec.secondary, *run.secondary);
    }
    auto health = output::assess(report);
    if (opts.json) {
        fmt::print("{}\n", output::status_to_json(report, health).dump(2));
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
