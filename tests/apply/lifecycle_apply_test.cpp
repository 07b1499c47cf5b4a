// Apply across the pair's life on the in-memory fake pair: a switchover, a real
// failover (the old master unreachable, then back), a split and pairing again;
// the failover gate, the lag wait on fake time, the degraded outcome, and a
// hactl killed at any command of a switchover.
#include <gtest/gtest.h>

#include <functional>

#include "apply/fake_clock.hpp"
#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/plan/planner.hpp"

using namespace hactl;
using apply::ApplyResult;
using fake::Preset;

namespace {

struct Recorder : apply::EventSink {
    std::vector<apply::Event> events;
    void emit(const apply::Event& e) override { events.push_back(e); }
    bool said(const std::string& words) const {
        for (const auto& e : events) {
            if (e.message.find(words) != std::string::npos) return true;
        }
        return false;
    }
    std::vector<std::string> started() const {
        std::vector<std::string> out;
        for (const auto& e : events) {
            if (e.kind == apply::Event::Kind::step_started) out.push_back(e.step + "@" + plan::to_string(e.target));
        }
        return out;
    }
};

model::PairSpec lifecycle_spec(bool allow_failover, std::uint64_t max_lag = 2000,
                               model::PairState state = model::PairState::paired) {
    auto spec = fake::test_spec();
    spec.policy.allow_failover = allow_failover;
    spec.policy.max_failover_lag_bytes = max_lag;
    spec.state = state;
    return spec;
}

struct Run {
    ApplyResult result;
    Recorder events;
};

struct ApplyAs {
    const model::PairSpec* spec = nullptr;  ///< nullptr: the pair's own
    apply::Clock* clock = nullptr;          ///< nullptr: a fake clock of this run
    transport::Millis lag_wait{60000};
    bool allow_destructive = true;
};

Run apply_on(fake::FakePair& pair, test::CrashBudget& budget, long pid, long& host_clock, const ApplyAs& as = {}) {
    test::RecordsFake p(pair.primary(), budget);
    test::RecordsFake s(pair.secondary(), budget);
    p.now = s.now = host_clock;
    host_clock += 1000;  // the next run comes later: a crashed run's lock has expired
    auto o = test::quick_apply_options("lifecycle@test", pid);
    o.lock_ttl = std::chrono::seconds(600);
    o.failover_lag_wait = as.lag_wait;
    o.allow_destructive = as.allow_destructive;
    test::FakeClock fake_clock;
    o.clock = as.clock != nullptr ? as.clock : &fake_clock;
    Run run;
    run.result = apply::apply_pair(as.spec != nullptr ? *as.spec : pair.spec(), p, s, o, run.events);
    return run;
}

Run apply_once(fake::FakePair& pair, const ApplyAs& as = {}) {
    test::CrashBudget budget;
    long host_clock = 1000;
    return apply_on(pair, budget, 1, host_clock, as);
}

const std::string mode_key(contract::conf_key::replication_mode);

/// Everything a host holds, to compare before and after a refusal.
struct Snapshot {
    std::map<std::string, std::string> conf, alation_files, host_files;
    int wipes = 0, restarts = 0, failovers = 0, standalone_entries = 0;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const fake::FakeHost& host) {
    const auto& s = host.state();
    return {s.conf, s.alation_files, s.host_files, s.instance_wipes + s.postgres_wipes + s.kvstore_wipes,
            s.service_restarts, s.failovers, s.standalone_entries};
}

void expect_replicating_with_x_primary(fake::FakePair& pair) {
    EXPECT_EQ(pair.primary().mode(), "master");
    EXPECT_EQ(pair.secondary().mode(), "slave");
    EXPECT_TRUE(pair.secondary().state().postgres_standby);
    EXPECT_TRUE(pair.secondary().state().kvstore_synced);
}

/// A host's transport that changes the pair at its Nth probe: someone acted
/// between hactl's plan and the step it was about to run.
class ChangesAtProbe : public transport::Transport {
public:
    ChangesAtProbe(transport::Transport& inner, int at, std::function<void()> change)
        : m_inner(inner), m_at(at), m_change(std::move(change)) {}
    transport::CommandResult run(const std::string& command, transport::Millis deadline) override {
        if (command.find("hactl_run") != std::string::npos && ++m_probes == m_at) m_change();
        return m_inner.run(command, deadline);
    }
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override {
        return m_inner.start_interactive(command, error);
    }
    std::string describe() const override { return m_inner.describe(); }

private:
    transport::Transport& m_inner;
    int m_at;
    std::function<void()> m_change;
    int m_probes = 0;
};

/// Apply with the primary's transport changing the pair at its Nth probe.
Run apply_changing(fake::FakePair& pair, int at, std::function<void()> change) {
    test::CrashBudget budget;
    test::RecordsFake p(pair.primary(), budget);
    test::RecordsFake s(pair.secondary(), budget);
    ChangesAtProbe changing(p, at, std::move(change));
    auto o = test::quick_apply_options();
    test::FakeClock clock;
    o.clock = &clock;
    Run run;
    run.result = apply::apply_pair(pair.spec(), changing, s, o, run.events);
    return run;
}

}  // namespace

