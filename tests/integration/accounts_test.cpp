// An ordinary login on hosts whose sudo is not set up for hactl: sudo that
// wants a password, sudo that wants a terminal. hactl names the host, the
// cause and the fix at once (never waiting for a password), and changes
// nothing.
#include <gtest/gtest.h>

#include <chrono>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl;
using hactl::test::SimPair;

TEST(Accounts, SudoWantingAPasswordOrATerminalIsNamedWithItsFixAndNothingChanges) {
    SimPair pair({"--sudo-primary", "password", "--sudo-secondary", "tty"});
    ASSERT_TRUE(pair.up());
    const auto started = std::chrono::steady_clock::now();
    auto run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    const auto text = hactl::test::unwrapped(run.out + run.err);
    // One refusal per host, with the cause and the fix, the fix on a line of its own, all within 100 columns.
    EXPECT_EQ(hactl::test::too_wide(run.out + run.err), "") << run.out << run.err;
    EXPECT_NE(run.out.find("\n    Fix: hactl never types a password"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("\n    Fix: sudo demands a terminal"), std::string::npos) << run.out;
    EXPECT_NE(text.find("to read the password"), std::string::npos) << text;
    EXPECT_NE(text.find("NOPASSWD"), std::string::npos) << text;
    EXPECT_NE(text.find("spec.primary.alationShell"), std::string::npos) << text;
    EXPECT_NE(text.find("must have a tty"), std::string::npos) << text;
    EXPECT_NE(text.find("!requiretty"), std::string::npos) << text;
    EXPECT_EQ(text.find("unknown-fact"), std::string::npos) << "one refusal per host, not one per fact: " << text;
    // Never waits for a password: well within the connect timeout.
    EXPECT_LT(took, std::chrono::seconds(30));
    const auto state = pair.state();
    for (const char* node : {"primary", "secondary"}) {
        EXPECT_TRUE(SimPair::changing_commands(state, node).empty()) << node;
        EXPECT_EQ(state.at(node).at("hactl_state_files").size(), 0u) << state.at(node).at("hactl_state_files");
    }
}
