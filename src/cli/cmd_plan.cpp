#include <cstdio>
#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "commands.hpp"
#include "hactl/output/plan_json.hpp"
#include "hactl/output/plan_markdown.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/printable.hpp"
#include "pair_run.hpp"
#include "write_file.hpp"

namespace hactl::cli {

namespace {

struct PlanOptions {
    std::vector<std::string> files;
    std::string out_file;
    bool json = false;
    std::string format = "text";  ///< text, markdown or json
    bool detailed_exitcode = false;
    bool no_color = false;
    ConnectOptions connect;
};

output::PlanOrigin origin_of(const PairRun& run) {
    return {absolute_path(run.file), run.loaded.digest, output::utc_now(), run.loaded.profile_digest};
}

int run_plan(PlanOptions opts) {
    if (opts.json && opts.format != "json" && opts.format != "text") {
        print_error(
            fmt::format("hactl plan: --json and --format {} ask for two formats; give one", opts.format));
        return 1;
    }
    if (opts.json) opts.format = "json";
    const bool json = opts.format == "json";
    const bool markdown = opts.format == "markdown";
    if (!opts.out_file.empty() && opts.files.size() != 1) {
        print_error(
            fmt::format("hactl plan: -o saves the plan of ONE pair file; {} were given", opts.files.size()));
        return 1;
    }
    auto runs = probe_and_plan_all(opts.files, opts.connect);
    auto style = output::Style::detect(stdout, opts.no_color);
    bool error = false;
    bool changes = false;
    std::vector<output::PlanDocument> documents;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        if (!run.probed) {
            print_load_errors(run);
            error = true;
            continue;
        }
        const auto& spec = *run.loaded.pair;
        error = error || run.plan.refused();
        changes = changes || run.plan.has_changes();
        output::PlanDocument doc{spec, run.observed, run.plan, origin_of(run)};
        if (!opts.out_file.empty()) {
            std::string why;
            if (!write_file_atomically(opts.out_file, output::plan_json(doc) + "\n", why)) {
                print_error(fmt::format("hactl plan: cannot save the plan to {}: {}",
                                        output::printable(opts.out_file), output::printable(why)));
                return 1;
            }
        }
        if (json) {
            documents.push_back(doc);
        } else if (markdown) {
            if (i > 0) fmt::print("\n");
            fmt::print("{}", output::render_plan_markdown(spec, run.observed, run.plan));
            if (!opts.out_file.empty() && !run.plan.refused()) {
                // stdout is the Markdown document alone; the note goes to the log.
                fmt::print(stderr, "Saved the plan to {}; run `hactl apply {}` to carry it out.\n", opts.out_file,
                           opts.out_file);
            }
        } else {
            if (i > 0) fmt::print("\n");
            fmt::print("{}", output::render_plan(spec, run.observed, run.plan, style));
            if (!opts.out_file.empty() && !run.plan.refused()) {
                fmt::print("Saved the plan to {}; run `hactl apply {}` to carry it out.\n", opts.out_file,
                           opts.out_file);
            }
        }
    }
    if (json) {
        fmt::print("{}\n", documents.size() == 1 ? output::plan_json(documents[0]) : output::plan_list_json(documents));
    }
    std::fflush(stdout);
    if (error) return 1;
    return changes && opts.detailed_exitcode ? 2 : 0;
}

}  // namespace

void add_connect_options(CLI::App& cmd, ConnectOptions& connect) {
    cmd.add_flag("--accept-new-host-key", connect.accept_new_host_key,
                 "Add a host key that is not yet in known_hosts (never a changed one)");
    cmd.add_option_function<int>(
           "--connect-timeout", [&connect](int s) { connect.connect_timeout = std::chrono::seconds(s); },
           "Seconds to wait for each host's SSH connection (default 10)")
        ->check(CLI::Range(1, 600));
}

void add_plan_command(CLI::App& app, Action& action) {
    auto opts = std::make_shared<PlanOptions>();
    auto* cmd = app.add_subcommand("plan", "Probe both hosts, print the steps still needed (changes nothing)");
    cmd->add_option("PAIR.yaml", opts->files, "Pair file(s); several are probed in parallel")->required();
    cmd->add_option("-o,--out", opts->out_file, "Save the plan (with fingerprints of the facts) for `hactl apply`");
    cmd->add_option("--format", opts->format,
                    "text (default), markdown (to review; -o still saves JSON), json")
        ->type_name("FORMAT")
        ->check([](const std::string& value) -> std::string {
            if (value == "text" || value == "markdown" || value == "json") return {};
            return "unknown format '" + value + "': choose text, markdown or json";
        });
    cmd->add_flag("--json", opts->json,
                  "Same as --format json (format hactl.plan/v1, schemas/plan.schema.json)");
    cmd->add_flag("--detailed-exitcode", opts->detailed_exitcode, "Exit 2 when there are steps to run");
    cmd->add_flag("--no-color", opts->no_color, "No colour (also when NO_COLOR is set or not on a terminal)");
    add_connect_options(*cmd, opts->connect);
    cmd->footer(
        "Example:\n"
        "  hactl plan pair.yaml                      # what would apply do?\n"
        "  hactl plan pair.yaml -o plan.json         # save it; `hactl apply plan.json` refuses it if stale\n"
        "  hactl plan --detailed-exitcode a.yaml b.yaml   # in CI: 0 no changes, 2 changes, 1 error\n"
        "  hactl plan --format markdown -o plan.json pair.yaml >> \"$GITHUB_STEP_SUMMARY\"\n"
        "                                            # review the table, apply the saved plan once merged\n"
        "Symbols: + to run, ! to run and destructive, = satisfied, - not applicable.");
    cmd->callback([&action, opts] { action = [opts] { return run_plan(*opts); }; });
}

}  // namespace hactl::cli
