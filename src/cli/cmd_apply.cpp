#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/core.h>

#include "commands.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/apply/pair_lock.hpp"
#include "hactl/apply/stale_plan.hpp"
#include "hactl/config/profile.hpp"
#include "hactl/model/duration.hpp"
#include "hactl/output/apply_events.hpp"
#include "hactl/output/plan_json.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/printable.hpp"
#include "pair_run.hpp"

namespace hactl::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    g_interrupted.store(true);
    // A second Ctrl-C ends hactl at once; jobs on the hosts run on regardless.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

struct ApplyCliOptions {
    std::string input;
    bool auto_approve = false;
    bool allow_destructive = false;
    bool json = false;
    bool no_color = false;
    ConnectOptions connect;
    apply::ApplyOptions defaults;  ///< the timing options given (step timeouts, poll cap); the rest unused
};

// A check that an option's value is a duration longer than zero ("90s", "45m", "72h", "3d").
CLI::Validator positive_duration() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            std::string error;
            const auto duration = model::parse_duration(text, &error);
            if (!duration) return error;
            if (duration->count() <= 0) return "\"" + text + "\" must be longer than 0s";
            return {};
        },
        "", "duration");
}

// A duration of zero or more, where a bare "0" needs no unit; nullopt with `error` otherwise.
std::optional<transport::Millis> parse_wait(const std::string& text, std::string* error) {
    if (text == "0") return transport::Millis(0);
    return model::parse_duration(text, error);
}

// Adds --NAME DURATION, stored into `target` once checked.
void add_duration_option(CLI::App& cmd, const std::string& name, transport::Millis& target,
                         const std::string& description) {
    cmd.add_option_function<std::string>(
           name, [&target](const std::string& text) { target = *model::parse_duration(text); },
           description + " (default " + model::format_duration(target) + ")")
        ->type_name("DURATION")
        ->check(positive_duration());
}

// A saved plan when `path` holds one; nullopt (and no error) for a pair file.
std::optional<output::SavedPlan> read_saved_plan(const std::string& path, std::string& error) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return output::read_saved_plan(text.str(), error);
}

bool confirm(const std::string& pair_name, const output::PlanSummary& summary) {
    fmt::print(stderr, "\nApply {} step(s) to pair {}? Only 'yes' is accepted: ", summary.to_run, pair_name);
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "yes";
}

int run_apply(const ApplyCliOptions& opts) {
    std::string error;
    auto saved = read_saved_plan(opts.input, error);
    if (!error.empty()) {
        print_error(
            fmt::format("hactl apply: {}: {}", output::printable(opts.input), output::printable(error)));
        return 1;
    }
    // A saved plan names its pair file by absolute path, so it applies from any directory.
    const std::string pair_file = saved ? saved->origin.pair_file : opts.input;
    auto run = probe_and_plan(pair_file, opts.connect);
    if (!run.probed) {
        print_load_errors(run);
        return 1;
    }
    const auto& spec = *run.loaded.pair;
    auto style = output::Style::detect(stdout, opts.no_color);
    std::unique_ptr<apply::EventSink> sink;
    if (opts.json) {
        sink = std::make_unique<output::JsonEventSink>(stdout);
        fmt::print("{}\n", output::plan_event_json({spec, run.observed, run.plan,
                                                    {absolute_path(pair_file), run.loaded.digest, output::utc_now(),
                                                     run.loaded.profile_digest}}));
    } else {
        sink = std::make_unique<output::TextEventSink>(stdout, style, style.color());
        fmt::print("{}", output::render_plan(spec, run.observed, run.plan, style));
    }
    std::fflush(stdout);
    if (run.plan.refused()) return 1;

    apply::ApplyOptions options;
    if (saved) {
        if (saved->origin.pair_digest != run.loaded.digest) {
            print_error(
                fmt::format("hactl apply: the plan is stale: {} changed since it was saved ({}); nothing was "
                            "run. Run `hactl plan -o` again.",
                            output::printable(pair_file), output::printable(saved->origin.created_at)));
            return 1;
        }
        const std::string saved_profile = saved->origin.profile_digest.empty()
                                              ? config::profile_digest(contract::HostProfile{})
                                              : saved->origin.profile_digest;
        if (saved_profile != run.loaded.profile_digest) {
            print_error(fmt::format(
                "hactl apply: the plan is stale: the host profile in force changed since it was saved ({}); "
                "nothing was run. Run `hactl plan -o` again.",
                spec.host_profile_path ? output::printable(*spec.host_profile_path)
                                       : std::string("no spec.hostProfile: the contract's defaults of this hactl")));
            return 1;
        }
        auto why = apply::stale_reason(saved->plan, run.plan);
        if (!why.empty()) {
            print_error(
                fmt::format("hactl apply: the plan is stale: {}; nothing was run. Run `hactl plan -o` again.",
                            output::printable(why)));
            return 1;
        }
        for (const auto* step : saved->plan.to_run()) options.approved.insert({step->id, step->target});
    } else {
        for (const auto* step : run.plan.to_run()) options.approved.insert({step->id, step->target});
    }
    if (options.approved.empty()) {
        if (!opts.json) fmt::print("Nothing to apply.\n");
        return 0;
    }
    if (!opts.auto_approve) {
        if (isatty(STDIN_FILENO) != 1) {
            print_error(
                "hactl apply: no terminal to confirm on; nothing was run. Review the plan and pass "
                "--auto-approve to apply without a prompt.");
            return 1;
        }
        if (!confirm(spec.name, output::summarize(run.plan))) {
            fmt::print(stderr, "Apply cancelled; nothing was run.\n");
            return 1;
        }
    }

    options.allow_destructive = opts.allow_destructive;
    options.owner = apply::local_lock_owner();
    options.probe_deadline = opts.connect.probe_deadline;
    options.step_timeout = opts.defaults.step_timeout;
    options.long_step_timeout = opts.defaults.long_step_timeout;
    options.poll_max = opts.defaults.poll_max;
    options.wait = opts.defaults.wait;
    // The live line on a terminal shows the elapsed time to the second; elsewhere a heartbeat line a minute.
    if (!opts.json && style.color()) options.heartbeat = std::chrono::seconds(1);
    options.interrupted = &g_interrupted;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    auto result = apply::apply_pair(spec, *run.primary, *run.secondary, options, *sink);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return apply::exit_code(result);
}

}  // namespace

