// A model test of the pair's life on the in-memory fake pair: a random sequence
// of desired states (paired with either host primary, split), each applied with
// the failover and destructive gates on by a hactl that dies at a random command
// (as kill -9 would), then applied again. Users write to the primary whenever
// the pair is paired and converged. Every run converges after re-applying (or
// refuses a failover to a host that lacks data, which converges once the
// earlier state is finished); the pair never has two masters; and no wipe ever
// deletes data newer than its peer's (the fake hosts' data generations).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "apply/fake_clock.hpp"
#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/plan/planner.hpp"

using namespace hactl;

namespace {

struct NullSink : apply::EventSink {
    void emit(const apply::Event&) override {}
};

/// A desired state: which fake host (0: 10.0.0.1, 1: 10.0.0.2) the file names
/// primary, and whether the pair should replicate.
struct Desired {
    int primary = 0;
    bool split = false;
    std::string text() const {
        return std::string(split ? "split" : "paired") + (primary == 0 ? " A/B" : " B/A");
    }
};

class Life {
public:
    explicit Life(const std::string& release) : m_pair(fake::test_spec(), fake::opts(release, fake::Preset::converged)) {
        for (auto* h : {&host(0), &host(1)}) {
            h->state().postgres_lag_bytes = 0;  // in sync whenever it streams
            h->state().kvstore_lag_bytes = 0;
        }
    }

    fake::FakeHost& host(int i) { return i == 0 ? m_pair.primary() : m_pair.secondary(); }

    model::PairSpec spec(const Desired& d) const {
        auto s = fake::test_spec();
        if (d.primary == 1) std::swap(s.primary, s.secondary);
        s.state = d.split ? model::PairState::split : model::PairState::paired;
        s.policy.allow_failover = true;
        return s;
    }

    /// One apply of `d`; nullopt when hactl "died" (after `budget` commands).
    std::optional<apply::ApplyResult> apply(const Desired& d, int budget) {
        test::CrashBudget crash;
        crash.remaining = budget;
        test::RecordsFake p(host(d.primary), crash);
        test::RecordsFake s(host(1 - d.primary), crash);
        p.now = s.now = m_clock;
        m_clock += 1000;  // the next run comes later: a dead run's lock has expired
        auto o = test::quick_apply_options("model@test", ++m_pid);
        o.lock_ttl = std::chrono::seconds(600);
        o.clock = &m_time;  // a wait for the lag passes in fake time
        NullSink sink;
        auto result = apply::apply_pair(spec(d), p, s, o, sink);
        if (crash.crashed) return std::nullopt;
        return result;
    }

    plan::Plan plan_now(const Desired& d) {
        const auto sp = spec(d);
        auto observed = facts::probe_pair(sp, host(d.primary), host(1 - d.primary), transport::Millis(1000));
        return plan::make_plan(sp, observed);
    }

    bool two_masters() { return host(0).mode() == "master" && host(1).mode() == "master"; }
    int newest_data_wipes() { return host(0).state().newest_data_wipes + host(1).state().newest_data_wipes; }

    /// The hosts are as `d` says.
    bool matches(const Desired& d) {
        auto& p = host(d.primary);
        auto& s = host(1 - d.primary);
        if (d.split) return p.mode() == "standalone" && s.mode() == "standalone";
        return p.mode() == "master" && s.mode() == "slave" && s.state().postgres_standby &&
               s.state().data_generation == p.state().data_generation;
    }

private:
    fake::FakePair m_pair;
    test::FakeClock m_time;
    long m_clock = 1000;
    long m_pid = 0;
};

}  // namespace

RC_GTEST_PROP(LifecycleModel, RandomDesiredStatesWithACrashConvergeWithOneMasterAndNoNewestDataLost, ()) {
    const auto release = *rc::gen::element<std::string>("2020.3.1", "2021.4.0", "2023.1.0");
    Life life(release);
    Desired current;  // converged preset: paired A/B
    RC_ASSERT(life.host(0).write_data());
    const auto count = *rc::gen::inRange(1, 5);
    for (int i = 0; i < count; ++i) {
        Desired next;
        next.primary = *rc::gen::inRange(0, 2);
        next.split = *rc::gen::element(false, false, true);
        const int budget = *rc::gen::inRange(0, 150);
        RC_TAG(next.text());

        auto crashed = life.apply(next, budget);
        if (!crashed) RC_TAG("crashed");
        RC_ASSERT(!life.two_masters());
        RC_ASSERT(life.newest_data_wipes() == 0);
        // From a converged pair, an apply that was not cut short converges.
        if (crashed) RC_ASSERT(crashed->outcome == apply::ApplyResult::Outcome::converged);

        auto again = life.apply(next, -1);
        RC_ASSERT(again.has_value());
        RC_ASSERT(!life.two_masters());
        RC_ASSERT(life.newest_data_wipes() == 0);
        if (again->outcome != apply::ApplyResult::Outcome::converged) {
            // Only a refusal that protects data: the host to fail over to is not
            // in sync (its rebuild was cut short); finishing the earlier state converges.
            RC_TAG("refused a failover to a host out of sync");
            RC_ASSERT(again->outcome == apply::ApplyResult::Outcome::refused);
            RC_ASSERT(!life.matches(current));
            auto finish = life.apply(current, -1);
            RC_ASSERT(finish.has_value());
            RC_ASSERT(finish->outcome == apply::ApplyResult::Outcome::converged);
            RC_ASSERT(life.matches(current));
            RC_ASSERT(life.newest_data_wipes() == 0);
            continue;
        }
        RC_ASSERT(life.matches(next));
        RC_ASSERT(life.plan_now(next).to_run().empty());
        current = next;
        if (!current.split) RC_ASSERT(life.host(current.primary).write_data());
    }
    RC_ASSERT(life.newest_data_wipes() == 0);
}
