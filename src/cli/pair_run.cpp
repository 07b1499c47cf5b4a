#include "pair_run.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/core.h>

#include "hactl/facts/probe.hpp"
#include "hactl/output/printable.hpp"
#include "hactl/output/wrap.hpp"
#include "hactl/plan/planner.hpp"
#include "hactl/ssh/ssh_transport.hpp"

namespace hactl::cli {

std::unique_ptr<transport::Transport> open_host(const model::HostSpec& host, const ConnectOptions& options) {
    ssh::SshOptions ssh_options;
    ssh_options.address = host.address;
    ssh_options.port = host.ssh.port;
    ssh_options.user = host.ssh.user;
    ssh_options.identity_file = host.ssh.identity_file;
    ssh_options.known_hosts_file = host.ssh.known_hosts_file;
    ssh_options.accept_new_host_key = options.accept_new_host_key;
    ssh_options.connect_timeout = options.connect_timeout;
    return std::make_unique<ssh::SshTransport>(ssh_options);
}

PairRun probe_and_plan(const std::string& file, const ConnectOptions& options) {
    PairRun run;
    run.file = file;
    run.loaded = config::load_pair_file(file);
    if (!run.loaded.ok()) return run;
    if (options.allow_failover) run.loaded.pair->policy.allow_failover = true;
    const auto& spec = *run.loaded.pair;
    run.primary = open_host(spec.primary, options);
    run.secondary = open_host(spec.secondary, options);
    run.observed = facts::probe_pair(spec, *run.primary, *run.secondary, options.probe_deadline);
    run.plan = plan::make_plan(spec, run.observed);
    run.probed = true;
    return run;
}

std::vector<PairRun> probe_and_plan_all(const std::vector<std::string>& files, const ConnectOptions& options,
                                        std::size_t max_parallel) {
    std::vector<PairRun> runs(files.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < files.size(); i = next++) runs[i] = probe_and_plan(files[i], options);
    };
    std::vector<std::thread> threads;
    const std::size_t n = std::min(max_parallel, files.size());
    for (std::size_t t = 1; t < n; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    return runs;
}

std::string absolute_path(const std::string& file) {
    std::error_code error;
    auto path = std::filesystem::weakly_canonical(std::filesystem::path(file), error);
    if (error) path = std::filesystem::absolute(std::filesystem::path(file), error).lexically_normal();
    return error ? file : path.string();
}

void print_error(std::string_view message) {
    fmt::print(stderr, "{}\n", output::hanging("", output::fix_on_own_line(message), 2));
}

void print_load_errors(const PairRun& run) {
    for (const auto& d : run.loaded.errors) fmt::print(stderr, "{}\n", output::printable(config::format_diagnostic(d)));
}

}  // namespace hactl::cli
