#include <gtest/gtest.h>

#include "cli/run_hactl.hpp"

using hactl::test::run_hactl;

TEST(Cli, VersionPrintsTheProjectVersion) {
    auto run = run_hactl({"version"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out, std::string("hactl ") + HACTL_VERSION + "\n");
}

TEST(Cli, NoCommandIsAnErrorThatTeaches) {
    auto run = run_hactl({});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("validate"), std::string::npos) << run.err;
}

TEST(Cli, UnknownOptionIsAnError) {
    auto run = run_hactl({"version", "--bogus"});
    EXPECT_EQ(run.exit_code, 1);
}
