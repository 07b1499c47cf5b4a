// A host that reboots while hactl follows a replication on it: the job's
// process is gone without an exit status, and after the reboot its pid may
// name another process. The next apply must see the job as lost, never wait
// on it, and rebuild the replication from the facts.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl;
using hactl::test::count;
using hactl::test::SimPair;
using hactl::test::Spawned;

TEST(Reboot, AReplicationLostToARebootIsRebuiltNotWaitedOn) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    ASSERT_EQ(pair.fault("secondary", "hold", {"cluster_replicate_postgres"}), 0);
    {
        Spawned apply({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
        ASSERT_TRUE(apply.wait_for_line("held: waiting for release", 180)) << apply.out();
        apply.kill_hard();  // the operator's machine goes too
        apply.wait();
    }
    const auto boot_before = pair.state().at("secondary").at("boot_id");
    ASSERT_EQ(pair.reboot("secondary"), 0);
    ASSERT_NE(pair.state().at("secondary").at("boot_id"), boot_before);
    // The held run died with the reboot; nothing is held any more.
    ASSERT_EQ(pair.fault("secondary", "release", {"cluster_replicate_postgres"}), 0);

    auto status = run_hactl({"status", pair.pair_file()});
    EXPECT_NE(status.out.find("replicate-postgres on the secondary: lost"), std::string::npos) << status.out;
    EXPECT_EQ(status.out.find("replicate-postgres on the secondary: running"), std::string::npos) << status.out;

    auto rerun = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    EXPECT_EQ(rerun.out.find("reattaching"), std::string::npos) << rerun.out;
    EXPECT_NE(rerun.out.find("the pair is replicating"), std::string::npos) << rerun.out;
    const auto state = pair.state();
    // Started twice: the run the reboot killed, and the rebuild.
    EXPECT_EQ(count(SimPair::changing_commands(state, "secondary"), "cluster_replicate_postgres"), 2);
    EXPECT_EQ(state.at("primary").at("audit").at("instance_wiped"), 0);
}
