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
    auto o = test::quick_apply_options("model@test", pid);
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

namespace {

/// The secondary's transport; from its Nth probe on, the host has become a
/// master (a failover between hactl's plan and the step that would wipe it).
class FailsOverAtProbe : public transport::Transport {
public:
    FailsOverAtProbe(transport::Transport& inner, fake::FakeHost& host, int at)
        : m_inner(inner), m_host(host), m_at(at) {}
    transport::CommandResult run(const std::string& command, transport::Millis deadline) override {
        if (command.find("hactl_run") != std::string::npos && ++m_probes == m_at) {
            m_host.state().conf["alation.cluster.replication_mode"] = "master";
        }
        return m_inner.run(command, deadline);
    }
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override {
        return m_inner.start_interactive(command, error);
    }
    std::string describe() const override { return m_inner.describe(); }

private:
    transport::Transport& m_inner;
    fake::FakeHost& m_host;
    int m_at;
    int m_probes = 0;
};

}  // namespace

TEST(ApplyModel, AFreshRoleCheckRightBeforeTheWipeRefusesAHostThatBecameMaster) {
    // Everything before add-secondary is done: it is the first step apply runs.
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::half));
    auto& s = pair.secondary().state().conf;
    s["alation.cluster.protected_instance"] = "False";
    for (auto* host : {&pair.primary(), &pair.secondary()}) {
        host->state().conf["alation.cluster.override_ip"] =
            pair.spec().host(host == &pair.primary() ? model::Role::primary : model::Role::secondary).address;
        host->state().conf["alation.cluster.enable_override_ip"] = "True";
    }
    const auto before = plan_now(pair);
    ASSERT_FALSE(before.to_run().empty());
    ASSERT_EQ(before.to_run().front()->id, plan::step::add_secondary);

    test::CrashBudget budget;
    test::RecordsFake p(pair.primary(), budget);
    test::RecordsFake records_s(pair.secondary(), budget);
    FailsOverAtProbe s_transport(records_s, pair.secondary(), 2);  // probe 1: apply's plan; 2: the role check
    NullSink sink;
    pair.primary().clear_record();
    const auto result = apply::apply_pair(pair.spec(), p, s_transport, options(1), sink);
    EXPECT_EQ(result.outcome, apply::ApplyResult::Outcome::refused);
    EXPECT_NE(result.message.find("no longer a secondary that may be wiped"), std::string::npos)
        << result.message;
    EXPECT_EQ(pair.secondary().state().instance_wipes, 0);
    EXPECT_TRUE(pair.primary().changes().empty()) << pair.primary().changes().front();
}
