// The host profile is used everywhere its details are: for every single field,
// a fake pair whose hosts differ from the contract in that field alone is met
// by a pair file carrying the matching profile (plan, apply, converge, re-plan
// to nothing, status healthy), and without it hactl refuses or reports the
// mismatch instead of converging (never a crash).
#include <gtest/gtest.h>

#include <functional>

#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/apply/port_check.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/output/status.hpp"
#include "hactl/plan/planner.hpp"

using namespace hactl;

namespace {

struct NullSink : apply::EventSink {
    void emit(const apply::Event&) override {}
};

/// One way a host can differ from the contract: a profile field and its value there.
struct Variant {
    const char* field;  ///< the profile file's name
    std::function<void(contract::HostProfile&)> differ;
};

const std::vector<Variant>& variants() {
    static const std::vector<Variant> all = {
        {"releaseFile", [](auto& p) { p.release_file = "/opt/alation/site/config/alation_release.py"; }},
        {"releaseKey", [](auto& p) { p.release_key = "SITE_RELEASE"; }},
        {"clusterKeyFile", [](auto& p) { p.cluster_key_file = "/etc/alation/cluster.pub"; }},
        {"authorizedKeysFile", [](auto& p) { p.authorized_keys_file = "/etc/alation/cluster_trust"; }},
        {"confKeys.replicationMode", [](auto& p) { p.conf_keys.replication_mode = "site.cluster.mode"; }},
        {"confKeys.protectedInstance",
         [](auto& p) { p.conf_keys.protected_instance = "site.cluster.protected"; }},
        {"confKeys.overrideIp", [](auto& p) { p.conf_keys.override_ip = "site.cluster.ip"; }},
        {"confKeys.enableOverrideIp",
         [](auto& p) { p.conf_keys.enable_override_ip = "site.cluster.ip_enabled"; }},
        {"confKeys.clusterHosts", [](auto& p) { p.conf_keys.cluster_hosts = "alation.cluster.members"; }},
        {"confKeys.maxWalSenders", [](auto& p) { p.conf_keys.max_wal_senders = "pgsql.max_wal_senders"; }},
        {"confKeys.backupV2", [](auto& p) { p.conf_keys.backup_v2 = "site.backup_v2"; }},
        {"actions.generateKeys", [](auto& p) { p.actions.generate_keys = "site_generate_keys"; }},
        {"actions.enterMasterMode", [](auto& p) { p.actions.enter_master_mode = "site_master"; }},
        {"actions.addSlaves", [](auto& p) { p.actions.add_slaves = "site_add_standby"; }},
        {"actions.deployConf", [](auto& p) { p.actions.deploy_conf = "site_deploy"; }},
        {"actions.replicatePostgres", [](auto& p) { p.actions.replicate_postgres = "site_replicate_pg"; }},
        {"actions.kvstoreCopy", [](auto& p) { p.actions.kvstore_copy = "site_kv_copy"; }},
        {"actions.startKafkaSync", [](auto& p) { p.actions.start_kafka_sync = "site_kafka"; }},
        {"actions.replicateFiles", [](auto& p) { p.actions.replicate_files = "site_rsync"; }},
        {"monitor.mode", [](auto& p) { p.monitor.mode = "/cluster/mode"; }},
        {"monitor.postgresLag", [](auto& p) { p.monitor.postgres_lag = "/pgsql/replication_lag_bytes"; }},
        {"monitor.kvstoreLag", [](auto& p) { p.monitor.kvstore_lag = "/kv/lag"; }},
        {"monitor.eventBusSync", [](auto& p) { p.monitor.event_bus_sync = "/kafka/state"; }},
        {"helperPromptWords",
         [](auto& p) {
             p.helper_prompt_words = {"Schluessel", "Adresse"};
         }},
        {"haPorts",
         [](auto& p) {
             p.ha_ports = {2222, 6432, 8089};
         }},
        {"freshMaxWalSenders", [](auto& p) { p.fresh_max_wal_senders = 16; }},
    };
    return all;
}

apply::ApplyOptions options() {
    auto o = test::quick_apply_options("profile@test", 1);
    o.lock_ttl = std::chrono::seconds(600);
    // The fake answers at once: short pauses keep a helper dialogue (and a
    // prompt that never comes) quick.
    o.dialogue.stall = transport::Millis(20);
    o.dialogue.prompt_deadline = transport::Millis(300);
    o.dialogue.finish_deadline = transport::Millis(300);
    return o;
}

struct Outcome {
    plan::Plan first_plan;
    std::optional<apply::ApplyResult> applied;  ///< absent when the first plan was refused
    plan::Plan replan;
    output::Health health;
};

/// Plans, applies (when not refused), re-plans and assesses the status, with
/// the pair file `spec`, on hosts that are as `host` says.
Outcome plan_apply_status(const model::PairSpec& spec, const contract::HostProfile& host,
                          const std::string& release) {
    auto o = fake::opts(release);
    o.host = host;
    fake::FakePair pair(spec, o);
    Outcome run;
    auto observed = facts::probe_pair(spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    run.first_plan = plan::make_plan(spec, observed);
    if (!run.first_plan.refused()) {
        test::CrashBudget budget;
        test::RecordsFake primary(pair.primary(), budget);
        test::RecordsFake secondary(pair.secondary(), budget);
        NullSink sink;
        run.applied = apply::apply_pair(spec, primary, secondary, options(), sink);
    }
    test::CrashBudget budget;
    test::RecordsFake primary(pair.primary(), budget);
    test::RecordsFake secondary(pair.secondary(), budget);
    observed = facts::probe_pair(spec, primary, secondary, transport::Millis(1000));
    run.replan = plan::make_plan(spec, observed);
    output::StatusReport report{spec, observed, run.replan,
                                apply::check_ports(spec.primary, primary, spec.profile.ha_ports),
                                apply::check_ports(spec.secondary, secondary, spec.profile.ha_ports)};
    run.health = output::assess(report);
    return run;
}

std::string problems(const Outcome& run) {
    std::string out;
    for (const auto& r : run.first_plan.refusals) out += "refusal: " + r.message + "\n";
    if (run.applied) out += "apply: " + run.applied->message + "\n";
    for (const auto& p : run.health.problems) out += "status: " + p + "\n";
    return out;
}

bool met(const Outcome& run) {
    return !run.first_plan.refused() && run.applied &&
           run.applied->outcome == apply::ApplyResult::Outcome::converged && run.replan.to_run().empty() &&
           !run.replan.refused() && run.health.level == output::Health::Level::healthy;
}

}  // namespace

// Releases: 2023.1 runs every step but enable-backup-v2; 2020.3 runs that one
// (and no override_ip, max_wal_senders or event bus).
class EveryProfileField : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryProfileField, WithTheMatchingProfileAFreshPairConvergesAndIsHealthy) {
    const std::string release = GetParam();
    for (const auto& variant : variants()) {
        SCOPED_TRACE(std::string(variant.field) + " on " + release);
        contract::HostProfile host;
        variant.differ(host);
        ASSERT_NE(host, contract::HostProfile{});
        auto spec = fake::test_spec();
        spec.profile = host;
        const Outcome run = plan_apply_status(spec, host, release);
        EXPECT_FALSE(run.first_plan.to_run().empty());
        EXPECT_TRUE(met(run)) << problems(run);
    }
}

