// A plan saved with a relative pair-file path, applied from another directory;
// a change of the pair file or of the host profile it names makes it stale.
#include <gtest/gtest.h>

#include "cli/run_hactl.hpp"
#include "hactl/transport/shell_quote.hpp"
#include "integration/sim_pair.hpp"
#include "support/files.hpp"

using hactl::test::SimPair;
using hactl::transport::shell_quote;
using nlohmann::json;

namespace {

// Runs hactl in `dir` (stderr joined to stdout).
hactl::test::Shell hactl_in(const std::string& dir, const std::string& args) {
    return hactl::test::sh("cd " + shell_quote(dir) + " && " + shell_quote(HACTL_BINARY) + " " + args +
                           " 2>&1");
}

}  // namespace

TEST(SavedPlan, KeepsThePairFilesAbsolutePathAndAppliesFromAnyDirectory) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    hactl::test::TempDir elsewhere("saved-plan");
    const std::string saved = elsewhere.path() + "/plan.json";
    // The pair file names a host profile (the sim's hosts are the contract's).
    const std::string profile_file = pair.dir() + "/site.profile.yaml";
    const std::string profile =
        "apiVersion: hactl/v1\nkind: HostProfile\nmetadata: { name: sim }\nspec:\n  haPorts: [22, 5432, 8088]\n";
    hactl::test::write_text(profile_file, profile);
    hactl::test::write_text(pair.pair_file(),
                            hactl::test::read_text(pair.pair_file()) + "  hostProfile: site.profile.yaml\n");

    // Planned in the pair's directory, naming the pair file relatively.
    auto plan = hactl_in(pair.dir(), "plan -o " + shell_quote(saved) + " ./pair.yaml");
    ASSERT_EQ(plan.exit_code, 0) << plan.out;
    const auto doc = json::parse(hactl::test::read_text(saved), nullptr, false);
    ASSERT_FALSE(doc.is_discarded());
    const auto recorded = doc.at("pair").at("file").get<std::string>();
    EXPECT_EQ(recorded, pair.pair_file());

    // Applied from another directory: a changed pair file is still refused...
    const std::string original = hactl::test::read_text(pair.pair_file());
    hactl::test::write_text(pair.pair_file(), original + "# edited after the plan was saved\n");
    auto stale = hactl_in("/", "apply --auto-approve --allow-destructive " + shell_quote(saved));
    EXPECT_EQ(stale.exit_code, 1) << stale.out;
    EXPECT_NE(hactl::test::unwrapped(stale.out).find("changed since it was saved"), std::string::npos)
        << stale.out;
    EXPECT_NE(stale.out.find(recorded), std::string::npos) << stale.out;

    // ...so is an unchanged pair file whose host profile changed...
    hactl::test::write_text(pair.pair_file(), original);
    hactl::test::write_text(profile_file, profile + "  helperPromptWords: [\"Public Key\", \"IP address\"]\n");
    auto stale_profile = hactl_in("/", "apply --auto-approve --allow-destructive " + shell_quote(saved));
    EXPECT_EQ(stale_profile.exit_code, 1) << stale_profile.out;
    EXPECT_NE(hactl::test::unwrapped(stale_profile.out).find("the host profile in force changed"), std::string::npos)
        << stale_profile.out;
    EXPECT_NE(stale_profile.out.find("site.profile.yaml"), std::string::npos) << stale_profile.out;

    // ...and the unchanged one is applied.
    hactl::test::write_text(profile_file, profile);
    auto applied = hactl_in("/", "apply --auto-approve --allow-destructive " + shell_quote(saved));
    EXPECT_EQ(applied.exit_code, 0) << applied.out;
    auto again = hactl_in("/", "plan --detailed-exitcode " + shell_quote(pair.pair_file()));
    EXPECT_EQ(again.exit_code, 0) << again.out;
}