void add_apply_command(CLI::App& app, Action& action) {
    auto opts = std::make_shared<ApplyCliOptions>();
    auto* cmd = app.add_subcommand("apply", "Run the steps still needed, re-checking each (skips what is true)");
    cmd->add_option("PAIR.yaml|plan.json", opts->input, "A pair file (planned afresh) or a plan saved by `plan -o`")
        ->required();
    cmd->add_flag("--auto-approve", opts->auto_approve, "Do not ask for 'yes' (needed without a terminal)");
    cmd->add_flag("--allow-destructive", opts->allow_destructive,
                  "Allow steps that wipe the secondary (or spec.policy.allowDestructive)");
    cmd->add_flag("--json", opts->json, "Print one JSON event per line (format hactl.apply/v1)");
    cmd->add_flag("--no-color", opts->no_color, "No colour");
    add_connect_options(*cmd, opts->connect);
    add_duration_option(*cmd, "--step-timeout", opts->defaults.step_timeout,
                        "Stop following a short step's job after this");
    add_duration_option(*cmd, "--long-step-timeout", opts->defaults.long_step_timeout,
                        "The same for a long step (replication, KV store copy)");
    add_duration_option(*cmd, "--poll-max", opts->defaults.poll_max,
                        "Poll a job at most this far apart after its first minute");
    cmd->add_option_function<std::string>(
           "--wait", [opts](const std::string& text) { opts->defaults.wait = *parse_wait(text, nullptr); },
           "Follow long jobs this long at most, then exit 3 (0: do not wait)")
        ->type_name("DURATION")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                std::string error;
                return parse_wait(text, &error) ? std::string() : error;
            },
            "", "duration"));
    cmd->footer(
        "Examples:\n"
        "  hactl apply pair.yaml                          # shows the plan, asks for 'yes'\n"
        "  hactl plan pair.yaml -o plan.json && hactl apply plan.json --auto-approve\n"
        "  hactl apply pair.yaml --auto-approve --allow-destructive   # CI, on merge\n"
        "  hactl apply pair.yaml --auto-approve --allow-destructive --wait 30m   # CI, bounded\n"
        "Without permission for destructive steps, apply runs the steps before the first\n"
        "destructive one and stops there (exit 2). Long steps run detached on the host: if\n"
        "hactl is interrupted (exit 130) they go on, and the next apply reattaches to them.\n"
        "A job still running after its step's timeout stops apply (exit 1) and is left running.\n"
        "--wait D bounds the time spent following long steps' jobs (summed; short steps run to\n"
        "their end): then apply exits 3, the job running on, the lock released; apply again\n"
        "(the pair file, or a fresh plan) to reattach. In CI: apply --wait 30m, then a scheduled\n"
        "job repeats it until it exits 0.\n"
        "DURATION: a whole number and a unit, ms, s, m, h or d: 90s, 45m, 72h, 3d, 1h30m\n"
        "(--wait also takes 0).\n"
        "Exit: 0 converged, 1 error/refused/failed, 2 stopped before a destructive step,\n"
        "      3 in progress (--wait: jobs still running on the hosts), 130 interrupted.");
    cmd->callback([&action, opts] { action = [opts] { return run_apply(*opts); }; });
}

}  // namespace hactl::cli
