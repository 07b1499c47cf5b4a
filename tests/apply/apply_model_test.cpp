// A model test of apply on the in-memory fake pair: from any mix of steps done
// by hand, a hactl that dies after any number of commands, then apply again,
// always converges; the apply after that changes nothing; the primary is
// never wiped.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/plan/planner.hpp"

using namespace hactl;

namespace {

struct NullSink : apply::EventSink {
    void emit(const apply::Event&) override {}
};

apply::ApplyOptions options(long pid) {
    apply::ApplyOptions o;
    o.allow_destructive = true;
    o.owner = "model@test";
    o.pid = pid;
    o.effect_wait = transport::Millis(0);
    o.poll_interval = transport::Millis(0);
    o.lock_ttl = std::chrono::seconds(600);
    return o;
}

// One apply run against the pair; nullopt when the simulated hactl crashed.
std::optional<apply::ApplyResult> apply_once(fake::FakePair& pair, test::CrashBudget& budget, long pid,
                                             long& clock) {
    test::RecordsFake primary(pair.primary(), budget);
    test::RecordsFake secondary(pair.secondary(), budget);
    primary.now = secondary.now = clock;
    clock += 1000;  // the next run comes much later: a crashed run's lock has expired
    NullSink sink;
    auto result = apply::apply_pair(pair.spec(), primary, secondary, options(pid), sink);
    if (budget.crashed) return std::nullopt;
    return result;
}

plan::Plan plan_now(fake::FakePair& pair) {
    auto observed = facts::probe_pair(pair.spec(), pair.primary(), pair.secondary(), transport::Millis(1000));
    return plan::make_plan(pair.spec(), observed);
}

}  // namespace

RC_GTEST_PROP(ApplyModel, AfterACrashAnywhereTheNextApplyConvergesAndTheOneAfterChangesNothing, ()) {
    const auto release = *rc::gen::element<std::string>("2020.3.1", "2021.3.2", "2021.4.0", "2023.1.0");
    auto spec = fake::test_spec();
    spec.backup_v2 = *rc::gen::arbitrary<bool>();
    fake::FakePair pair(spec, fake::opts(release));
    // Any prefix of the procedure done by hand (none, or up to a step).
    const auto done = *rc::gen::inRange<std::size_t>(0, plan::catalogue.size() + 1);
    if (done > 0) RC_ASSERT(pair.set_up_by_hand(plan::catalogue[done - 1].id));
    pair.clear_record();

    long clock = 1000;
    test::CrashBudget budget;
    budget.remaining = *rc::gen::inRange(0, 120);
    auto crashed_run = apply_once(pair, budget, 1, clock);
    RC_TAG(crashed_run ? "finished before the crash point" : "crashed");
    if (crashed_run) RC_ASSERT(crashed_run->outcome == apply::ApplyResult::Outcome::converged);

    test::CrashBudget no_crash;
    auto second = apply_once(pair, no_crash, 2, clock);
    RC_ASSERT(second.has_value());
    RC_ASSERT(second->outcome == apply::ApplyResult::Outcome::converged);
    RC_ASSERT(plan_now(pair).to_run().empty());

    pair.clear_record();
    auto third = apply_once(pair, no_crash, 3, clock);
    RC_ASSERT(third.has_value());
    RC_ASSERT(third->outcome == apply::ApplyResult::Outcome::converged);
    RC_ASSERT(third->steps_run == 0);
    RC_ASSERT(pair.changes().empty());

    // Never the primary's data; the secondary at most as often as the procedure needs.
    const auto& primary = pair.primary().state();
    RC_ASSERT(primary.instance_wipes == 0);
    RC_ASSERT(primary.postgres_wipes == 0);
    RC_ASSERT(primary.kvstore_wipes == 0);
    RC_ASSERT(pair.secondary().state().instance_wipes <= 1);
    RC_ASSERT(pair.secondary().state().key_generations <= 1);
    RC_ASSERT(primary.key_generations <= 1);
}

TEST(ApplyModel, WithoutPermissionNothingOfTheSecondaryIsWiped) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
    test::CrashBudget budget;
    test::RecordsFake p(pair.primary(), budget);
    test::RecordsFake s(pair.secondary(), budget);
    auto o = options(1);
    o.allow_destructive = false;
    NullSink sink;
    auto result = apply::apply_pair(pair.spec(), p, s, o, sink);
    EXPECT_EQ(result.outcome, apply::ApplyResult::Outcome::needs_permission);
    EXPECT_EQ(pair.secondary().state().instance_wipes, 0);
    EXPECT_EQ(pair.primary().conf("alation.cluster.replication_mode"), "master");
}
