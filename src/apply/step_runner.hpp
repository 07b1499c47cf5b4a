#pragma once
// How each catalogue step is carried out on the hosts (internal to apply).
#include <string>
#include <string_view>

#include "hactl/apply/engine.hpp"
#include "hactl/apply/host_records.hpp"
#include "hactl/apply/pair_lock.hpp"
#include "hactl/facts/facts.hpp"

namespace hactl::apply {

struct StepOutcome {
    bool ok = false;
    bool interrupted = false;  ///< stopped following a job that still runs on the host
    std::string message;       ///< failure: what happened, with the output's tail
    bool receipt_written = false;  ///< the step wrote its own receipt (with details a guard reads)
};

class StepRunner {
public:
    StepRunner(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
               const ApplyOptions& options, EventSink& events, PairLock& lock);

    /// Carries out one planned step, given the facts observed just before.
    StepOutcome run(const plan::PlannedStep& step, const facts::PairFacts& observed);

    /// Runs an Alation action as a detached job on `role`'s host and follows it
    /// to its end (or reattaches to it when it already runs).
    StepOutcome run_action(model::Role role, std::string_view job, std::string_view action, bool long_running,
                           const facts::HostFacts& host);

    /// Runs a command in `role`'s Alation shell and returns its result.
    transport::CommandResult alation(model::Role role, const std::string& command_line,
                                     transport::Millis deadline);

    HostRecords& records(model::Role role) { return role == model::Role::primary ? m_primary : m_secondary; }

private:
    StepOutcome set_conf(model::Role role, std::string_view key, std::string_view value);
    StepOutcome exchange_keys(const facts::PairFacts& observed);
    StepOutcome follow(model::Role role, std::string_view job, bool long_running);
    transport::Transport& host(model::Role role);

    const model::PairSpec& m_spec;
    const ApplyOptions& m_options;
    EventSink& m_events;
    PairLock& m_lock;
    HostRecords m_primary;
    HostRecords m_secondary;
};

}  // namespace hactl::apply
