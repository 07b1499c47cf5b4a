// The planner on facts probed from the in-memory fake pair.
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

const Rows all_rows = {"failover", "demote", "split@secondary", "split@primary", "generate-keys@primary", "generate-keys@secondary", "exchange-keys", "enter-master-mode",
                       "unprotect-secondary", "override-ip@primary", "override-ip@secondary", "add-secondary",
                       "max-wal-senders", "replicate-postgres", "copy-kvstore", "start-kafka-sync",
                       "enable-backup-v2"};

Rows without(Rows rows, const Rows& drop) {
    std::erase_if(rows, [&](const std::string& r) { return std::find(drop.begin(), drop.end(), r) != drop.end(); });
    return rows;
}

plan::Plan plan_of(FakePair& pair) { return plan::make_plan(pair.spec(), test::probe(pair)); }
}  // namespace

TEST(Planner, FreshPairPlansEveryApplicableStepInOrder) {
    struct Case {
        const char* release;
        Rows not_applicable;
    };
    for (const auto& c : {Case{"2020.3.0", {"split@secondary", "split@primary", "override-ip@primary",
                                            "override-ip@secondary", "max-wal-senders", "start-kafka-sync"}},
                          Case{"2021.3.1", {"split@secondary", "split@primary", "start-kafka-sync", "enable-backup-v2"}},
                          Case{"2023.1.0", {"split@secondary", "split@primary", "enable-backup-v2"}}}) {
        SCOPED_TRACE(c.release);
        FakePair pair(fake::test_spec(), opts(c.release));
        const auto p = plan_of(pair);
        ASSERT_FALSE(p.refused()) << p.refusals[0].message;
        EXPECT_EQ(p.steps.size(), all_rows.size());
        EXPECT_EQ(planned(p), without(without(all_rows, c.not_applicable), {"failover", "demote"}));
        EXPECT_EQ(test::rows(p, StepStatus::not_applicable), c.not_applicable);
        EXPECT_TRUE(p.has_changes());
        EXPECT_TRUE(pair.changes().empty());
    }
}

TEST(Planner, ReasonsNameTheFact) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    const auto p = plan_of(pair);
    EXPECT_EQ(test::find(p, "enter-master-mode")->reason, "mode is standalone, want master");
    EXPECT_EQ(test::find(p, "unprotect-secondary")->reason, "protected_instance is True, want False");
    EXPECT_EQ(test::find(p, "generate-keys@secondary")->reason, "no cluster key (id_cluster.pub absent)");
    EXPECT_EQ(test::find(p, "override-ip@secondary")->reason,
              "override_ip is '', want 10.0.0.2; enable_override_ip is False, want True");
    EXPECT_NE(test::find(p, "add-secondary")->reason.find("secondary mode is standalone, want slave"),
              std::string::npos);
    EXPECT_NE(test::find(p, "replicate-postgres")->reason.find("add-secondary is planned"), std::string::npos);
    EXPECT_EQ(test::find(p, "enable-backup-v2")->reason, "only below release 2021.2 (hosts run 2023.1)");
    const auto* add = test::find(p, "add-secondary");
    EXPECT_EQ(add->risk, plan::Risk::destructive);
    EXPECT_EQ(add->target, plan::Target::primary);
    EXPECT_TRUE(test::find(p, "copy-kvstore")->long_running);
}

TEST(Planner, ConvergedPairPlansNothing) {
    for (const char* release : {"2020.3.0", "2020.4.0", "2021.2.0", "2021.3.1", "2021.4.2", "2023.1.0"}) {
        SCOPED_TRACE(release);
        FakePair pair(fake::test_spec(), opts(release, Preset::converged));
        const auto p = plan_of(pair);
        ASSERT_FALSE(p.refused()) << p.refusals[0].message;
        EXPECT_TRUE(planned(p).empty()) << planned(p)[0] << ": " << test::find(p, planned(p)[0])->reason;
        EXPECT_FALSE(p.has_changes());
        EXPECT_EQ(test::rows(p, StepStatus::satisfied).size() + test::rows(p, StepStatus::not_applicable).size(),
                  all_rows.size());
    }
}

