// Host text with terminal escape sequences, through the real binary against
// the simulated pair: the human output shows it escaped, --json stays JSON.
#include <gtest/gtest.h>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"
#include "output/terminal_text.hpp"

using hactl::test::run_hactl;
using hactl::test::SimPair;

TEST(HostText, AReleaseStringWithEscapeSequencesReachesTheTerminalEscaped) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    // The secondary's release file names a release that retitles the terminal,
    // rings, clears the screen and returns the cursor.
    auto set =
        pair.ssh("secondary",
                 "sudo -n /opt/alation/bin/alation_shell -c 'printf \"ALATION_RELEASE = \\\"2023.1\\033]0;owned\\007"
                 "\\033[2J\\rx\\\"\\n\" > /opt/alation/django/main/alation_version.py'");
    ASSERT_EQ(set.exit_code, 0) << set.out;
    const std::vector<std::string> no_color = {"NO_COLOR=1"};
    // apply prints the plan, then (no terminal, no --auto-approve) runs nothing.
    for (const char* command : {"probe", "plan", "status", "apply"}) {
        auto run = run_hactl({command, pair.pair_file()}, no_color);
        EXPECT_EQ(hactl::test::terminal_problem(run.out), "") << command << ":\n" << run.out;
        EXPECT_EQ(hactl::test::terminal_problem(run.err), "") << command << ":\n" << run.err;
        EXPECT_NE(run.out.find("\\x1b]0;owned\\x07\\x1b[2J\\rx"), std::string::npos) << command << ":\n"
                                                                                     << run.out;
    }
    for (const char* command : {"probe", "plan", "status"}) {
        auto run = run_hactl({command, "--json", pair.pair_file()});
        EXPECT_TRUE(nlohmann::json::accept(run.out)) << command << ":\n" << run.out;
        EXPECT_NE(run.out.find("\\u001b]0;owned\\u0007"), std::string::npos) << command << ":\n" << run.out;
    }
}
