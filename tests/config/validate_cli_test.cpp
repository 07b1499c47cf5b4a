// `hactl validate` as a user runs it: the real binary on real files.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/run_hactl.hpp"
#include "support/files.hpp"

using hactl::test::run_hactl;

namespace {
const std::string examples = std::string(HACTL_SOURCE_DIR) + "/examples/";
const std::string invalid = std::string(HACTL_TEST_DATA) + "/invalid/";
}  // namespace

TEST(ValidateCli, ExamplesAreValid) {
    const auto run = run_hactl({"validate", examples + "catalog-prod.yaml", examples + "minimal.yaml",
                                examples + "legacy-2020.3.yaml"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, examples + "catalog-prod.yaml: ok\n" + examples + "minimal.yaml: ok\n" + examples +
                           "legacy-2020.3.yaml: ok\n");
    EXPECT_EQ(run.err, "");
}

TEST(ValidateCli, InvalidFileExitsOneWithFileLineColumn) {
    const std::string file = invalid + "address-leading-zero.yaml";
    const auto run = run_hactl({"validate", file});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, file +
                           ":9:14: error: spec.primary.address: expected a dotted-quad IPv4 address such as 10.0.0.1, "
                           "found \"10.0.0.01\" (part '01' has a leading zero)\n");
}

TEST(ValidateCli, SeveralFilesReportEveryErrorOfEach) {
    const std::string many = invalid + "many-errors.yaml";
    const std::string dup = invalid + "duplicate-key.yaml";
    const auto run = run_hactl({"validate", many, examples + "minimal.yaml", dup, "/nonexistent.yaml"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, examples + "minimal.yaml: ok\n");
    // FILE:LINE:COL: error: MESSAGE (or FILE: error: MESSAGE for a whole file)
    auto well_formed = [](const std::string& l) {
        const auto error = l.find(": error: ");
        if (error == std::string::npos || error + 9 == l.size()) return false;
        const std::string where = l.substr(0, error);
        const auto c2 = where.rfind(':');
        if (c2 == std::string::npos) return true;
        const auto c1 = where.rfind(':', c2 - 1);
        auto number = [](const std::string& n) { return !n.empty() && n.find_first_not_of("0123456789") == std::string::npos; };
        return c1 != std::string::npos && number(where.substr(c1 + 1, c2 - c1 - 1)) && number(where.substr(c2 + 1));
    };
    int of_many = 0, of_dup = 0, missing = 0;
    std::istringstream lines(run.err);
    for (std::string l; std::getline(lines, l);) {
        EXPECT_TRUE(well_formed(l)) << l;
        of_many += l.rfind(many + ":", 0) == 0;
        of_dup += l.rfind(dup + ":13:7: error: duplicate key 'port'", 0) == 0;
        missing += l == "/nonexistent.yaml: error: no such file";
    }
    EXPECT_EQ(of_many, 6) << run.err;
    EXPECT_EQ(of_dup, 1) << run.err;
    EXPECT_EQ(missing, 1) << run.err;
}

TEST(ValidateCli, EveryInvalidCorpusFileFailsWithoutCrashing) {
    for (const char* name : {"alias-bomb.yaml", "binary-nul.yaml", "not-utf8-latin1.yaml", "empty.yaml",
                             "deep-nesting.yaml", "utf16.yaml", "long-value.yaml"}) {
        const auto run = run_hactl({"validate", invalid + name});
        EXPECT_EQ(run.exit_code, 1) << name << "\n" << run.err;
        EXPECT_EQ(run.err.rfind(invalid + name + ":", 0), 0U) << run.err;
    }
}

TEST(ValidateCli, DirectoryAndHugeFileAreErrors) {
    auto run = run_hactl({"validate", std::string(HACTL_TEST_DATA)});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("is a directory"), std::string::npos) << run.err;

    const std::string big = "/tmp/hactl-validate-big-" + std::to_string(::getpid()) + ".yaml";
    {
        std::ofstream out(big, std::ios::binary);
        out << "a: " << std::string(10 * 1024 * 1024, 'x') << "\n";
    }
    run = run_hactl({"validate", big});
    std::remove(big.c_str());
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.err, big + ": error: file is larger than 1024 KiB; a pair file is a few hundred bytes (is this the right file?)\n");
}

TEST(ValidateCli, HelpShowsAnExample) {
    const auto run = run_hactl({"validate", "--help"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("Example:"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("hactl validate examples/catalog-prod.yaml"), std::string::npos);
    EXPECT_NE(run.out.find("apiVersion: hactl/v1"), std::string::npos);
}

TEST(ValidateCli, NoFileIsAUsageError) {
    const auto run = run_hactl({"validate"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("FILE"), std::string::npos) << run.err;
}

TEST(ValidateCli, AHostProfileAloneAndWithItsPairFile) {
    // A profile on its own, recognised by its kind.
    const std::string profile = examples + "site-2024.profile.yaml";
    auto run = run_hactl({"validate", profile});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, profile + ": ok\n");

    // A pair file and the profile it names are checked together; the
    // profile's error is located in the profile file.
    hactl::test::TempDir dir("validate-profile");
    std::ifstream minimal(examples + "minimal.yaml");
    std::stringstream pair_text;
    pair_text << minimal.rdbuf();
    const std::string pair = dir.write("pair.yaml", pair_text.str() + "  hostProfile: site.yaml\n");
    const std::string bad = dir.write("site.yaml", "apiVersion: hactl/v1\nkind: HostProfile\nspec:\n  monitor:\n"
                                                   "    kvstoreLag: kv/lag\n");
    run = run_hactl({"validate", pair});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, bad + ":5:17: error: spec.monitor.kvstoreLag: expected a JSON pointer (RFC 6901) such as "
                             "/postgres/lag_bytes, found \"kv/lag\" (it must start with /)\n");

    // A missing profile: at the pair file's hostProfile line.
    std::remove(bad.c_str());
    run = run_hactl({"validate", pair});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find(pair + ":"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("spec.hostProfile: cannot read the host profile " + bad + ": no such file"),
              std::string::npos)
        << run.err;
}
