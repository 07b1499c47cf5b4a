// Applies that race: several `hactl apply` of one pair file started at the
// same instant (as two CI runners would, on one merge) on the simulated pair.
// The pair's lock lets exactly one of them run; every Alation action runs once.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl_together;
using hactl::test::count;
using hactl::test::SimPair;

TEST(ApplyRace, FourAppliesStartedTogetherOneRunsTheOthersNameTheHolder) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    auto runs = run_hactl_together(4, {"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    ASSERT_EQ(runs.size(), 4u);
    int converged = 0;
    int refused = 0;
    for (const auto& run : runs) {
        if (run.exit_code == 0) {
            ++converged;
            EXPECT_NE(run.out.find("the pair is replicating"), std::string::npos) << run.out;
        } else {
            ++refused;
            EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
            const auto text = hactl::test::unwrapped(run.out + run.err);
            EXPECT_NE(text.find("another apply holds the pair's lock"), std::string::npos) << text;
            EXPECT_NE(text.find(" pid "), std::string::npos) << "names the holder: " << text;
        }
    }
    EXPECT_EQ(converged, 1);
    EXPECT_EQ(refused, 3);
    // Every Alation action ran once, on the host it belongs to.
    const auto state = pair.state();
    const auto primary = SimPair::changing_commands(state, "primary");
    const auto secondary = SimPair::changing_commands(state, "secondary");
    for (const char* action : {"cluster_generate_keys", "replication_helper"}) {
        EXPECT_EQ(count(primary, action), 1) << action;
        EXPECT_EQ(count(secondary, action), 1) << action;
    }
    EXPECT_EQ(count(primary, "cluster_enter_master_mode"), 1);
    EXPECT_EQ(count(primary, "cluster_add_slaves"), 1);
    for (const char* action : {"deploy_conf_all", "cluster_replicate_postgres", "cluster_kvstore_copy",
                               "cluster_start_kafka_sync"}) {
        EXPECT_EQ(count(secondary, action), 1) << action;
    }
    EXPECT_EQ(state.at("secondary").at("audit").at("instance_wiped"), 1);
    EXPECT_EQ(state.at("primary").at("audit").at("instance_wiped"), 0);
    // The lock is released: the pair is free for the next apply.
    EXPECT_EQ(state.at("primary").at("hactl_state_files").dump().find("\"lock\""), std::string::npos)
        << state.at("primary").at("hactl_state_files").dump();
}
