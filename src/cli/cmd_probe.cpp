#include <cstdio>
#include <memory>

#include <fmt/core.h>

#include "commands.hpp"
#include "hactl/output/facts_json.hpp"
#include "pair_run.hpp"

namespace hactl::cli {

namespace {

struct ProbeOptions {
    std::string file;
    bool json = false;
    bool no_color = false;
    ConnectOptions connect;
};

int run_probe(const ProbeOptions& opts) {
    auto run = probe_and_plan(opts.file, opts.connect);
    if (!run.probed) {
        print_load_errors(run);
        return 1;
    }
    if (opts.json) {
        fmt::print("{}\n", output::facts_json(run.observed));
    } else {
        fmt::print("{}", output::render_facts(run.observed, output::Style::detect(stdout, opts.no_color)));
    }
    return run.observed.primary.reachable() && run.observed.secondary.reachable() ? 0 : 1;
}

}  // namespace

void add_probe_command(CLI::App& app, Action& action) {
    auto opts = std::make_shared<ProbeOptions>();
    auto* cmd = app.add_subcommand("probe", "Print the raw facts hactl reads from both hosts (changes nothing)");
    cmd->add_option("PAIR.yaml", opts->file, "Pair file")->required();
    cmd->add_flag("--json", opts->json, "Print the facts as JSON (format hactl.facts/v1)");
    cmd->add_flag("--no-color", opts->no_color, "No colour");
    add_connect_options(*cmd, opts->connect);
    cmd->footer(
        "Run it first against a real host to see what hactl sees:\n"
        "  hactl probe pair.yaml\n"
        "A fact shown as (unknown) could not be read; the reason is listed below it.");
    cmd->callback([&action, opts] { action = [opts] { return run_probe(*opts); }; });
}

}  // namespace hactl::cli