TEST(LifecycleApply, SwitchoverRunsFailoverDemoteThenRebuildsTheOldPrimaryOnly) {
    fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::swapped));
    const int y_wipes = pair.secondary().state().instance_wipes;
    auto run = apply_once(pair);
    ASSERT_EQ(run.result.outcome, ApplyResult::Outcome::converged) << run.result.message;
    EXPECT_EQ(apply::exit_code(run.result), 0);
    const auto started = run.events.started();
    ASSERT_GE(started.size(), 3U);
    EXPECT_EQ(started[0], "failover@primary");
    EXPECT_EQ(started[1], "demote@secondary");
    EXPECT_EQ(started[2], "enter-master-mode@primary");
    EXPECT_TRUE(run.events.said("caught up")) << "the lag was checked before the failover";
    expect_replicating_with_x_primary(pair);
    EXPECT_EQ(pair.primary().state().instance_wipes, 0);
    EXPECT_EQ(pair.primary().state().newest_data_wipes + pair.secondary().state().newest_data_wipes, 0);
    EXPECT_EQ(pair.secondary().state().instance_wipes, y_wipes + 1);
    EXPECT_EQ(pair.primary().state().failovers, 1);
}

TEST(LifecycleApply, WithoutTheGateASwitchoverIsRefusedAndBothHostsStayByteIdentical) {
    fake::FakePair pair(lifecycle_spec(false), fake::opts("2023.1.0", Preset::swapped));
    const auto x = snapshot(pair.primary());
    const auto y = snapshot(pair.secondary());
    pair.clear_record();
    auto run = apply_once(pair);
    EXPECT_EQ(run.result.outcome, ApplyResult::Outcome::refused);
    EXPECT_EQ(apply::exit_code(run.result), 1);
    EXPECT_NE(run.result.message.find("use --allow-failover"), std::string::npos) << run.result.message;
    EXPECT_TRUE(pair.changes().empty()) << pair.changes().front();
    EXPECT_EQ(snapshot(pair.primary()), x);
    EXPECT_EQ(snapshot(pair.secondary()), y);
}

TEST(LifecycleApply, TheLagWaitStopsBeforeTheFailoverNamingTheLagAndChangesNothing) {
    fake::FakePair pair(lifecycle_spec(true, 0), fake::opts("2023.1.0", Preset::swapped));
    const auto y = snapshot(pair.secondary());
    pair.clear_record();
    test::FakeClock clock;
    auto run = apply_once(pair, {nullptr, &clock, std::chrono::minutes(5)});
    EXPECT_EQ(run.result.outcome, ApplyResult::Outcome::failed);
    EXPECT_EQ(apply::exit_code(run.result), 1);
    EXPECT_NE(run.result.message.find("PostgreSQL lag 1234 bytes"), std::string::npos) << run.result.message;
    EXPECT_NE(run.result.message.find("nothing changed"), std::string::npos) << run.result.message;
    EXPECT_GE(clock.now(), std::chrono::minutes(5));
    EXPECT_LT(clock.now(), std::chrono::minutes(6));
    EXPECT_TRUE(pair.changes().empty()) << pair.changes().front();
    EXPECT_EQ(pair.primary().mode(), "slave");
    EXPECT_EQ(snapshot(pair.secondary()), y);
}