TEST(Planner, EveryRunbookPrefixDoneByHandPlansExactlyTheRest) {
    // No receipts anywhere: facts the hosts report are enough.
    for (const char* release : {"2020.3.0", "2021.3.1", "2023.1.0"}) {
        for (std::size_t k = 0; k < plan::catalogue.size(); ++k) {
            const auto last = plan::catalogue[k].id;
            // The lifecycle rows are not part of the vendor's setup runbook.
            if (last == plan::step::failover || last == plan::step::demote || last == plan::step::split) continue;
            SCOPED_TRACE(std::string(release) + " by hand up to " + std::string(last));
            FakePair pair(fake::test_spec(), opts(release));
            ASSERT_TRUE(pair.set_up_by_hand(last));
            const auto p = plan_of(pair);
            ASSERT_FALSE(p.refused()) << p.refusals[0].message;
            for (const auto& s : p.steps) {
                if (s.status == StepStatus::not_applicable) continue;
                std::size_t index = 0;
                while (plan::catalogue[index].id != s.id) ++index;
                // One exception, by design: max_wal_senders configured and deployed
                // by hand, before PostgreSQL streams, cannot be seen as deployed
                // (no receipt, no streaming), so it is planned again (a restart).
                const bool deployed_unseen = s.id == plan::step::max_wal_senders && k == index;
                EXPECT_EQ(s.status == StepStatus::planned, index > k || deployed_unseen)
                    << test::row_name(s) << ": " << s.reason;
            }
        }
    }
}

TEST(Planner, HalfPairPlansTheMissingSteps) {
    FakePair pair(fake::test_spec(), opts("2021.3.1", Preset::half));
    const auto p = plan_of(pair);
    EXPECT_EQ(planned(p), (Rows{"unprotect-secondary", "override-ip@primary", "override-ip@secondary",
                                "add-secondary", "max-wal-senders", "replicate-postgres", "copy-kvstore"}));
    EXPECT_EQ(test::find(p, "exchange-keys")->status, StepStatus::satisfied);
}

TEST(Planner, DriftPostgresLagUnknownPlansARebuild) {
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::converged));
    // hactl deployed max_wal_senders (its receipt), then the standby stopped streaming.
    pair.secondary().state().host_files["/var/lib/hactl/receipts/max-wal-senders"] = "completed_at=x\n";
    pair.secondary().state().postgres_standby = false;
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.refused());
    EXPECT_EQ(planned(p), (Rows{"replicate-postgres"}));
    const auto* s = test::find(p, "replicate-postgres");
    EXPECT_EQ(s->risk, plan::Risk::destructive);
    EXPECT_NE(s->reason.find("PostgreSQL lag unknown"), std::string::npos) << s->reason;
    EXPECT_NE(s->reason.find("broken"), std::string::npos);
    EXPECT_NE(s->reason.find("wipes"), std::string::npos);
}

TEST(Planner, DriftOnAPairSetUpByHandAlsoRedeploysWalSenders) {
    // Without hactl's receipt, "deployed" was known only from the streaming
    // that just stopped: deploy again (a restart) before rebuilding.
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::converged));
    pair.secondary().state().postgres_standby = false;
    const auto p = plan_of(pair);
    EXPECT_EQ(planned(p), (Rows{"max-wal-senders", "replicate-postgres"}));
    EXPECT_NE(test::find(p, "max-wal-senders")->reason.find("not known to be deployed"), std::string::npos);
}

TEST(Planner, ReplicatedButKvStoreNotCopied) {
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::converged));
    pair.secondary().state().kvstore_synced = false;
    const auto p = plan_of(pair);
    EXPECT_EQ(planned(p), (Rows{"copy-kvstore"}));
    EXPECT_NE(test::find(p, "copy-kvstore")->reason.find("KV store lag unknown"), std::string::npos);
}

