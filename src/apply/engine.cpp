#include "hactl/apply/engine.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/core.h>

#include "failover_lag.hpp"
#include "hactl/apply/pair_lock.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/model/duration.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/plan/planner.hpp"
#include "lock_keeper.hpp"
#include "step_runner.hpp"
#include "verify.hpp"

namespace hactl::apply {

using model::Role;
using StepKey = std::pair<std::string, plan::Target>;

namespace {

const char* where(plan::Target target) { return plan::to_string(target); }

const plan::PlannedStep* find_step(const plan::Plan& plan, const StepKey& key) {
    for (const auto& step : plan.steps) {
        if (step.id == key.first && step.target == key.second) return &step;
    }
    return nullptr;
}

const plan::PlannedStep* first_planned(const plan::Plan& plan) {
    auto steps = plan.to_run();
    return steps.empty() ? nullptr : steps.front();
}

std::string refusal_text(const plan::Plan& plan) {
    std::string text;
    for (const auto& r : plan.refusals) {
        if (!text.empty()) text += "; ";
        text += r.host ? fmt::format("{}: {}", model::to_string(*r.host), r.message) : r.message;
    }
    return text;
}

// Releases the lock however apply ends.
struct LockGuard {
    PairLock& lock;
    ~LockGuard() { lock.release(); }
};

class Engine {
public:
    Engine(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
           const ApplyOptions& options, EventSink& events)
        : m_spec(spec),
          m_primary(primary),
          m_secondary(secondary),
          m_options(options),
          m_events(events),
          m_clock(*options.clock),
          m_lock(primary, spec.paths.state, model::effective_privilege(spec.primary), options.owner,
                 options.lock_ttl),
          m_keeper(m_lock, m_clock, options.lock_refresh, options.lock_ttl),
          m_runner(spec, primary, secondary, options, events, m_keeper) {}

    ApplyResult run();

private:
    void observe() {
        m_observed = facts::probe_pair(m_spec, m_primary, m_secondary, m_options.probe_deadline);
        m_plan = plan::make_plan(m_spec, m_observed);
    }
    bool interrupted() const { return m_options.interrupted != nullptr && m_options.interrupted->load(); }
    ApplyResult finish(ApplyResult::Outcome outcome, std::string message) {
        ApplyResult r{outcome, m_run, m_skipped, std::move(message)};
        const auto kind = outcome == ApplyResult::Outcome::converged  ? Event::Kind::done
                          : outcome == ApplyResult::Outcome::degraded ? Event::Kind::degraded
                                                                      : Event::Kind::stopped;
        m_events.emit({kind, {}, plan::Target::primary, outcome == ApplyResult::Outcome::converged, r.message, 0});
        return r;
    }
    /// The --wait budget is spent with `step`'s job still running: it runs on.
    ApplyResult in_progress(const plan::PlannedStep& step, const StepOutcome& outcome) {
        Event event{Event::Kind::in_progress, step.id, step.target, true, outcome.message, 0};
        event.host = outcome.host;
        event.log = outcome.log;
        m_events.emit(event);
        return {ApplyResult::Outcome::in_progress, m_run, m_skipped, outcome.message};
    }
    void report_skipped(const std::set<StepKey>& planned_before, const StepKey& ran);
    bool wait_for_effect(const StepKey& key, std::string& why_not);
    /// `step` is a copy: it points into m_plan, which the fresh probe replaces.
    std::optional<ApplyResult> check_destructive(plan::PlannedStep step);
    /// Before a step of risk failover: the gate, a fresh role check and, for a
    /// failover with the serving master reachable, the lag wait. nullopt: go on
    /// (when the fresh plan's first step is no longer `step`, the loop decides again).
    std::optional<ApplyResult> check_failover(plan::PlannedStep step);
    /// The end of a run whose failover left the old master unreachable.
    ApplyResult degraded() {
        return finish(ApplyResult::Outcome::degraded,
                      fmt::format("degraded: {} failed over and serves its own data; the secondary {} is "
                                  "unreachable: apply again when it is back (it is then demoted and rebuilt as "
                                  "secondary, which deletes its data)",
                                  m_spec.primary.address, m_spec.secondary.address));
    }

