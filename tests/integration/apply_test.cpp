// `hactl apply` and `hactl status` against the simulated pair: real sshd, real
// PostgreSQL streaming replication, the sim's audit of every wipe and command.
#include <gtest/gtest.h>

#include <csignal>
#include <algorithm>
#include <thread>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl;
using hactl::test::count;
using hactl::test::SimPair;
using hactl::test::Spawned;
using nlohmann::json;

namespace {

// What must not change when hactl refuses: configuration, files, wipes, mode,
// markers, and no command that changes anything.
json snapshot(const json& state) {
    json out;
    for (const char* node : {"primary", "secondary"}) {
        const auto& n = state.at(node);
        out[node] = {{"conf", n.at("conf")},       {"files", n.at("files")},   {"audit", n.at("audit")},
                     {"mode", n.at("mode")},       {"marker", n.at("marker")},
                     {"changing", SimPair::changing_commands(state, node)}};
    }
    return out;
}

void expect_row_replicates(const SimPair& pair) {
    const std::string token = "row-" + std::to_string(getpid());
    auto created = pair.sql("primary", "CREATE TABLE IF NOT EXISTS hactl_it (v text); INSERT INTO hactl_it VALUES ('" +
                                           token + "')");
    ASSERT_EQ(created.exit_code, 0) << created.out;
    std::string seen;
    for (int i = 0; i < 50 && seen.find(token) == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        seen = pair.sql("secondary", "SELECT v FROM hactl_it").out;
    }
    EXPECT_NE(seen.find(token), std::string::npos) << "the row written on the primary is not on the secondary";
}

void expect_converged(const SimPair& pair) {
    auto plan = run_hactl({"plan", "--detailed-exitcode", pair.pair_file()});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
}

class ApplyFreshPair : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(ApplyFreshPair, ConvergesAndASecondApplyRunsNothing) {
    SimPair pair({"--release", GetParam()});
    ASSERT_TRUE(pair.up());
    const auto marker = pair.state().at("primary").at("marker_at_up");
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("the pair is replicating"), std::string::npos) << run.out;
    expect_row_replicates(pair);
    expect_converged(pair);

    auto before = pair.state();
    auto again = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    auto after = pair.state();
    EXPECT_EQ(SimPair::changing_commands(after, "primary"), SimPair::changing_commands(before, "primary"));
    EXPECT_EQ(SimPair::changing_commands(after, "secondary"), SimPair::changing_commands(before, "secondary"));
    // The primary was never wiped; the secondary exactly as the runbook implies.
    EXPECT_EQ(after.at("primary").at("marker"), marker);
    EXPECT_EQ(after.at("primary").at("audit"), json({{"instance_wiped", 0}, {"kvstore_wiped", 0}, {"postgres_wiped", 0}}));
    EXPECT_EQ(after.at("secondary").at("audit").at("instance_wiped"), 1);
    auto status = run_hactl({"status", pair.pair_file()});
    EXPECT_EQ(status.exit_code, 0) << status.out;
    EXPECT_NE(status.out.find("Status: healthy"), std::string::npos) << status.out;
}

INSTANTIATE_TEST_SUITE_P(Releases, ApplyFreshPair, ::testing::Values("2020.3", "2021.3", "2023.1"));

TEST(Apply, HalfConfiguredPairRunsOnlyTheMissingSteps) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    auto before = pair.state();
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    auto after = pair.state();
    for (const char* node : {"primary", "secondary"}) {
        auto was = SimPair::changing_commands(before, node);
        auto now = SimPair::changing_commands(after, node);
        EXPECT_EQ(count(now, "cluster_generate_keys"), count(was, "cluster_generate_keys")) << node;
        EXPECT_EQ(count(now, "replication_helper"), count(was, "replication_helper")) << node;
        EXPECT_EQ(count(now, "cluster_enter_master_mode"), count(was, "cluster_enter_master_mode")) << node;
    }
    EXPECT_EQ(count(SimPair::changing_commands(after, "primary"), "cluster_add_slaves"), 1);
    expect_converged(pair);
}

