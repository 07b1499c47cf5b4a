#pragma once
/// Loading, probing and planning pair files: what `plan`, `probe`, `apply`
/// and `status` share.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/config/load.hpp"
#include "hactl/facts/facts.hpp"
#include "hactl/plan/plan.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::cli {

/// How to reach the hosts (command-line options shared by the commands).
struct ConnectOptions {
    bool accept_new_host_key = false;
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds probe_deadline{60000};
    /// plan and apply: --allow-failover, ORed into spec.policy.allowFailover
    /// before planning (the planner then plans a failover or demotion).
    bool allow_failover = false;
};

/// One pair file taken as far as it could go.
struct PairRun {
    std::string file;
    config::LoadResult loaded;          ///< errors when the file is invalid
    std::unique_ptr<transport::Transport> primary;
    std::unique_ptr<transport::Transport> secondary;
    facts::PairFacts observed;
    plan::Plan plan;
    bool probed = false;                ///< false when the file did not load
};

/// Opens the SSH transport to one host of the pair (does not connect yet).
std::unique_ptr<transport::Transport> open_host(const model::HostSpec& host, const ConnectOptions& options);

/// Loads `file`, probes both hosts in parallel and plans. Never throws for
/// bad input or unreachable hosts: they are in the result.
PairRun probe_and_plan(const std::string& file, const ConnectOptions& options);

/// probe_and_plan for every file, at most `max_parallel` pairs at a time;
/// results in the order of `files`.
std::vector<PairRun> probe_and_plan_all(const std::vector<std::string>& files, const ConnectOptions& options,
                                        std::size_t max_parallel = 16);

/// `file` as an absolute, normalized path (symbolic links resolved as far as
/// they exist), as a saved plan keeps it. Returns `file` made absolute when
/// the current directory cannot be read.
std::string absolute_path(const std::string& file);

/// Prints a message of hactl's to stderr within output::k_columns, later
/// lines indented two spaces, a "Fix:" on a line of its own. Host text in
/// `message` must already have passed through output::printable().
void print_error(std::string_view message);

/// Prints a pair file's load errors (FILE:LINE:COL: error: ...) to stderr.
void print_load_errors(const PairRun& run);

}  // namespace hactl::cli
