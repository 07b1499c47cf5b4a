#pragma once
// A FakeHost that also keeps hactl's own records (jobs, receipts, the lock) in
// memory: hactl's host operations (`[PRIVILEGE] sh -c SCRIPT hactl-NAME ARG...`,
// apply/host_script.hpp) are recognised by their $0 and carried out here;
// everything else goes to the FakeHost. It can also "crash"
// hactl after a number of commands, as kill -9 would.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake/fake_host.hpp"
#include "hactl/apply/clock.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::test {

/// Counts transport calls across both hosts; at zero, hactl "dies": that call
/// and every later one never reach a host (they fail as a dead process would
/// see nothing more happen), so the hosts are left as at that instant.
struct CrashBudget {
    int remaining = -1;  ///< -1: never
    bool crashed = false;
    /// False once the budget is spent: the call must not reach the host.
    bool spend();
};

/// Apply options for runs on the fake pair: destructive steps allowed, the lock
/// owned by `owner` (pid `pid`, on no real machine), no pause between polls nor
/// while a step's effect is awaited.
apply::ApplyOptions quick_apply_options(const std::string& owner = "ops@test", long pid = 1);

class RecordsFake : public transport::Transport {
public:
    RecordsFake(fake::FakeHost& host, CrashBudget& budget) : m_host(host), m_budget(budget) {}

    transport::CommandResult run(const std::string& command, transport::Millis deadline) override;
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override;
    std::string describe() const override { return m_host.describe(); }

    /// A monotonic clock of the host (seconds), for lock expiry; it also
    /// advances with `clock` when one is given.
    long now = 1000;

    /// Fake time. With it, a job whose command names an action in
    /// `job_durations` runs that long on it (started by this RecordsFake), its
    /// log growing by a line per minute, before it ends as the action would.
    apply::Clock* clock = nullptr;
    std::map<std::string, transport::Millis> job_durations;  ///< action name -> how long its job runs

    /// hactl's operation in `command`: its $0 (e.g. "hactl-lock") and arguments;
    /// nullopt for any other command.
    struct Op {
        std::string name;
        std::vector<std::string> args;
    };
    static std::optional<Op> parse_op(const std::string& command);

private:
    transport::CommandResult host_op(const Op& op, transport::Millis deadline);
    long seconds() const {
        return now + (clock == nullptr ? 0 : static_cast<long>(clock->now().count() / 1000));
    }
    /// Appends the progress lines of a timed job still running; false once it has run its time.
    bool still_running(const std::string& dir, std::string& log);

    fake::FakeHost& m_host;
    CrashBudget& m_budget;
    long m_next_pid = 100;
    struct TimedJob {
        transport::Millis started{0};
        transport::Millis duration{0};
        long lines = 0;
    };
    std::map<std::string, TimedJob> m_timed;  ///< job directory -> its fake-time run
};

}  // namespace hactl::test