TEST(Apply, WithoutPermissionStopsBeforeTheFirstDestructiveStep) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    auto run = run_hactl({"apply", "--auto-approve", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
    EXPECT_NE(run.out.find("--allow-destructive"), std::string::npos) << run.out;
    auto state = pair.state();
    EXPECT_EQ(state.at("primary").at("mode"), "master") << "the safe steps before it ran";
    EXPECT_EQ(state.at("secondary").at("audit").at("instance_wiped"), 0);
    EXPECT_EQ(count(SimPair::changing_commands(state, "primary"), "cluster_add_slaves"), 0);
}

TEST(Apply, WithoutATerminalItNeedsAutoApprove) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    auto before = snapshot(pair.state());
    auto run = run_hactl({"apply", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("--auto-approve"), std::string::npos) << run.err;
    EXPECT_EQ(snapshot(pair.state()), before);
}

class ApplyRefuses : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(ApplyRefuses, AndChangesNothing) {
    auto args = GetParam();
    const bool rotate = !args.empty() && args.front() == "rotate";
    if (rotate) args.clear();
    SimPair pair(args);
    ASSERT_TRUE(pair.up());
    if (rotate) {
        ASSERT_EQ(pair.fault("secondary", "rotate-hostkey"), 0);
    }
    auto before = snapshot(pair.state());
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_NE(run.out.find("Refused"), std::string::npos) << run.out;
    EXPECT_EQ(snapshot(pair.state()), before);
}

INSTANTIATE_TEST_SUITE_P(
    Preflight, ApplyRefuses,
    ::testing::Values(std::vector<std::string>{"--preset", "swapped"},
                      std::vector<std::string>{"--release", "2023.1", "--release-secondary", "2022.2"},
                      std::vector<std::string>{"--data-size-primary", "64M", "--data-size-secondary", "48M"},
                      std::vector<std::string>{"rotate"}));

TEST(Apply, AFailingActionStopsWithItsMessageAndTheRerunConverges) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    ASSERT_EQ(pair.fault("secondary", "fail", {"cluster_kvstore_copy", "1"}), 0);
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_NE(run.out.find("copy-kvstore"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("FAILED"), std::string::npos) << run.out;
    EXPECT_EQ(count(SimPair::changing_commands(pair.state(), "secondary"), "cluster_start_kafka_sync"), 0)
        << "later steps did not run";
    auto rerun = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    expect_converged(pair);
}

TEST(Apply, KilledAtEveryStepBoundaryItConvergesOnTheNextRun) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    const auto marker = pair.state().at("primary").at("marker_at_up");
    // Each run is killed -9 right after one more step finished, until nothing is left.
    int kills = 0;
    for (; kills < 20; ++kills) {
        Spawned apply({"apply", "--auto-approve", "--allow-destructive", "--json", pair.pair_file()});
        if (!apply.wait_for_line("\"event\":\"step-finished\"", 120)) {
            EXPECT_EQ(apply.wait(), 0) << apply.out();
            break;
        }
        apply.kill_hard();
        apply.wait();
    }
    EXPECT_GE(kills, 5);
    auto final_run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(final_run.exit_code, 0) << final_run.out << final_run.err;
    expect_converged(pair);
    expect_row_replicates(pair);
    auto state = pair.state();
    EXPECT_EQ(state.at("primary").at("marker"), marker);
    EXPECT_EQ(state.at("primary").at("audit").at("postgres_wiped"), 0);
    EXPECT_EQ(count(SimPair::changing_commands(state, "primary"), "cluster_add_slaves"), 1);
    EXPECT_EQ(count(SimPair::changing_commands(state, "secondary"), "cluster_replicate_postgres"), 1);
}

TEST(Apply, KilledDuringReplicationItReattachesInsteadOfRestarting) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    // The replication is held on the secondary until the test releases it: it is
    // still running when hactl is killed and when the rerun probes, however slow.
    ASSERT_EQ(pair.fault("secondary", "hold", {"cluster_replicate_postgres"}), 0);
    {
        Spawned apply({"apply", "--auto-approve", "--allow-destructive", "--json", pair.pair_file()});
        ASSERT_TRUE(apply.wait_for_line("\"step\":\"replicate-postgres\"", 120)) << apply.out();
        ASSERT_TRUE(apply.wait_for_line("held: waiting for release", 60)) << apply.out();
        apply.kill_hard();
        apply.wait();
    }
    // The job goes on without hactl.
    auto status = run_hactl({"status", pair.pair_file()});
    EXPECT_NE(status.out.find("replicate-postgres on the secondary: running"), std::string::npos) << status.out;
    Spawned rerun({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    const bool reattached = rerun.wait_for_line("reattaching", 120);
    EXPECT_EQ(pair.fault("secondary", "release", {"cluster_replicate_postgres"}), 0);
    EXPECT_TRUE(reattached) << rerun.out();
    EXPECT_EQ(rerun.wait(), 0) << rerun.out();
    auto state = pair.state();
    EXPECT_EQ(count(SimPair::changing_commands(state, "secondary"), "cluster_replicate_postgres"), 1);
    // Wiped once by add-secondary and once by the one replication run.
    EXPECT_EQ(state.at("secondary").at("audit").at("postgres_wiped"), 2);
    expect_row_replicates(pair);
}

TEST(Apply, TwoAppliesAtOnceOneIsRefusedByTheLock) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    // The first apply cannot finish (and give up the lock) before the release.
    ASSERT_EQ(pair.fault("secondary", "hold", {"cluster_replicate_postgres"}), 0);
    Spawned first({"apply", "--auto-approve", "--allow-destructive", "--json", pair.pair_file()});
    ASSERT_TRUE(first.wait_for_line("\"event\":\"lock\"", 60)) << first.out();
    auto second = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(second.exit_code, 1) << second.out;
    EXPECT_NE(hactl::test::unwrapped(second.out).find("holds the pair's lock"), std::string::npos)
        << second.out;
    EXPECT_EQ(pair.fault("secondary", "release", {"cluster_replicate_postgres"}), 0);
    EXPECT_EQ(first.wait(), 0) << first.out();
    auto state = pair.state();
    for (const char* action : {"cluster_generate_keys", "cluster_enter_master_mode"}) {
        EXPECT_EQ(count(SimPair::changing_commands(state, "primary"), action), 1) << action;
    }
    EXPECT_EQ(count(SimPair::changing_commands(state, "secondary"), "cluster_replicate_postgres"), 1);
}