TEST(Planner, MaxWalSendersDeployedNeedsAReceiptOrStreaming) {
    FakePair pair(fake::test_spec(), opts("2021.3.1"));
    ASSERT_TRUE(pair.set_up_by_hand("add-secondary"));
    // Configured by hand, never deployed: PostgreSQL does not stream yet.
    pair.secondary().state().conf[std::string(contract::conf_key::max_wal_senders)] = "4";
    auto p = plan_of(pair);
    EXPECT_EQ(test::find(p, "max-wal-senders")->status, StepStatus::planned);
    EXPECT_NE(test::find(p, "max-wal-senders")->reason.find("not known to be deployed"), std::string::npos);
    // hactl's receipt of deploy_conf_all fills in what the host cannot report.
    pair.secondary().state().host_files["/var/lib/hactl/receipts/max-wal-senders"] = "completed_at=x\n";
    p = plan_of(pair);
    EXPECT_EQ(test::find(p, "max-wal-senders")->status, StepStatus::satisfied);
    EXPECT_EQ(planned(p).front(), "replicate-postgres");
    // A receipt never hides a configured value that differs.
    pair.secondary().state().conf[std::string(contract::conf_key::max_wal_senders)] = "10";
    p = plan_of(pair);
    EXPECT_EQ(test::find(p, "max-wal-senders")->reason, "max_wal_senders is 10, want 4");
}

TEST(Planner, SpecSwitchesGateSteps) {
    auto spec = fake::test_spec();
    spec.replication.postgres = false;
    spec.replication.event_bus = false;
    FakePair pair(spec, opts("2023.1.0"));
    const auto p = plan_of(pair);
    EXPECT_EQ(test::find(p, "replicate-postgres")->status, StepStatus::not_applicable);
    EXPECT_EQ(test::find(p, "replicate-postgres")->reason, "replication.postgres is false");
    EXPECT_EQ(test::find(p, "start-kafka-sync")->reason, "replication.eventBus is false");
    EXPECT_EQ(test::find(p, "copy-kvstore")->status, StepStatus::planned);
}

TEST(Planner, RunningJobIsNamedInTheReason) {
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::converged));
    pair.secondary().state().postgres_standby = false;
    pair.secondary().state().host_files["/var/lib/hactl/jobs/replicate-postgres/pid"] = "31\n";
    pair.secondary().state().host_files["/var/lib/hactl/jobs/replicate-postgres/started_at"] = "2026-11-26T09:00:00Z\n";
    pair.secondary().state().live_pids.insert(31);
    const auto p = plan_of(pair);
    EXPECT_NE(test::find(p, "replicate-postgres")->reason.find("still running since 2026-11-26T09:00:00Z"),
              std::string::npos);
}

TEST(Planner, FingerprintFollowsTheFactsAStepReads) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    const auto a = plan_of(pair);
    const auto b = plan_of(pair);
    for (std::size_t i = 0; i < a.steps.size(); ++i) {
        EXPECT_EQ(a.steps[i].fingerprint, b.steps[i].fingerprint);
        EXPECT_EQ(a.steps[i].fingerprint.size(), 64u);
        EXPECT_EQ(a.steps[i].fingerprint, plan::fingerprint(a.steps[i].depends_on));
    }
    pair.primary().state().conf[std::string(contract::conf_key::replication_mode)] = "master";
    const auto c = plan_of(pair);
    EXPECT_NE(test::find(a, "enter-master-mode")->fingerprint, test::find(c, "enter-master-mode")->fingerprint);
    EXPECT_EQ(test::find(a, "unprotect-secondary")->fingerprint, test::find(c, "unprotect-secondary")->fingerprint);
    EXPECT_EQ(test::find(c, "enter-master-mode")->depends_on,
              (std::vector<plan::FactValue>{{"primary.mode", "master"}}));
}

// ---------------------------------------------------------------------------
// Refusals: a refused plan has no steps, and nothing ran on any host.

namespace {
void expect_refused(FakePair& pair, const std::string& code, const std::string& words) {
    const auto p = plan_of(pair);
    ASSERT_TRUE(p.refused());
    EXPECT_TRUE(p.steps.empty());
    EXPECT_FALSE(p.has_changes());
    const auto c = test::codes(p);
    EXPECT_NE(std::find(c.begin(), c.end(), code), c.end()) << "codes: " << (c.empty() ? "" : c[0]);
    bool found = false;
    for (const auto& r : p.refusals) found = found || r.message.find(words) != std::string::npos;
    EXPECT_TRUE(found) << p.refusals[0].message;
    EXPECT_TRUE(pair.changes().empty());
}
}  // namespace

