#pragma once
/// Apply: carry out a plan's steps on the hosts, one at a time, in dependency
/// order. Before each step the pair is probed again (a step someone else
/// completed is skipped); after it, its effect must be observed (whatever the
/// exit code said). Destructive steps need permission and a fresh role check.
#include <atomic>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hactl/apply/clock.hpp"
#include "hactl/apply/dialogue.hpp"
#include "hactl/apply/events.hpp"
#include "hactl/apply/lock_owner.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::apply {

struct ApplyOptions {
    bool allow_destructive = false;  ///< or the pair file's policy.allowDestructive
    /// The steps the operator approved, as (id, target). Apply never runs a step
    /// outside this set: a new step appearing mid-apply stops it. Empty = the
    /// steps of the first plan apply computes.
    std::set<std::pair<std::string, plan::Target>> approved;
    LockOwner owner;  ///< who takes the pair's lock (apply::local_lock_owner())
    transport::Millis probe_deadline{60000};
    transport::Millis step_timeout{30 * 60 * 1000};              ///< a short step's job may run this long
    transport::Millis long_step_timeout{72LL * 3600 * 1000};     ///< a long step's (catalogue long_running)
    /// `apply --wait`: how long this run may spend following long steps' jobs
    /// (catalogue long_running: replication, the KV store copy), summed over the
    /// run and measured on `clock`. Once spent, a long job still running is left
    /// running and apply ends in_progress (exit 3), releasing the lock; a long
    /// step reached after that is still started (or its running job found) and
    /// polled once, so that every run moves the pair on. Short steps, probes and
    /// the verification are not counted: they run to their end (`step_timeout`).
    /// Millis::max() (the default): no bound.
    transport::Millis wait = transport::Millis::max();
    transport::Millis poll_interval{1000};  ///< job polls at most this far apart in the job's first minute
    transport::Millis poll_max{60000};      ///< and never further apart than this afterwards
    transport::Millis effect_wait{60000};   ///< how long a step's effect may take to show
    std::chrono::seconds lock_ttl{300};
    transport::Millis lock_refresh{60000};  ///< while a job is followed, the lock is refreshed this often
    /// While a job is followed, a heartbeat event (elapsed time, last progress
    /// line) at least this often on `clock`: the follow never sleeps past one
    /// due, so a CI log is never silent for longer (a host command in flight,
    /// at most 30 s, can delay one).
    transport::Millis heartbeat{50000};
    const std::atomic<bool>* interrupted = nullptr;  ///< set by SIGINT/SIGTERM
    Clock* clock = &real_clock();  ///< what apply waits and measures with; never null
    DialogueOptions dialogue;      ///< replication_helper's prompts: how long to wait for each
};

struct ApplyResult {
    enum class Outcome {
        converged,         ///< nothing left to do (verification passed when steps ran)
        needs_permission,  ///< stopped before a destructive step: no permission
        failed,            ///< a step or the verification failed
        refused,           ///< preflight refused, lock held, or the plan changed
        interrupted,       ///< stopped on request; a running job was left running
        in_progress,       ///< the --wait budget is spent: a long job runs on; apply again to continue
    };
    Outcome outcome = Outcome::failed;
    int steps_run = 0;
    int steps_skipped = 0;
    std::string message;
};

/// Exit status for an outcome: 0 converged, 2 needs permission, 3 in progress,
/// 130 interrupted, 1 otherwise.
int exit_code(const ApplyResult& result);

/// Runs the plan on the pair. Takes the pair's lock on the primary for the
/// whole run. Never throws for remote failures.
ApplyResult apply_pair(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
                       const ApplyOptions& options, EventSink& events);

}  // namespace hactl::apply