TEST_P(EveryProfileField, WithoutItHactlRefusesOrReportsTheMismatch) {
    const std::string release = GetParam();
    const model::Release r = *model::Release::parse(release);
    for (const auto& variant : variants()) {
        SCOPED_TRACE(std::string(variant.field) + " on " + release);
        contract::HostProfile host;
        variant.differ(host);
        const Outcome run = plan_apply_status(fake::test_spec(), host, release);  // the contract's profile
        const std::string field = variant.field;
        // Details hactl reads rather than assumes, or that this release never uses.
        const bool unused = field == "freshMaxWalSenders" || field == "monitor.mode" ||
                            (r < model::Release{2020, 4} &&
                             (field == "confKeys.overrideIp" || field == "confKeys.enableOverrideIp")) ||
                            (r < model::Release{2021, 3} &&
                             (field == "confKeys.maxWalSenders" || field == "actions.deployConf")) ||
                            (r < model::Release{2021, 4} &&
                             (field == "actions.startKafkaSync" || field == "monitor.eventBusSync")) ||
                            (r >= model::Release{2021, 2} && field == "confKeys.backupV2");
        if (unused) {
            EXPECT_TRUE(met(run)) << problems(run);
            continue;
        }
        EXPECT_FALSE(met(run)) << "a host differing in " << field << " went unnoticed";
        // Said, not crashed: a refusal, a failed apply or a status problem, each with its reason.
        EXPECT_FALSE(problems(run).empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Releases, EveryProfileField, ::testing::Values("2023.1.0", "2020.3.1"));