TEST(Refusal, SwappedRoles) {
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::swapped));
    expect_refused(pair, "roles-swapped",
                   "the file names 10.0.0.1 primary but 10.0.0.1 is a slave of 10.0.0.2: if 10.0.0.2 should stay "
                   "primary, fix the file; to switch over, use --allow-failover");
}

TEST(Refusal, BothMasters) {
    FakePair pair(fake::test_spec(), opts("2021.3.1", Preset::half));
    pair.secondary().state().conf[std::string(contract::conf_key::replication_mode)] = "master";
    expect_refused(pair, "split-brain", "both hosts are masters");
}

TEST(Refusal, SecondaryInMasterMode) {
    FakePair pair(fake::test_spec(), opts("2021.3.1"));
    pair.secondary().state().conf[std::string(contract::conf_key::replication_mode)] = "master";
    expect_refused(pair, "secondary-is-master", "the host named secondary (10.0.0.2) is a master");
}

TEST(Refusal, ReleasesDiffer) {
    FakePair pair(fake::test_spec(), opts("2021.3.1", Preset::fresh, "2021.4.0"));
    expect_refused(pair, "release-differs", "primary runs 2021.3, secondary runs 2021.4");
}

TEST(Refusal, ReleaseDiffersFromThePairFile) {
    auto spec = fake::test_spec();
    spec.release = model::Release{2023, 3};
    FakePair pair(spec, opts("2023.1.0", Preset::converged));
    expect_refused(pair, "release-differs", "runs 2023.1, the pair file wants 2023.3");
}

TEST(Refusal, PartitionsDiffer) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    pair.secondary().state().partitions["/data"] = 1024;
    expect_refused(pair, "partitions-differ", "partition sizes of /data differ");
}

TEST(Refusal, OverrideIpNamesAnotherAddress) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    pair.secondary().state().conf[std::string(contract::conf_key::override_ip)] = "10.9.9.9";
    expect_refused(pair, "address-mismatch", "override_ip is 10.9.9.9");
}

TEST(Refusal, ClusterHostsNameAnotherPair) {
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::converged));
    pair.primary().state().conf[std::string(contract::conf_key::cluster_hosts)] = "10.0.0.1,10.0.0.7";
    expect_refused(pair, "address-mismatch", "alation.cluster.hosts names 10.0.0.7");
}

TEST(Refusal, Unreachable) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    pair.primary().set_connection_error(transport::TransportError::unreachable, "connection refused");
    expect_refused(pair, "unreachable", "primary 10.0.0.1 unreachable: connection refused");
}

TEST(Refusal, HostKeyChanged) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    pair.secondary().set_connection_error(transport::TransportError::host_key_changed, "SHA256:abc differs");
    expect_refused(pair, "host-key", "host key changed: SHA256:abc differs");
}

TEST(Refusal, UnknownFactThatADecisionNeeds) {
    FakePair pair(fake::test_spec(), opts("2023.1.0", Preset::converged));
    pair.primary().set_monitor_down(true);
    expect_refused(pair, "unknown-fact", "cannot decide max-wal-senders: primary.monitor unknown (exit 7: curl: (7)");
}

TEST(Refusal, UnknownFactNobodyNeedsIsNoRefusal) {
    // On a fresh pair add-secondary is planned, so the replication steps are
    // planned whatever the monitor says: its absence does not matter.
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    pair.primary().set_monitor_down(true);
    const auto p = plan_of(pair);
    EXPECT_FALSE(p.refused()) << p.refusals[0].message;
    EXPECT_EQ(test::find(p, "replicate-postgres")->status, StepStatus::planned);
}

TEST(Refusal, UnreadableReleaseOrMode) {
    FakePair pair(fake::test_spec(), opts("2023.1.0"));
    pair.secondary().fail_next("alation_version.py", 1, "cat: Permission denied");
    expect_refused(pair, "unknown-fact", "secondary.release unknown (exit 1: cat: Permission denied)");
}
