#pragma once
/// What apply reports as it goes. The CLI renders events as text (with a
/// progress line on a terminal) or as JSON lines (`apply --json`).
#include <string>

#include "hactl/plan/plan.hpp"

namespace hactl::apply {

struct Event {
    enum class Kind {
        lock,           ///< the lock was taken (message says whether over an expired one)
        step_started,   ///< a step begins (or reattaches to a running job)
        step_reattached,  ///< a step's job was found still running on the host: followed, not restarted
        step_log,       ///< a long step's job is followed (started or reattached): host and log path there
        step_progress,  ///< a progress line of a running step (seconds: how long it has been followed)
        heartbeat,      ///< a followed job still runs: seconds followed, message its last progress line
        step_skipped,   ///< a planned step found already satisfied
        step_finished,  ///< ok: its effect is observed; !ok: failed
        verify,         ///< one verification check (ok or not)
        stopped,        ///< apply stopped before the end (message says why and what it needs)
        in_progress,    ///< the --wait budget is spent: the step's job runs on (host, log); apply again to continue
        degraded,       ///< the end after a failover with the old master unreachable (exit 2); apply again when it is back
        done,           ///< the end (ok: converged)
    };
    Kind kind = Kind::done;
    std::string step;  ///< step id, empty for pair-wide events
    plan::Target target = plan::Target::primary;
    bool ok = true;
    std::string message;
    double seconds = 0;  ///< step_finished: how long it took; step_progress, heartbeat: how long followed
    std::string host{};  ///< step_log, in_progress: the address of the host running the job
    std::string log{};   ///< step_log, in_progress: the job's log file on that host
};

/// "lock", "step-started", ...
const char* to_string(Event::Kind kind);

class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void emit(const Event& event) = 0;
};

}  // namespace hactl::apply