    /// The old master is still out of reach after hactl's failover: the primary
    /// serves its own data (standalone, with hactl's failover receipt) and
    /// nothing can be done until the secondary is back. Not a refusal.
    bool still_degraded() const {
        const auto& x = m_observed.primary;
        const bool failed_over = std::find(x.receipts.begin(), x.receipts.end(), plan::step::failover) != x.receipts.end();
        return m_spec.state == model::PairState::paired && x.reachable() && x.mode == facts::Mode::standalone &&
               failed_over && m_observed.secondary.connection_error == transport::TransportError::unreachable;
    }

    const model::PairSpec& m_spec;
    transport::Transport& m_primary;
    transport::Transport& m_secondary;
    const ApplyOptions& m_options;
    EventSink& m_events;
    Clock& m_clock;
    PairLock m_lock;
    LockKeeper m_keeper;
    StepRunner m_runner;
    facts::PairFacts m_observed;
    plan::Plan m_plan;
    int m_run = 0;
    int m_skipped = 0;
};

std::set<StepKey> planned_keys(const plan::Plan& plan) {
    std::set<StepKey> keys;
    for (const auto* step : plan.to_run()) keys.insert({step->id, step->target});
    return keys;
}

void Engine::report_skipped(const std::set<StepKey>& planned_before, const StepKey& ran) {
    for (const auto& key : planned_before) {
        if (key == ran) continue;
        const auto* now = find_step(m_plan, key);
        if (now != nullptr && now->status == plan::StepStatus::satisfied) {
            ++m_skipped;
            m_events.emit({Event::Kind::step_skipped, key.first, key.second, true, "already satisfied: " + now->reason, 0});
        }
    }
}

bool Engine::wait_for_effect(const StepKey& key, std::string& why_not) {
    const auto deadline = m_clock.now() + m_options.effect_wait;
    transport::Millis pause{200};
    for (;;) {
        observe();
        if (m_plan.refused()) {
            why_not = "after it, the pair is refused: " + refusal_text(m_plan);
            return false;
        }
        const auto* step = find_step(m_plan, key);
        if (step == nullptr || step->status != plan::StepStatus::planned) return true;
        why_not = step->reason;
        if (m_clock.now() >= deadline || interrupted()) return false;
        m_clock.sleep_for(pause);
        pause = std::min(pause * 2, transport::Millis(2000));
    }
}

// Whether hactl's job for `step` still runs on its host: a destructive step whose job an
// earlier, permitted apply started (its data is already being replaced) is reattached to,
// so that a later apply without --allow-destructive can follow it to its end.
bool job_running(const facts::PairFacts& observed, const plan::PlannedStep& step) {
    auto running_on = [&](const facts::HostFacts& host) {
        auto job = host.jobs.find(step.id);
        return job != host.jobs.end() && job->second.state == facts::JobRecord::State::running;
    };
    switch (step.target) {
        case plan::Target::primary: return running_on(observed.primary);
        case plan::Target::secondary: return running_on(observed.secondary);
        case plan::Target::both: return running_on(observed.primary) || running_on(observed.secondary);
    }
    return false;
}

std::optional<ApplyResult> Engine::check_destructive(plan::PlannedStep step) {
    if (!(m_options.allow_destructive || m_spec.policy.allow_destructive)) {
        return finish(ApplyResult::Outcome::needs_permission,
                      fmt::format("stopped before {} ({}): it deletes the secondary's data. Run again with "
                                  "--allow-destructive, or set spec.policy.allowDestructive: true",
                                  step.id, step.reason));
    }
    // Role guard: the host about to be wiped must, right now, still be the
    // secondary and not a master, and the primary still the master it was.
    observe();
    const auto& secondary = m_observed.secondary;
    if (m_plan.refused() || !secondary.mode || *secondary.mode == facts::Mode::master) {
        return finish(
            ApplyResult::Outcome::refused,
            fmt::format(
                "refusing {}: the host to be wiped ({}) is no longer a secondary that may be wiped{}{}",
                step.id, m_spec.secondary.address, m_plan.refused() ? ": " : "", refusal_text(m_plan)));
    }
    // Never wipe the newest data: the primary must serve its own (not be a slave
    // of the host about to be wiped).
    const auto& primary = m_observed.primary;
    if (!primary.mode || *primary.mode == facts::Mode::slave) {
        return finish(ApplyResult::Outcome::refused,
                      fmt::format("refusing {}: the primary ({}) is {}, so the secondary ({}) may hold the newest "
                                  "data; nothing was wiped",
                                  step.id, m_spec.primary.address,
                                  primary.mode ? "a slave" : "of unknown mode", m_spec.secondary.address));
    }
    return std::nullopt;
}

std::optional<ApplyResult> Engine::check_failover(plan::PlannedStep step) {
    if (!m_spec.policy.allow_failover) {
        return finish(ApplyResult::Outcome::refused,
                      fmt::format("stopped before {} ({}): it is not reversible. Run again with --allow-failover, "
                                  "or set spec.policy.allowFailover: true",
                                  step.id, step.reason));
    }
    // Role guard, as for a wipe: right now, the primary must still be a slave (for
    // failover) and the secondary a master (for demote), as planned.
    observe();
    const auto* now = first_planned(m_plan);
    if (now == nullptr || now->id != step.id || now->target != step.target) return std::nullopt;
    const auto& x = m_observed.primary;
    const auto& y = m_observed.secondary;
    if (step.id == plan::step::demote) {
        if (y.mode != facts::Mode::master || x.mode == facts::Mode::slave) {
            return finish(ApplyResult::Outcome::refused,
                          fmt::format("refusing demote: the secondary ({}) is no longer a master beside a primary "
                                      "that serves its own data",
                                      m_spec.secondary.address));
        }
        return std::nullopt;
    }
    if (x.mode != facts::Mode::slave) {
        return finish(ApplyResult::Outcome::refused,
                      fmt::format("refusing failover: the primary ({}) is no longer a slave", m_spec.primary.address));
    }
    if (!y.reachable()) return std::nullopt;  // a real failover: there is no master to ask
    auto lag = wait_for_failover_lag(m_spec, Role::secondary, m_secondary, m_clock, m_options.failover_lag_wait,
                                     m_options.interrupted, m_events, step.id);
    if (lag.interrupted) return finish(ApplyResult::Outcome::interrupted, "interrupted before the failover: " + lag.message);
    if (!lag.ok) {
        return finish(ApplyResult::Outcome::failed,
                      fmt::format("stopped before the failover, nothing changed: {} after waiting {} "
                                  "(--failover-lag-wait). Stop writes to {} and apply again",
                                  lag.message, model::format_duration(m_options.failover_lag_wait),
                                  m_spec.secondary.address));
    }
    // The lag wait took time: the roles are read once more right before the failover.
    observe();
    now = first_planned(m_plan);
    if (now == nullptr || now->id != step.id || m_observed.primary.mode != facts::Mode::slave) {
        return finish(ApplyResult::Outcome::refused,
                      "refusing failover: the pair changed while apply waited for the lag; run plan again");
    }
    return std::nullopt;
}

ApplyResult Engine::run() {
    // Before anything changes: can hactl keep its records on both hosts (sudo
    // without a password or a terminal, a writable state directory)?
    // The secondary alone may be out of reach: then only a failover of the
    // primary may run (a plan of scope failover_only), decided below.
    std::string secondary_problem;
    for (Role role : {Role::primary, Role::secondary}) {
        bool unreachable = false;
        auto problem = m_runner.records(role).check_access(model::to_string(role), &unreachable);
        if (problem.empty()) continue;
        if (role == Role::secondary && unreachable) {
            secondary_problem = problem;
            continue;
        }
        return finish(ApplyResult::Outcome::refused, "cannot keep hactl's records: " + problem);
    }
    auto lock = m_lock.acquire();
    switch (lock.kind) {
        case LockOutcome::Kind::held:
            return finish(ApplyResult::Outcome::refused,
                          fmt::format("another apply holds the pair's lock: {}", lock.holder));
        case LockOutcome::Kind::error:
            return finish(ApplyResult::Outcome::failed, "cannot take the pair's lock: " + lock.message);
        case LockOutcome::Kind::taken_over:
            m_events.emit({Event::Kind::lock, {}, plan::Target::primary, true,
                           "took over the lock of " + lock.holder, 0});
            break;
        case LockOutcome::Kind::acquired:
            m_events.emit({Event::Kind::lock, {}, plan::Target::primary, true, "locked the pair", 0});
            break;
    }
    LockGuard release{m_lock};
    m_keeper.taken();

    observe();
    if (!secondary_problem.empty() && still_degraded()) return degraded();
    if (m_plan.refused()) return finish(ApplyResult::Outcome::refused, "refused: " + refusal_text(m_plan));
    if (!secondary_problem.empty() && m_plan.scope != plan::Scope::failover_only) {
        return finish(ApplyResult::Outcome::refused, "cannot keep hactl's records: " + secondary_problem);
    }
    const auto approved = m_options.approved.empty() ? planned_keys(m_plan) : m_options.approved;

    for (;;) {
        if (interrupted()) return finish(ApplyResult::Outcome::interrupted, "interrupted before the next step");
        const auto* next = first_planned(m_plan);
        if (next == nullptr) break;
        StepKey key{next->id, next->target};
        if (!approved.count(key)) {
            return finish(ApplyResult::Outcome::refused,
                          fmt::format("the plan changed: {} on {} ({}) was not in the approved plan; run plan again",
                                      next->id, where(next->target), next->reason));
        }
        if (next->risk == plan::Risk::destructive && !job_running(m_observed, *next)) {
            if (auto stop = check_destructive(*next)) return *stop;
            next = first_planned(m_plan);
            if (next == nullptr) break;
            if (StepKey{next->id, next->target} != key) continue;  // the pair moved on: decide again
        }
        if (next->risk == plan::Risk::failover && !job_running(m_observed, *next)) {
            if (auto stop = check_failover(*next)) return *stop;
            next = first_planned(m_plan);
            if (next == nullptr) break;
            if (StepKey{next->id, next->target} != key) continue;  // the pair moved on: decide again
        }
        const plan::PlannedStep step = *next;
        const auto before = planned_keys(m_plan);
        m_events.emit({Event::Kind::step_started, step.id, step.target, true, step.reason, 0});
        const auto started = m_clock.now();
        auto outcome = m_runner.run(step, m_observed);
        const double seconds = std::chrono::duration<double>(m_clock.now() - started).count();
        if (outcome.in_progress) return in_progress(step, outcome);
        if (outcome.interrupted) return finish(ApplyResult::Outcome::interrupted, outcome.message);
        if (!outcome.ok) {
            m_events.emit({Event::Kind::step_finished, step.id, step.target, false, outcome.message, seconds});
            return finish(ApplyResult::Outcome::failed, fmt::format("{} on {} failed: {}", step.id, where(step.target),
                                                                    outcome.message));
        }
        if (step.id == plan::step::failover && m_plan.scope == plan::Scope::failover_only) {
            // The old master is out of reach: its records and the pair's plan wait
            // for its return. The failover's effect shows on the primary alone.
            observe();
            if (m_observed.primary.mode == facts::Mode::slave) {
                m_events.emit({Event::Kind::step_finished, step.id, step.target, false,
                               "the primary is still a slave", seconds});
                return finish(ApplyResult::Outcome::failed,
                              "failover on primary ran, but its effect did not appear: the primary is still a slave");
            }
            m_runner.records(Role::primary).write_receipt(step.id, {"target=primary"});
            ++m_run;
            m_events.emit({Event::Kind::step_finished, step.id, step.target, true, "done", seconds});
            return degraded();
        }
        std::string why_not;
        if (!wait_for_effect(key, why_not)) {
            m_events.emit({Event::Kind::step_finished, step.id, step.target, false, why_not, seconds});
            return finish(ApplyResult::Outcome::failed,
                          fmt::format("{} on {} ran, but its effect did not appear: {}", step.id, where(step.target),
                                      why_not));
        }
        for (Role role : {Role::primary, Role::secondary}) {
            if (outcome.receipt_written) break;
            if (step.target == plan::Target::both || (step.target == plan::Target::primary) == (role == Role::primary)) {
                m_runner.records(role).write_receipt(step.id, {"target=" + std::string(where(step.target))});
            }
        }
        ++m_run;
        m_events.emit({Event::Kind::step_finished, step.id, step.target, true, "done", seconds});
        report_skipped(before, key);
        const auto now = m_clock.now();
        if (const auto kept = m_keeper.refresh(now); kept != LockKeeper::State::held) {
            return finish(ApplyResult::Outcome::failed, m_keeper.stop_reason(kept));
        }
    }
    if (m_plan.refused()) return finish(ApplyResult::Outcome::refused, "refused: " + refusal_text(m_plan));
    if (m_run == 0) return finish(ApplyResult::Outcome::converged, "No changes: the pair is as described.");
    if (m_spec.state == model::PairState::split) {
        return finish(ApplyResult::Outcome::converged,
                      fmt::format("Applied {} step(s); the pair is split: both hosts standalone, data kept.", m_run));
    }
    auto verified = verify_pair(m_spec, m_observed, m_runner, m_events);
    if (!verified.empty()) {
        return finish(ApplyResult::Outcome::failed,
                      fmt::format("applied {} step(s), but verification failed: {}", m_run, verified));
    }
    return finish(ApplyResult::Outcome::converged, fmt::format("Applied {} step(s); the pair is replicating.", m_run));
}

}  // namespace

int exit_code(const ApplyResult& result) {
    switch (result.outcome) {
        case ApplyResult::Outcome::converged: return 0;
        case ApplyResult::Outcome::needs_permission:
        case ApplyResult::Outcome::degraded: return 2;
        case ApplyResult::Outcome::in_progress: return 3;
        case ApplyResult::Outcome::interrupted: return 130;
        case ApplyResult::Outcome::failed:
        case ApplyResult::Outcome::refused: return 1;
    }
    return 1;
}

ApplyResult apply_pair(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
                       const ApplyOptions& options, EventSink& events) {
    Engine engine(spec, primary, secondary, options, events);
    return engine.run();
}

const char* to_string(Event::Kind kind) {
    switch (kind) {
        case Event::Kind::lock: return "lock";
        case Event::Kind::step_started: return "step-started";
        case Event::Kind::step_reattached: return "step-reattached";
        case Event::Kind::step_log: return "step-log";
        case Event::Kind::step_progress: return "step-progress";
        case Event::Kind::heartbeat: return "heartbeat";
        case Event::Kind::step_skipped: return "step-skipped";
        case Event::Kind::step_finished: return "step-finished";
        case Event::Kind::verify: return "verify";
        case Event::Kind::stopped: return "stopped";
        case Event::Kind::in_progress: return "in-progress";
        case Event::Kind::degraded: return "degraded";
        case Event::Kind::done: return "done";
    }
    return "?";
}

}  // namespace hactl::apply
