#pragma once
// How a catalogue step is carried out on the hosts (internal to apply): the
// row's operations (plan/catalogue.hpp), one after another.
#include <string>
#include <string_view>

#include "hactl/apply/engine.hpp"
#include "hactl/apply/host_records.hpp"
#include "hactl/facts/facts.hpp"
#include "hactl/plan/catalogue.hpp"
#include "lock_keeper.hpp"

namespace hactl::apply {

struct StepOutcome {
    bool ok = false;
    bool interrupted = false;  ///< stopped following a job that still runs on the host
    std::string message;       ///< failure: what happened, with the output's tail
    bool receipt_written = false;  ///< the step wrote its own receipt (with details a guard reads)
    /// The --wait budget is spent (ApplyOptions::wait) with the job still running
    /// on `host` (its address), its log in `log` there; `message` says so.
    bool in_progress = false;
    std::string host{};
    std::string log{};
};

class StepRunner {
public:
    StepRunner(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
               const ApplyOptions& options, EventSink& events, LockKeeper& lock);

    /// Carries out one planned step, given the facts observed just before: its
    /// catalogue row's operations in order. Stops at the first that fails and
    /// returns its outcome; a step without a row fails.
    StepOutcome run(const plan::PlannedStep& step, const facts::PairFacts& observed);

    /// Runs an Alation action as a detached job on `role`'s host and follows it
    /// to its end (or reattaches to it when it already runs). Fails when the job
    /// cannot start, fails, times out (left running) or the lock is lost.
    StepOutcome run_action(model::Role role, std::string_view job, std::string_view action, bool long_running,
                           const facts::HostFacts& host);

    /// Runs a command in `role`'s Alation shell and returns its result.
    transport::CommandResult alation(model::Role role, const std::string& command_line,
                                     transport::Millis deadline);

    HostRecords& records(model::Role role) { return role == model::Role::primary ? m_primary : m_secondary; }

private:
    StepOutcome run_op(const plan::StepOp& op, const plan::PlannedStep& step,
                       const facts::PairFacts& observed);
    std::string op_value(plan::OpValue value, model::Role role) const;
    StepOutcome set_conf(model::Role role, std::string_view key, std::string_view value);
    StepOutcome exchange_keys(const facts::PairFacts& observed);
    /// Follows a job to its end; a long job's following is taken from the
    /// --wait budget (m_wait_left).
    StepOutcome follow(model::Role role, std::string_view job, bool long_running);
    /// `budget_end`: when a long job still running is left in progress (Millis::max(): never).
    StepOutcome follow_until(model::Role role, std::string_view job, bool long_running, transport::Millis start,
                             transport::Millis budget_end);
    /// Sleeps `pause` on apply's clock in short slices, returning early when interrupted.
    void nap(transport::Millis pause);
    bool interrupted() const;
    transport::Transport& host(model::Role role);

    const model::PairSpec& m_spec;
    const ApplyOptions& m_options;
    EventSink& m_events;
    LockKeeper& m_lock;
    HostRecords m_primary;
    HostRecords m_secondary;
    /// What is left of ApplyOptions::wait for following long jobs (Millis::max(): no bound).
    transport::Millis m_wait_left;
};

}  // namespace hactl::apply
