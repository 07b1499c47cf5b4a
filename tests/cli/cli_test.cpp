#include <gtest/gtest.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "cli/run_hactl.hpp"

using hactl::test::run_hactl;

TEST(Cli, VersionPrintsTheProjectVersion) {
    auto run = run_hactl({"version"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out, std::string("hactl ") + HACTL_VERSION + "\n");
}

TEST(Cli, VersionFlagPrintsTheSameLine) {
    auto run = run_hactl({"--version"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out, std::string("hactl ") + HACTL_VERSION + "\n");
    EXPECT_EQ(run.err, "");
}

TEST(Cli, VersionJsonNamesTheVersionTheCommitAndLibssh) {
    auto run = run_hactl({"version", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto doc = nlohmann::json::parse(run.out);
    EXPECT_EQ(doc.at("format"), "hactl.version/v1");
    EXPECT_EQ(doc.at("version"), HACTL_VERSION);
    // The build's commit: `git describe --always --dirty` of this checkout
    // (a hash, or TAG-N-gHASH, maybe -dirty), or "unknown" outside git.
    const std::string commit = doc.at("commit");
    EXPECT_TRUE(std::regex_match(commit, std::regex("unknown|([A-Za-z0-9._/+-]+-[0-9]+-g)?[0-9a-f]{12,40}(-dirty)?")))
        << commit;
    // libssh as loaded at run time: "0.10.6/openssl/zlib".
    const std::string libssh = doc.at("libssh");
    EXPECT_TRUE(std::regex_search(libssh, std::regex("^[0-9]+\\.[0-9]+\\.[0-9]+"))) << libssh;
    EXPECT_TRUE(std::regex_match(doc.at("fmt").get<std::string>(), std::regex("[0-9]+\\.[0-9]+\\.[0-9]+")));
    EXPECT_TRUE(std::regex_match(doc.at("yaml-cpp").get<std::string>(), std::regex("[0-9]+\\.[0-9]+\\.[0-9]+")));
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

// The help is read in 80/100-column terminals and CI logs, and the man page is made from it.
TEST(Cli, EveryHelpFitsOneHundredColumns) {
    for (const char* command : {"", "validate", "probe", "plan", "apply", "status", "version"}) {
        std::vector<std::string> args;
        if (*command != '\0') args.emplace_back(command);
        args.emplace_back("--help");
        auto run = run_hactl(args);
        ASSERT_EQ(run.exit_code, 0) << command << ": " << run.err;
        ASSERT_FALSE(run.out.empty()) << command;
        std::size_t start = 0;
        while (start < run.out.size()) {
            auto end = run.out.find('\n', start);
            if (end == std::string::npos) end = run.out.size();
            EXPECT_LE(end - start, 100U) << "hactl " << command << " --help: " << run.out.substr(start, end - start);
            start = end + 1;
        }
    }
}
