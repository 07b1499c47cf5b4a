#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

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

namespace {

// Hand-written rather than std::regex: GCC 12 under ASan warns (-Werror) inside <regex> here.
bool all_of(std::string_view text, const char* chars) {
    return !text.empty() && text.find_first_not_of(chars) == std::string_view::npos;
}

// "0.10.6" (exactly three numbers), or with `rest_allowed` anything after them ("0.10.6/openssl/zlib").
bool is_version(std::string_view text, bool rest_allowed = false) {
    for (int part = 0; part < 3; ++part) {
        const auto end = text.find_first_not_of("0123456789");
        if (end == 0) return false;
        if (part < 2) {
            if (end == std::string_view::npos || text[end] != '.') return false;
            text.remove_prefix(end + 1);
        } else {
            return end == std::string_view::npos || rest_allowed;
        }
    }
    return false;
}

// `git describe --always --dirty`: HASH or TAG-N-gHASH, maybe -dirty; or "unknown" outside git.
bool is_commit(std::string_view text) {
    if (text == "unknown") return true;
    if (text.size() > 6 && text.substr(text.size() - 6) == "-dirty") text.remove_suffix(6);
    if (const auto g = text.rfind("-g"); g != std::string_view::npos) {
        const auto dash = text.rfind('-', g - 1);
        if (dash == std::string_view::npos || dash == 0 || !all_of(text.substr(dash + 1, g - dash - 1), "0123456789"))
            return false;
        text.remove_prefix(g + 2);
    }
    return text.size() >= 12 && text.size() <= 40 && all_of(text, "0123456789abcdef");
}

}  // namespace

TEST(Cli, VersionCheckersAcceptWhatGitAndLibsshPrintAndNothingElse) {
    EXPECT_TRUE(is_commit("5b77f9e174b3"));
    EXPECT_TRUE(is_commit("v0.1.0-12-g5b77f9e174b3-dirty"));
    EXPECT_TRUE(is_commit("unknown"));
    EXPECT_FALSE(is_commit("5b77f9e"));
    EXPECT_FALSE(is_commit("v0.1.0-x-g5b77f9e174b3"));
    EXPECT_FALSE(is_commit(""));
    EXPECT_TRUE(is_version("9.1.0"));
    EXPECT_FALSE(is_version("9.1"));
    EXPECT_FALSE(is_version("9.1.0/openssl"));
    EXPECT_TRUE(is_version("0.10.6/openssl/zlib", true));
}

TEST(Cli, VersionJsonNamesTheVersionTheCommitAndLibssh) {
    auto run = run_hactl({"version", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto doc = nlohmann::json::parse(run.out);
    EXPECT_EQ(doc.at("format"), "hactl.version/v1");
    EXPECT_EQ(doc.at("version"), HACTL_VERSION);
    const std::string commit = doc.at("commit");
    EXPECT_TRUE(is_commit(commit)) << commit;
    // libssh as loaded at run time: "0.10.6/openssl/zlib".
    const std::string libssh = doc.at("libssh");
    EXPECT_TRUE(is_version(libssh, true)) << libssh;
    EXPECT_TRUE(is_version(doc.at("fmt").get<std::string>()));
    EXPECT_TRUE(is_version(doc.at("yaml-cpp").get<std::string>()));
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
    for (const char* command : {"", "validate", "probe", "plan", "apply", "status", "doctor", "version"}) {
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

// The default host profile, commented: within 100 columns, and a valid profile file.
TEST(Cli, DoctorPrintsTheDefaultProfileAsAValidCommentedProfileFile) {
    auto run = run_hactl({"doctor", "--print-profile"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(hactl::test::too_wide(run.out), "") << run.out;
    EXPECT_NE(run.out.find("kind: HostProfile"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("  releaseFile: /opt/alation/django/main/alation_version.py"), std::string::npos);
    char path[] = "/tmp/hactl-profile-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, run.out.data(), run.out.size()), static_cast<ssize_t>(run.out.size()));
    close(fd);
    auto validated = run_hactl({"validate", path});
    EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
    unlink(path);
    // A pair file and --print-profile together: refused.
    EXPECT_NE(run_hactl({"doctor", "--print-profile", "pair.yaml"}).exit_code, 0);
}
