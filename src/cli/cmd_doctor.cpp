#include <fmt/core.h>

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "hactl/config/profile.hpp"
#include "hactl/contract/host_profile.hpp"
#include "hactl/doctor/doctor.hpp"
#include "hactl/output/doctor.hpp"
#include "pair_run.hpp"

namespace hactl::cli {

namespace {

struct DoctorOptions {
    std::string file;
    bool json = false;
    bool no_color = false;
    bool print_profile = false;
    ConnectOptions connect;
};

int run_doctor(const DoctorOptions& opts) {
    if (opts.print_profile) {
        fmt::print("{}", config::profile_yaml(contract::HostProfile{}));
        return 0;
    }
    if (opts.file.empty()) {
        print_error("hactl doctor: a pair file is needed (or --print-profile).\nFix: hactl doctor PAIR.yaml");
        return 1;
    }
    PairRun run;
    run.file = opts.file;
    run.loaded = config::load_pair_file(opts.file);
    if (!run.loaded.ok()) {
        print_load_errors(run);
        return 1;
    }
    const auto& spec = *run.loaded.pair;
    // Never --accept-new-host-key: the doctor changes nothing, not even known_hosts.
    ConnectOptions connect = opts.connect;
    connect.accept_new_host_key = false;
    auto primary = open_host(spec.primary, connect);
    auto secondary = open_host(spec.secondary, connect);
    const auto report = doctor::doctor_pair(spec, *primary, *secondary, connect.probe_deadline);
    if (opts.json) {
        fmt::print("{}\n", output::doctor_json(report));
    } else {
        fmt::print("{}", output::render_doctor(report, output::Style::detect(stdout, opts.no_color)));
    }
    return report.clean() ? 0 : 1;
}

}  // namespace

void add_doctor_command(CLI::App& app, Action& action) {
    auto opts = std::make_shared<DoctorOptions>();
    auto* cmd =
        app.add_subcommand("doctor", "Check which host-contract assumptions hold on both hosts (read-only)");
    auto* file = cmd->add_option("PAIR.yaml", opts->file, "Pair file");
    cmd->add_flag("--json", opts->json, "Print the checks as JSON (format hactl.doctor/v1)");
    cmd->add_flag("--no-color", opts->no_color, "No colour");
    cmd->add_flag("--print-profile", opts->print_profile,
                  "Print the default host profile, commented, and exit (a starting point)")
        ->excludes(file);
    cmd->add_option_function<int>(
           "--connect-timeout", [opts](int s) { opts->connect.connect_timeout = std::chrono::seconds(s); },
           "Seconds to wait for each host's SSH connection (default 10)")
        ->check(CLI::Range(1, 600));
    cmd->footer(
        "Run it first, before plan, on a new pair. One command per host, both hosts at once;\n"
        "nothing is written anywhere (the state directory is tested with `test -w`).\n"
        "Each line is one check on one host: ok, MISMATCH or skip (not applicable yet).\n"
        "A MISMATCH says what hactl expected, what the host showed, and what adapts it:\n"
        "  spec.releaseFile, spec.confKeys.NAME, spec.monitor.NAME, ...: a host profile\n"
        "    field (a profile file, named by spec.hostProfile in the pair file);\n"
        "  spec.primary.ssh.knownHostsFile, spec.secondary.alationShell, ...: the pair file.\n"
        "Checks: SSH (address, port, host key, key login), the login user, the state\n"
        "directory through the privilege prefix, the Alation shell, the release file and\n"
        "key, each alation_conf key hactl reads, the cluster key files, the monitor and its\n"
        "JSON pointers (primary), curl, setsid, mktemp, flock, df -P -B1, GNU date.\n"
        "Action names are not checked: only running an action would show it.\n"
        "--print-profile prints every profile field with the contract's value: save it,\n"
        "keep what your hosts need, and name it in the pair file (spec.hostProfile).\n"
        "Exit: 0 every check holds, 1 a mismatch or an invalid pair file.\n"
        "Example: hactl doctor pair.yaml && hactl plan pair.yaml\n"
        "         hactl doctor --print-profile > site.yaml");
    cmd->callback([&action, opts] { action = [opts] { return run_doctor(*opts); }; });
}

}  // namespace hactl::cli
