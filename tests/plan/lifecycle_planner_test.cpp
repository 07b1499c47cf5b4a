// The planner across the pair's life (switchover, failover, rebuild, split) on
// facts probed from the in-memory fake pair: one test per row of the table of
// desired and observed states.
#include <gtest/gtest.h>

#include "hactl/contract/host_contract.hpp"
#include "plan_helpers.hpp"

using namespace hactl;
using fake::FakePair;
using fake::opts;
using fake::Preset;
using plan::StepStatus;
using test::planned;

namespace {
using Rows = std::vector<std::string>;

const std::string mode_key(contract::conf_key::replication_mode);

model::PairSpec spec_with(bool allow_failover, model::PairState state = model::PairState::paired) {
    auto spec = fake::test_spec();
    spec.policy.allow_failover = allow_failover;
    spec.state = state;
    return spec;
}

plan::Plan plan_of(FakePair& pair) { return plan::make_plan(pair.spec(), test::probe(pair)); }

bool has(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

// The rows the file asks for after a switchover, in order (release 2023.1).
const Rows rebuild = {"unprotect-secondary", "add-secondary", "max-wal-senders", "replicate-postgres",
                      "copy-kvstore", "start-kafka-sync"};

Rows concat(Rows a, const Rows& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void set_mode(fake::FakeHost& host, const char* mode) { host.state().conf[mode_key] = mode; }

/// The old primary of a real pair was never unprotected.
void protect(fake::FakeHost& host) {
    host.state().conf[std::string(contract::conf_key::protected_instance)] = "True";
}

}  // namespace

TEST(Lifecycle, AsTodayWhenTheHostsAgreeWithTheFile) {
    // X master (or standalone), Y slave of X or standalone: no lifecycle row runs.
    for (auto preset : {Preset::fresh, Preset::half, Preset::converged}) {
        FakePair pair(spec_with(false), opts("2023.1.0", preset));
        const auto p = plan_of(pair);
        ASSERT_FALSE(p.refused()) << p.refusals[0].message;
        EXPECT_EQ(test::find(p, "failover")->status, StepStatus::satisfied);
        EXPECT_EQ(test::find(p, "demote")->status, StepStatus::satisfied);
        EXPECT_EQ(test::find(p, "split@secondary")->status, StepStatus::not_applicable);
        EXPECT_EQ(test::find(p, "split@primary")->reason, "spec.state is paired");
    }
}

TEST(Lifecycle, SwitchoverWithoutTheGateIsRefusedNamingBothReadings) {
    FakePair pair(spec_with(false), opts("2023.1.0", Preset::swapped));
    const auto p = plan_of(pair);
    ASSERT_TRUE(p.refused());
    EXPECT_TRUE(p.steps.empty());
    EXPECT_EQ(test::codes(p), Rows{"roles-swapped"});
    EXPECT_EQ(p.refusals[0].message,
              "the file names 10.0.0.1 primary but 10.0.0.1 is a slave of 10.0.0.2: if 10.0.0.2 should stay "
              "primary, fix the file; to switch over, use --allow-failover (or spec.policy.allowFailover: true)");
    EXPECT_TRUE(pair.changes().empty());
}

TEST(Lifecycle, SwitchoverPlansFailoverDemoteThenTheSetupWithXAsPrimary) {
    FakePair pair(spec_with(true), opts("2023.1.0", Preset::swapped));
    protect(pair.secondary());
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(p.scope, plan::Scope::pair);
    EXPECT_EQ(planned(p), concat({"failover", "demote", "enter-master-mode"}, rebuild));
    const auto* failover = test::find(p, "failover");
    EXPECT_EQ(failover->risk, plan::Risk::failover);
    EXPECT_EQ(failover->target, plan::Target::primary);
    EXPECT_TRUE(has(failover->reason, "not reversible")) << failover->reason;
    EXPECT_TRUE(has(failover->reason, "stop writes to 10.0.0.2 first")) << failover->reason;
    const auto* demote = test::find(p, "demote");
    EXPECT_EQ(demote->risk, plan::Risk::failover);
    EXPECT_EQ(demote->target, plan::Target::secondary);
    // Y, the old primary, is unprotected, added (wiped) and replicated: destructive.
    EXPECT_EQ(test::find(p, "add-secondary")->risk, plan::Risk::destructive);
    EXPECT_TRUE(pair.changes().empty());
}

TEST(Lifecycle, RealFailoverWithTheOldMasterUnreachablePlansOnlyTheFailover) {
    FakePair pair(spec_with(true), opts("2023.1.0", Preset::swapped));
    pair.secondary().set_connection_error(transport::TransportError::unreachable, "connection timed out");
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(p.scope, plan::Scope::failover_only);
    EXPECT_EQ(planned(p), Rows{"failover"});
    EXPECT_TRUE(has(test::find(p, "failover")->reason, "is unreachable")) << test::find(p, "failover")->reason;
    for (const auto& s : p.steps) {
        if (s.id == "failover") continue;
        EXPECT_EQ(s.status, StepStatus::not_applicable) << test::row_name(s);
        EXPECT_TRUE(has(s.reason, "the secondary 10.0.0.2 is unreachable: decided when it is back")) << s.reason;
    }
}

TEST(Lifecycle, RealFailoverWithoutTheGateIsRefused) {
    FakePair pair(spec_with(false), opts("2023.1.0", Preset::swapped));
    pair.secondary().set_connection_error(transport::TransportError::unreachable, "connection timed out");
    const auto p = plan_of(pair);
    ASSERT_TRUE(p.refused());
    EXPECT_EQ(test::codes(p), (Rows{"unreachable", "roles-swapped"}));
    EXPECT_TRUE(has(p.refusals[1].message, "use --allow-failover")) << p.refusals[1].message;
}

TEST(Lifecycle, AnOldMasterThatIsBackAfterAFailoverIsDemotedAndRebuilt) {
    // X failed over (by hand or by an earlier apply): standalone with its keys; Y still says master.
    FakePair pair(spec_with(true), opts("2023.1.0", Preset::swapped));
    protect(pair.secondary());
    set_mode(pair.primary(), "standalone");
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(test::find(p, "failover")->status, StepStatus::satisfied);
    EXPECT_EQ(planned(p), concat({"demote", "enter-master-mode"}, rebuild));

    FakePair ungated(spec_with(false), opts("2023.1.0", Preset::swapped));
    set_mode(ungated.primary(), "standalone");
    const auto refused = plan_of(ungated);
    ASSERT_TRUE(refused.refused());
    EXPECT_EQ(test::codes(refused), Rows{"roles-swapped"});
    EXPECT_TRUE(has(refused.refusals[0].message, "10.0.0.2, named secondary, is a master"))
        << refused.refusals[0].message;
    EXPECT_TRUE(has(refused.refusals[0].message, "use --allow-failover"));
}

TEST(Lifecycle, AMasterSecondaryThatNeverExchangedKeysWithThePrimaryIsNeverDemoted) {
    // A fresh host named primary and a master named secondary: the file is wrong,
    // the master's data is the newest. Refused even with the gate.
    FakePair pair(spec_with(true), opts("2023.1.0"));
    pair.secondary().generate_keys();
    set_mode(pair.secondary(), "master");
    const auto p = plan_of(pair);
    ASSERT_TRUE(p.refused());
    EXPECT_EQ(test::codes(p), Rows{"secondary-is-master"});
}

TEST(Lifecycle, SplitBrainAndTwoSlavesStayRefusedWithTheGate) {
    FakePair masters(spec_with(true), opts("2023.1.0", Preset::converged));
    set_mode(masters.secondary(), "master");
    EXPECT_EQ(test::codes(plan_of(masters)), Rows{"split-brain"});
    FakePair slaves(spec_with(true), opts("2023.1.0", Preset::converged));
    set_mode(slaves.primary(), "slave");
    EXPECT_EQ(test::codes(plan_of(slaves)), Rows{"roles-swapped"});
    FakePair split_brain(spec_with(true, model::PairState::split), opts("2023.1.0", Preset::converged));
    set_mode(split_brain.secondary(), "master");
    EXPECT_EQ(test::codes(plan_of(split_brain)), Rows{"split-brain"});
}

TEST(Lifecycle, SplitOfAReplicatingPairTakesTheSecondaryThenThePrimaryAndDeletesNothing) {
    FakePair pair(spec_with(false, model::PairState::split), opts("2023.1.0", Preset::converged));
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(planned(p), (Rows{"split@secondary", "split@primary"}));
    for (const auto& s : p.steps) {
        if (s.id == "split") {
            EXPECT_NE(s.risk, plan::Risk::destructive);
            EXPECT_NE(s.risk, plan::Risk::failover);
            continue;
        }
        EXPECT_EQ(s.status, StepStatus::not_applicable) << test::row_name(s);
        EXPECT_EQ(s.reason, "spec.state is split");
    }
}

TEST(Lifecycle, SplitPairThatIsSplitPlansNothing) {
    FakePair pair(spec_with(false, model::PairState::split), opts("2023.1.0", Preset::converged));
    set_mode(pair.primary(), "standalone");
    set_mode(pair.secondary(), "standalone");
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_FALSE(p.has_changes()) << planned(p)[0];
    EXPECT_EQ(test::find(p, "split@primary")->status, StepStatus::satisfied);
}

TEST(Lifecycle, SplitWithTheHostsRolesSwappedNeedsNoGate) {
    // Splitting keeps every host's data: no failover, whichever host serves.
    FakePair pair(spec_with(false, model::PairState::split), opts("2023.1.0", Preset::swapped));
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(planned(p), (Rows{"split@secondary", "split@primary"}));
}

TEST(Lifecycle, PairedAgainAfterASplitRebuildsTheSecondary) {
    // After an upgrade of both hosts: both standalone, keys and hosts kept.
    FakePair pair(spec_with(false), opts("2023.1.0", Preset::converged));
    set_mode(pair.primary(), "standalone");
    set_mode(pair.secondary(), "standalone");
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(planned(p), (Rows{"enter-master-mode", "add-secondary", "max-wal-senders", "replicate-postgres",
                                "copy-kvstore", "start-kafka-sync"}));
    EXPECT_EQ(test::find(p, "exchange-keys")->status, StepStatus::satisfied);
}

TEST(Lifecycle, NoPlanWipesAHostThatServesTheNewestData) {
    // Every state of the table: a step that wipes the secondary is planned only
    // when the secondary does not serve (or a failover and demotion come first),
    // and never when the primary is a slave without a failover before it.
    struct State {
        const char* x;
        const char* y;
        Preset preset;
    };
    for (const auto& st : {State{"slave", "master", Preset::swapped}, State{"standalone", "master", Preset::swapped},
                           State{"standalone", "standalone", Preset::converged},
                           State{"master", "slave", Preset::converged}, State{"master", "standalone", Preset::half}}) {
        SCOPED_TRACE(std::string(st.x) + "/" + st.y);
        FakePair pair(spec_with(true), opts("2023.1.0", st.preset));
        set_mode(pair.primary(), st.x);
        set_mode(pair.secondary(), st.y);
        const auto p = plan_of(pair);
        ASSERT_FALSE(p.refused()) << p.refusals[0].message;
        bool failover_first = false;
        bool demote_first = false;
        for (const auto* s : p.to_run()) {
            failover_first = failover_first || s->id == "failover";
            demote_first = demote_first || s->id == "demote";
            const auto* def = plan::find_step(s->id);
            if (def->wipes != plan::Wipes::secondary) continue;
            if (std::string(st.y) == "master") {
                EXPECT_TRUE(demote_first) << s->id;
            }
            if (std::string(st.x) == "slave") {
                EXPECT_TRUE(failover_first) << s->id;
            }
        }
    }
}