TEST(Apply, AStalePlanIsRefusedNamingTheFact) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    const std::string saved = pair.dir() + "/plan.json";
    ASSERT_EQ(run_hactl({"plan", "-o", saved, pair.pair_file()}).exit_code, 0);
    // Someone changes the pair after the plan was saved.
    ASSERT_EQ(run_hactl({"apply", "--auto-approve", pair.pair_file()}).exit_code, 2);
    auto before = snapshot(pair.state());
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", saved});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("stale"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(" was \""), std::string::npos) << run.err;
    EXPECT_EQ(snapshot(pair.state()), before);
}

TEST(Apply, AFreshSavedPlanIsApplied) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    const std::string saved = pair.dir() + "/plan.json";
    ASSERT_EQ(run_hactl({"plan", "-o", saved, pair.pair_file()}).exit_code, 0);
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", saved});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    expect_converged(pair);
}

TEST(Apply, CtrlCLeavesTheJobRunningAndReleasesTheLock) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    ASSERT_EQ(pair.fault("secondary", "hold", {"cluster_replicate_postgres"}), 0);
    Spawned apply({"apply", "--auto-approve", "--allow-destructive", "--json", pair.pair_file()});
    ASSERT_TRUE(apply.wait_for_line("\"step\":\"replicate-postgres\"", 120)) << apply.out();
    ASSERT_TRUE(apply.wait_for_line("held: waiting for release", 60)) << apply.out();
    apply.send(SIGINT);
    EXPECT_EQ(apply.wait(), 130) << apply.out();
    EXPECT_NE(apply.out().find("left running"), std::string::npos) << apply.out();
    auto status = run_hactl({"status", pair.pair_file()});
    EXPECT_NE(status.out.find("replicate-postgres on the secondary: running"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("lock        free"), std::string::npos) << status.out;
    EXPECT_EQ(pair.fault("secondary", "release", {"cluster_replicate_postgres"}), 0);
    auto rerun = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    EXPECT_EQ(count(SimPair::changing_commands(pair.state(), "secondary"), "cluster_replicate_postgres"), 1);
}

TEST(Apply, BrokenReplicationIsDetectedAndRebuilt) {
    SimPair pair({"--preset", "converged"});
    ASSERT_TRUE(pair.up());
    // The standby dies: the monitor says lag unknown.
    auto stop = pair.ssh(
        "secondary",
        "sudo -n su postgres -c '/usr/lib/postgresql/15/bin/pg_ctl -D /data/pgsql/data stop -m fast'");
    ASSERT_EQ(stop.exit_code, 0) << stop.out;
    auto status = run_hactl({"status", pair.pair_file()});
    EXPECT_EQ(status.exit_code, 2) << status.out;
    EXPECT_NE(status.out.find("PostgreSQL lag is unknown"), std::string::npos) << status.out;
    auto plan = run_hactl({"plan", "--json", "--detailed-exitcode", pair.pair_file()});
    EXPECT_EQ(plan.exit_code, 2);
    auto doc = json::parse(plan.out);
    std::vector<std::string> planned;
    for (const auto& step : doc.at("steps")) {
        if (step.at("status") == "planned") planned.push_back(step.at("id").get<std::string>() + ":" + step.at("risk").get<std::string>());
    }
    // A pair set up by hand has no receipt of deploy_conf_all: once PostgreSQL no
    // longer streams, nothing proves max_wal_senders was deployed, so it is
    // deployed again (a restart) before the rebuild. Nothing else is planned.
    const std::vector<std::string> rebuild = {"max-wal-senders:restart", "replicate-postgres:destructive"};
    EXPECT_EQ(planned, rebuild) << plan.out;
    auto repair = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(repair.exit_code, 0) << repair.out << repair.err;
    expect_row_replicates(pair);
    EXPECT_EQ(run_hactl({"status", pair.pair_file()}).exit_code, 0);
}
