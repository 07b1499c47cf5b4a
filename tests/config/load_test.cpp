// The loader end to end on real files: examples, defaults, digests and file-level failures.
#include "hactl/config/load.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "hactl/config/sha256.hpp"
#include "hactl/model/defaults.hpp"
#include "support/files.hpp"

using namespace hactl;
namespace fs = std::filesystem;
namespace defaults = hactl::model::defaults;

namespace {

const std::string examples = std::string(HACTL_SOURCE_DIR) + "/examples/";

std::string errors_of(const config::LoadResult& r) {
    std::string s;
    for (const auto& e : r.errors) s += config::format_diagnostic(e) + "\n";
    return s;
}

const char* minimal = R"(apiVersion: hactl/v1
kind: HAPair
metadata: {name: m}
spec:
  primary: {address: 10.0.0.1, ssh: {user: a}}
  secondary: {address: 10.0.0.2, ssh: {user: b}}
)";

}  // namespace

TEST(LoadPair, ProductionExampleLoadsEveryField) {
    const auto r = config::load_pair_file(examples + "catalog-prod.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    const auto& p = *r.pair;
    EXPECT_EQ(p.api_version, "hactl/v1");
    EXPECT_EQ(p.kind, "HAPair");
    EXPECT_EQ(p.name, "catalog-prod");
    ASSERT_TRUE(p.release);
    EXPECT_EQ(*p.release, (model::Release{2023, 3}));
    EXPECT_EQ(p.primary.address, "10.20.0.11");
    EXPECT_EQ(p.secondary.address, "10.20.1.11");
    EXPECT_EQ(p.primary.ssh.user, "alationops");
    EXPECT_EQ(p.primary.ssh.port, 22);
    EXPECT_EQ(p.primary.ssh.identity_file, std::optional<std::string>("~/.ssh/alation_ha"));
    EXPECT_EQ(p.primary.ssh.known_hosts_file, std::optional<std::string>("~/.ssh/known_hosts"));
    EXPECT_EQ(p.primary.alation_shell, "sudo chroot /opt/alation/alation /bin/su - alationadmin -c");
    EXPECT_EQ(p.primary.privilege, std::optional<std::string>("sudo -n"));
    EXPECT_EQ(p.replication.max_wal_senders, 4);
    EXPECT_TRUE(p.replication.postgres && p.replication.kvstore && p.replication.event_bus);
    EXPECT_FALSE(p.backup_v2);
    EXPECT_EQ(p.paths.data, "/data");
    EXPECT_EQ(p.paths.install, "/opt/alation");
    EXPECT_EQ(p.paths.state, "/var/lib/hactl");
    EXPECT_EQ(p.monitor_url, "http://localhost/monitor/replication");
    EXPECT_FALSE(p.policy.allow_destructive);
    EXPECT_FALSE(p.policy.allow_failover);
    EXPECT_EQ(p.policy.max_failover_lag_bytes, 0U);
    EXPECT_EQ(p.state, model::PairState::paired);
}

TEST(LoadPair, MinimalExampleGetsEveryDefaultFromDefaultsHpp) {
    const auto r = config::load_pair_file(examples + "minimal.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    const auto& p = *r.pair;
    EXPECT_FALSE(p.release.has_value());
    for (const auto* host : {&p.primary, &p.secondary}) {
        EXPECT_EQ(host->ssh.port, defaults::ssh_port);
        EXPECT_FALSE(host->ssh.identity_file.has_value());
        EXPECT_FALSE(host->ssh.known_hosts_file.has_value());
        EXPECT_EQ(host->alation_shell, defaults::alation_shell);
    }
    EXPECT_EQ(p.replication.max_wal_senders, defaults::max_wal_senders);
    EXPECT_EQ(p.replication.postgres, defaults::replicate_postgres);
    EXPECT_EQ(p.replication.kvstore, defaults::replicate_kvstore);
    EXPECT_EQ(p.replication.event_bus, defaults::replicate_event_bus);
    EXPECT_EQ(p.backup_v2, defaults::backup_v2);
    EXPECT_EQ(p.paths.data, defaults::data_path);
    EXPECT_EQ(p.paths.install, defaults::install_path);
    EXPECT_EQ(p.paths.state, defaults::state_path);
    EXPECT_EQ(p.monitor_url, defaults::monitor_url);
    EXPECT_EQ(p.policy.allow_destructive, defaults::allow_destructive);
    EXPECT_EQ(p.policy.allow_failover, defaults::allow_failover);
    EXPECT_EQ(p.policy.max_failover_lag_bytes, defaults::max_failover_lag_bytes);
    EXPECT_EQ(p.state, model::PairState::paired);
}

TEST(LoadPair, DefaultsOfTheModelAndOfTheLoaderAgree) {
    // A PairSpec built in code and one loaded from a file that omits every optional field are equal.
    const auto r = config::load_pair_text(minimal, "m.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    model::PairSpec expected;
    expected.name = "m";
    expected.primary.address = "10.0.0.1";
    expected.primary.ssh.user = "a";
    expected.secondary.address = "10.0.0.2";
    expected.secondary.ssh.user = "b";
    EXPECT_EQ(*r.pair, expected);
}

TEST(LoadPair, LegacyExampleIsA2020Pair) {
    const auto r = config::load_pair_file(examples + "legacy-2020.3.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    EXPECT_EQ(*r.pair->release, (model::Release{2020, 3}));
    EXPECT_TRUE(r.pair->backup_v2);
    EXPECT_FALSE(r.pair->replication.event_bus);
    EXPECT_EQ(r.pair->primary.ssh.port, 2222);
}

TEST(LoadPair, ExamplesCarryTheSchemaModeline) {
    for (const char* name : {"catalog-prod.yaml", "minimal.yaml", "legacy-2020.3.yaml"}) {
        std::ifstream in(examples + name);
        std::string first;
        std::getline(in, first);
        EXPECT_EQ(first, "# yaml-language-server: $schema=../schemas/hapair.schema.json") << name;
    }
}

TEST(LoadPair, DigestIsSha256OfTheFileBytes) {
    const test::TempDir dir("config-test");
    const std::string bytes = std::string(minimal) + "# trailing comment\n";
    const auto r = config::load_pair_file(dir.write("p.yaml", bytes));
    ASSERT_TRUE(r.ok()) << errors_of(r);
    EXPECT_EQ(r.digest, "sha256:" + config::sha256_hex(bytes));
    EXPECT_EQ(config::load_pair_text(bytes, "x").digest, r.digest);
    EXPECT_NE(config::load_pair_text(minimal, "x").digest, r.digest);
}

TEST(LoadPair, ErrorsNameTheFileAndAreSorted) {
    const auto r = config::load_pair_text("kind: X\napiVersion: v\n", "label.yaml");
    ASSERT_FALSE(r.ok());
    ASSERT_GE(r.errors.size(), 3U);
    for (std::size_t i = 0; i < r.errors.size(); ++i) {
        EXPECT_EQ(r.errors[i].file, "label.yaml");
        if (i) {
            EXPECT_LE(r.errors[i - 1].line, r.errors[i].line);
        }
    }
    EXPECT_FALSE(r.pair.has_value());
}

TEST(LoadPair, MissingFile) {
    const auto r = config::load_pair_file("/nonexistent/pair.yaml");
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_EQ(config::format_diagnostic(r.errors[0]), "/nonexistent/pair.yaml: error: no such file");
    EXPECT_TRUE(r.digest.empty());
}

TEST(LoadPair, DirectoryAndDeviceAreRefused) {
    const test::TempDir dir("config-test");
    auto r = config::load_pair_file(dir.path());
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_NE(r.errors[0].message.find("is a directory"), std::string::npos);
    r = config::load_pair_file("/dev/zero");
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_NE(r.errors[0].message.find("not a regular file"), std::string::npos);
}

TEST(LoadPair, UnreadableFileIsAnErrorNotACrash) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
    const test::TempDir dir("config-test");
    const auto path = dir.write("secret.yaml", minimal);
    chmod(path.c_str(), 0);
    const auto r = config::load_pair_file(path);
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_NE(r.errors[0].message.find("cannot"), std::string::npos);
}

TEST(LoadPair, TenMegabyteFileIsRefusedBeforeParsing) {
    const test::TempDir dir("config-test");
    const std::string big(10 * 1024 * 1024, 'a');
    const auto path = dir.write("big.yaml", "a: " + big + "\n");
    const auto start = std::chrono::steady_clock::now();
    const auto r = config::load_pair_file(path);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_EQ(r.errors[0].line, 0);
    EXPECT_NE(r.errors[0].message.find("larger than 1024 KiB"), std::string::npos);
    EXPECT_FALSE(config::load_pair_text(big, "big").ok());
}

TEST(LoadPair, FileJustUnderTheCapIsParsed) {
    std::string text = minimal;
    text += "#" + std::string(config::max_file_bytes - text.size() - 2, 'x') + "\n";
    ASSERT_EQ(text.size(), config::max_file_bytes);
    EXPECT_TRUE(config::load_pair_text(text, "cap.yaml").ok());
}

TEST(LoadPair, LongestAcceptedValuesPassTheSchemaPatterns) {
    // Patterns run with std::regex (recursive): values up to the caps must not exhaust the stack.
    std::string text = minimal;
    text.replace(text.find("{user: a}"), 9,
                 "{user: a, identityFile: /" + std::string(4090, 'k') + "}");
    text += "  paths: {data: /" + std::string(1020, 'd') + "}\n";
    const auto r = config::load_pair_text(text, "long.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    EXPECT_EQ(r.pair->primary.ssh.identity_file->size(), 4091U);

    std::string too_long = minimal;
    too_long.replace(too_long.find("{user: a}"), 9, "{user: a, identityFile: /" + std::string(100000, 'k') + "}");
    const auto refused = config::load_pair_text(too_long, "long.yaml");
    ASSERT_EQ(refused.errors.size(), 1U) << errors_of(refused);
    EXPECT_EQ(refused.errors[0].line, 5);
    EXPECT_NE(refused.errors[0].message.find("at most 4096 are accepted"), std::string::npos);
}

TEST(LoadPair, LifecycleFieldsLoadAndBadOnesAreRefusedAtTheirLine) {
    const std::string text = std::string(minimal) +
                             "  state: split\n"
                             "  policy: {allowFailover: true, maxFailoverLagBytes: 1048576}\n";
    const auto r = config::load_pair_text(text, "l.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    EXPECT_EQ(r.pair->state, model::PairState::split);
    EXPECT_TRUE(r.pair->policy.allow_failover);
    EXPECT_FALSE(r.pair->policy.allow_destructive);
    EXPECT_EQ(r.pair->policy.max_failover_lag_bytes, 1048576U);

    const auto bad_state = config::load_pair_text(std::string(minimal) + "  state: splitted\n", "s.yaml");
    ASSERT_FALSE(bad_state.ok());
    EXPECT_EQ(bad_state.errors.front().line, 7) << errors_of(bad_state);
    const auto bad_lag =
        config::load_pair_text(std::string(minimal) + "  policy:\n    maxFailoverLagBytes: -1\n", "g.yaml");
    ASSERT_FALSE(bad_lag.ok());
    EXPECT_EQ(bad_lag.errors.front().line, 8) << errors_of(bad_lag);
}