TEST(LifecycleApply, TheFailoverRunsOnceTheLagFallsWithinTheWait) {
    fake::FakePair pair(lifecycle_spec(true, 0), fake::opts("2023.1.0", Preset::swapped));
    test::FakeClock clock;
    // The standby catches up two minutes into the wait (writes to the master stopped).
    clock.at_sleep = [&](transport::Millis now) {
        if (now >= std::chrono::minutes(2)) pair.primary().state().postgres_lag_bytes = 0;
    };
    auto run = apply_once(pair, {nullptr, &clock, std::chrono::minutes(5)});
    ASSERT_EQ(run.result.outcome, ApplyResult::Outcome::converged) << run.result.message;
    EXPECT_TRUE(run.events.said("waiting: the monitor of the secondary (10.0.0.2) shows PostgreSQL lag 1234 bytes"));
    expect_replicating_with_x_primary(pair);
}

TEST(LifecycleApply, ARealFailoverEndsDegradedAndTheOldMasterIsRebuiltWhenItIsBack) {
    fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::swapped));
    pair.secondary().set_connection_error(transport::TransportError::unreachable, "connection timed out");
    const auto y = snapshot(pair.secondary());
    auto run = apply_once(pair);
    ASSERT_EQ(run.result.outcome, ApplyResult::Outcome::degraded) << run.result.message;
    EXPECT_EQ(apply::exit_code(run.result), 2);
    EXPECT_NE(run.result.message.find("apply again when it is back"), std::string::npos) << run.result.message;
    EXPECT_EQ(run.events.started(), std::vector<std::string>{"failover@primary"});
    EXPECT_EQ(run.events.events.back().kind, apply::Event::Kind::degraded);
    EXPECT_EQ(pair.primary().mode(), "standalone");
    EXPECT_EQ(snapshot(pair.secondary()), y);

    // Applied again while the old master is still away: degraded again, nothing run.
    const auto x = snapshot(pair.primary());
    auto again = apply_once(pair);
    ASSERT_EQ(again.result.outcome, ApplyResult::Outcome::degraded) << again.result.message;
    EXPECT_EQ(apply::exit_code(again.result), 2);
    EXPECT_TRUE(again.events.started().empty());
    EXPECT_NE(again.result.message.find("apply again when it is back"), std::string::npos) << again.result.message;
    EXPECT_EQ(snapshot(pair.primary()), x);

    // The old master returns, still saying master: demoted, wiped and replicated.
    pair.secondary().set_connection_error(transport::TransportError::none);
    auto back = apply_once(pair);
    ASSERT_EQ(back.result.outcome, ApplyResult::Outcome::converged) << back.result.message;
    EXPECT_EQ(back.events.started().front(), "demote@secondary");
    expect_replicating_with_x_primary(pair);
    EXPECT_EQ(pair.primary().state().instance_wipes, 0);
}

TEST(LifecycleApply, DemotingStillNeedsTheDestructiveGateToWipe) {
    fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::swapped));
    const int y_wipes = pair.secondary().state().instance_wipes;
    ApplyAs as;
    as.allow_destructive = false;
    auto run = apply_once(pair, as);
    EXPECT_EQ(run.result.outcome, ApplyResult::Outcome::needs_permission) << run.result.message;
    EXPECT_EQ(pair.primary().mode(), "master");
    EXPECT_EQ(pair.secondary().mode(), "standalone");
    EXPECT_EQ(pair.secondary().state().instance_wipes, y_wipes);
}

TEST(LifecycleApply, SplitThenPairedAgainAcrossAReleaseChange) {
    fake::FakePair pair(lifecycle_spec(false, 0, model::PairState::split), fake::opts("2023.1.0", Preset::converged));
    const int y_wipes = pair.secondary().state().instance_wipes;
    auto split = apply_once(pair);
    ASSERT_EQ(split.result.outcome, ApplyResult::Outcome::converged) << split.result.message;
    EXPECT_EQ(split.events.started(), (std::vector<std::string>{"split@secondary", "split@primary"}));
    EXPECT_NE(split.result.message.find("the pair is split"), std::string::npos) << split.result.message;
    EXPECT_EQ(pair.primary().mode(), "standalone");
    EXPECT_EQ(pair.secondary().mode(), "standalone");
    EXPECT_EQ(pair.secondary().state().instance_wipes, y_wipes);
    EXPECT_EQ(apply_once(pair).result.steps_run, 0) << "a split pair that is split plans nothing";

    // Both hosts upgraded, then the file says paired again: the secondary is rebuilt.
    for (auto* host : {&pair.primary(), &pair.secondary()}) host->state().release_raw = "2023.2.0";
    const auto paired = lifecycle_spec(false);
    ApplyAs as;
    as.spec = &paired;
    auto again = apply_once(pair, as);
    ASSERT_EQ(again.result.outcome, ApplyResult::Outcome::converged) << again.result.message;
    expect_replicating_with_x_primary(pair);
    EXPECT_EQ(pair.secondary().state().instance_wipes, y_wipes + 1);
    EXPECT_EQ(pair.primary().state().instance_wipes, 0);
}

