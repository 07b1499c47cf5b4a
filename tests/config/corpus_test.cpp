// Data-driven: every tests/data/invalid/NAME.yaml must produce exactly the
// diagnostics listed in NAME.expect ("LINE:COL: error: TEXT", TEXT may hold
// several fragments separated by " ... " that must appear in order), and every
// tests/data/valid/*.yaml must load.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "hactl/config/load.hpp"

namespace fs = std::filesystem;
using namespace hactl;

namespace {

std::vector<fs::path> files_in(const std::string& dir, const std::string& ext) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ext) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool matches(const config::Diagnostic& d, const std::string& expect) {
    const std::string actual = std::to_string(d.line) + ":" + std::to_string(d.column) + ": error: " + d.message;
    std::size_t at = 0;
    std::size_t from = 0;
    bool first = true;
    for (;;) {
        const std::size_t sep = expect.find(" ... ", from);
        const std::string fragment = expect.substr(from, sep == std::string::npos ? std::string::npos : sep - from);
        const std::size_t found = actual.find(fragment, at);
        if (found == std::string::npos || (first && found != 0)) return false;
        at = found + fragment.size();
        first = false;
        if (sep == std::string::npos) return true;
        from = sep + 5;
    }
}

}  // namespace

TEST(InvalidCorpus, EveryFileProducesExactlyItsExpectedDiagnostics) {
    const auto files = files_in(std::string(HACTL_TEST_DATA) + "/invalid", ".yaml");
    ASSERT_GE(files.size(), 30U);
    for (const auto& file : files) {
        SCOPED_TRACE(file.filename().string());
        std::ifstream expect_file(fs::path(file).replace_extension(".expect"));
        ASSERT_TRUE(expect_file) << "missing .expect for " << file;
        std::vector<std::string> expected;
        for (std::string line; std::getline(expect_file, line);) {
            if (!line.empty()) expected.push_back(line);
        }
        ASSERT_FALSE(expected.empty());

        const auto result = config::load_pair_file(file.string());
        EXPECT_FALSE(result.ok());
        EXPECT_FALSE(result.pair.has_value());
        std::string actual;
        for (const auto& d : result.errors) actual += config::format_diagnostic(d) + "\n";
        ASSERT_EQ(result.errors.size(), expected.size()) << actual;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(result.errors[i].file, file.string());
            EXPECT_TRUE(matches(result.errors[i], expected[i])) << "expected: " << expected[i] << "\nactual:\n" << actual;
        }
    }
}

TEST(ValidCorpus, EveryFileLoads) {
    const auto files = files_in(std::string(HACTL_TEST_DATA) + "/valid", ".yaml");
    ASSERT_GE(files.size(), 5U);
    for (const auto& file : files) {
        const auto result = config::load_pair_file(file.string());
        std::string actual;
        for (const auto& d : result.errors) actual += config::format_diagnostic(d) + "\n";
        EXPECT_TRUE(result.ok()) << file << "\n" << actual;
    }
}

TEST(ValidCorpus, AnchorsShareValuesAndSpecialSyntaxIsRead) {
    const auto shared = config::load_pair_file(std::string(HACTL_TEST_DATA) + "/valid/anchors-shared-ssh.yaml");
    ASSERT_TRUE(shared.ok());
    EXPECT_EQ(shared.pair->primary.ssh, shared.pair->secondary.ssh);
    EXPECT_EQ(shared.pair->secondary.ssh.identity_file, std::optional<std::string>("~/.ssh/ha key with spaces"));
    const auto limits = config::load_pair_file(std::string(HACTL_TEST_DATA) + "/valid/quoting-and-limits.yaml");
    ASSERT_TRUE(limits.ok());
    EXPECT_EQ(limits.pair->name, "quoted");
    EXPECT_EQ(*limits.pair->release, (model::Release{2021, 4}));
    EXPECT_EQ(limits.pair->replication.max_wal_senders, 100);
    EXPECT_EQ(limits.pair->primary.ssh.port, 65535);
    EXPECT_EQ(limits.pair->paths.data, "/srv/alation-data/");
    EXPECT_TRUE(limits.pair->policy.allow_destructive);
    const auto bom = config::load_pair_file(std::string(HACTL_TEST_DATA) + "/valid/utf8-bom.yaml");
    ASSERT_TRUE(bom.ok());
    EXPECT_EQ(bom.pair->name, "bom");
}