TEST(LifecycleApply, KilledAtAnyCommandOfASwitchoverTheNextApplyConvergesToTheFilesRoles) {
    int crash_points = 0;
    for (int at = 0;; ++at) {
        SCOPED_TRACE("killed at command " + std::to_string(at));
        fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::swapped));
        test::CrashBudget budget;
        budget.remaining = at;
        long host_clock = 1000;
        auto first = apply_on(pair, budget, 1, host_clock);
        if (!budget.crashed) {
            ASSERT_EQ(first.result.outcome, ApplyResult::Outcome::converged) << first.result.message;
            break;  // every command of the switchover was a crash point
        }
        ++crash_points;
        test::CrashBudget no_crash;
        auto second = apply_on(pair, no_crash, 2, host_clock);
        ASSERT_EQ(second.result.outcome, ApplyResult::Outcome::converged) << second.result.message;
        expect_replicating_with_x_primary(pair);
        EXPECT_EQ(pair.primary().state().instance_wipes, 0);
        EXPECT_EQ(pair.primary().state().newest_data_wipes + pair.secondary().state().newest_data_wipes, 0);
        EXPECT_EQ(pair.primary().state().failovers, 1);
    }
    RecordProperty("crash_points", crash_points);
    EXPECT_GT(crash_points, 20);
}

TEST(LifecycleApply, AFailoverDoneByHandRightBeforeApplysIsNotRunAgain) {
    // Probe 1: apply's plan (failover first); probe 2: the role check right before it.
    fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::swapped));
    auto run = apply_changing(pair, 2, [&] {
        pair.primary().state().conf[mode_key] = "standalone";  // someone ran cluster_failover
    });
    ASSERT_EQ(run.result.outcome, ApplyResult::Outcome::converged) << run.result.message;
    EXPECT_EQ(run.events.started().front(), "demote@secondary");
    EXPECT_EQ(pair.primary().state().failovers, 0);
    expect_replicating_with_x_primary(pair);
}

TEST(LifecycleApply, APrimaryThatIsASlaveAgainRightBeforeTheDemotionStopsApplyBeforeAnyChange) {
    // After the failover, before the demotion, the primary is a slave again: the
    // secondary may hold the newest data. Nothing of it is demoted or wiped.
    fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::converged));
    pair.primary().state().conf[mode_key] = "standalone";
    pair.secondary().state().conf[mode_key] = "master";
    const int y_wipes = pair.secondary().state().instance_wipes;
    auto run = apply_changing(pair, 2, [&] { pair.primary().state().conf[mode_key] = "slave"; });
    EXPECT_EQ(run.result.outcome, ApplyResult::Outcome::refused) << run.result.message;
    EXPECT_EQ(pair.secondary().mode(), "master");
    EXPECT_EQ(pair.secondary().state().instance_wipes, y_wipes);
    EXPECT_EQ(pair.secondary().state().standalone_entries, 0);
}

TEST(LifecycleApply, AWipeIsRefusedWhenThePrimaryBecameASlaveRightBeforeIt) {
    // Everything before add-secondary done; right before the wipe the primary is a slave.
    fake::FakePair pair(lifecycle_spec(true), fake::opts("2023.1.0", Preset::converged));
    for (auto* host : {&pair.primary(), &pair.secondary()}) host->state().conf[mode_key] = "standalone";
    pair.primary().state().conf[mode_key] = "master";
    const int y_wipes = pair.secondary().state().instance_wipes;
    auto run = apply_changing(pair, 2, [&] { pair.primary().state().conf[mode_key] = "slave"; });
    EXPECT_EQ(run.result.outcome, ApplyResult::Outcome::refused) << run.result.message;
    EXPECT_NE(run.result.message.find("may hold the newest data; nothing was wiped"), std::string::npos)
        << run.result.message;
    EXPECT_EQ(pair.secondary().state().instance_wipes, y_wipes);
}
