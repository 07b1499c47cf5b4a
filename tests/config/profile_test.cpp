// Host profile files: the loader (schema, rules, FILE:LINE:COL), the pair
// file's spec.hostProfile, the commented emitter and its round trip.
#include "hactl/config/profile.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hactl/config/emit.hpp"
#include "hactl/config/load.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace hactl;

namespace {

std::string errors_of(const std::vector<config::Diagnostic>& errors) {
    std::string s;
    for (const auto& e : errors) s += config::format_diagnostic(e) + "\n";
    return s;
}

constexpr const char* minimal_pair =
    "apiVersion: hactl/v1\n"
    "kind: HAPair\n"
    "metadata:\n"
    "  name: catalog-prod\n"
    "spec:\n"
    "  primary:\n"
    "    address: 10.0.0.1\n"
    "    ssh: { user: alationops }\n"
    "  secondary:\n"
    "    address: 10.0.0.2\n"
    "    ssh: { user: alationops }\n";

/// The example profile (the format users commit).
constexpr const char* site_profile =
    "apiVersion: hactl/v1\n"
    "kind: HostProfile\n"
    "metadata: { name: site-2024 }\n"
    "spec:\n"
    "  releaseFile: /opt/alation/site/config/alation_release.py\n"
    "  releaseKey: ALATION_RELEASE\n"
    "  clusterKeyFile: /opt/alation/cluster/id_cluster.pub\n"
    "  authorizedKeysFile: /opt/alation/cluster/authorized_keys\n"
    "  confKeys:\n"
    "    clusterHosts: alation.cluster.members\n"
    "  actions: {}\n"
    "  monitor:\n"
    "    postgresLag: /pgsql/replication_lag_bytes\n"
    "  helperPromptWords: [\"public key\", \"IP address\"]\n"
    "  haPorts: [22, 5432, 8088]\n"
    "  freshMaxWalSenders: 10\n";

}  // namespace

TEST(HostProfile, TheDocumentedExampleOverridesOnlyWhatItNames) {
    const auto r = config::load_profile_text(site_profile, "site.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r.errors);
    contract::HostProfile expected;
    expected.name = "site-2024";
    expected.release_file = "/opt/alation/site/config/alation_release.py";
    expected.conf_keys.cluster_hosts = "alation.cluster.members";
    expected.monitor.postgres_lag = "/pgsql/replication_lag_bytes";
    EXPECT_EQ(*r.profile, expected);
}

TEST(HostProfile, AnEmptySpecIsTheContract) {
    const auto r = config::load_profile_text("apiVersion: hactl/v1\nkind: HostProfile\n", "empty.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r.errors);
    EXPECT_EQ(*r.profile, contract::HostProfile{});
}

TEST(HostProfile, ListsReplaceTheDefaultsWhole) {
    const auto r = config::load_profile_text(
        "apiVersion: hactl/v1\nkind: HostProfile\nspec:\n  haPorts: [2222]\n  helperPromptWords: "
        "[Schluessel, Adresse]\n",
        "lists.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r.errors);
    EXPECT_EQ(r.profile->ha_ports, std::vector<int>{2222});
    EXPECT_EQ(r.profile->helper_prompt_words, (std::vector<std::string>{"Schluessel", "Adresse"}));
}

TEST(HostProfile, DefaultProfileYamlIsCommentedAndLoadsBackToTheDefaults) {
    const std::string text = config::profile_yaml(contract::HostProfile{});
    const auto r = config::load_profile_text(text, "default.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r.errors) << text;
    EXPECT_EQ(*r.profile, contract::HostProfile{});
    // Every field is written, with a comment on the line above it, within 100 columns.
    std::istringstream in(text);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (const char* field : {"releaseFile:",
                              "releaseKey:",
                              "clusterKeyFile:",
                              "authorizedKeysFile:",
                              "confKeys:",
                              "replicationMode:",
                              "protectedInstance:",
                              "overrideIp:",
                              "enableOverrideIp:",
                              "clusterHosts:",
                              "maxWalSenders:",
                              "backupV2:",
                              "actions:",
                              "generateKeys:",
                              "enterMasterMode:",
                              "addSlaves:",
                              "deployConf:",
                              "replicatePostgres:",
                              "kvstoreCopy:",
                              "startKafkaSync:",
                              "replicateFiles:",
                              "failover:",
                              "enterStandaloneMode:",
                              "monitor:",
                              "mode:",
                              "postgresLag:",
                              "kvstoreLag:",
                              "eventBusSync:",
                              "helperPromptWords:",
                              "haPorts:",
                              "freshMaxWalSenders:"}) {
        SCOPED_TRACE(field);
        const auto it = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) {
            const auto start = line.find_first_not_of(' ');
            return start != std::string::npos && line.compare(start, std::string(field).size(), field) == 0;
        });
        ASSERT_NE(it, lines.end()) << text;
        ASSERT_NE(it, lines.begin());
        EXPECT_NE((it - 1)->find("# "), std::string::npos) << *(it - 1);
    }
    for (const auto& line : lines) EXPECT_LE(line.size(), 100U) << line;
    EXPECT_NE(text.find("releaseFile: /opt/alation/django/main/alation_version.py"), std::string::npos);
    EXPECT_NE(text.find("haPorts: [22, 5432, 8088]"), std::string::npos);
    EXPECT_NE(text.find("freshMaxWalSenders: 10"), std::string::npos);
}

TEST(HostProfile, DigestChangesWithAnyField) {
    contract::HostProfile changed;
    changed.monitor.kvstore_lag = "/kv/lag";
    EXPECT_NE(config::profile_digest(changed), config::profile_digest(contract::HostProfile{}));
    EXPECT_EQ(config::profile_digest(contract::HostProfile{}),
              config::profile_digest(contract::HostProfile{}));
}

namespace {

std::string from(const std::string& alphabet, std::size_t min, std::size_t max) {
    const auto size = *rc::gen::inRange(min, max + 1);
    std::string out;
    for (std::size_t i = 0; i < size; ++i)
        out += alphabet[*rc::gen::inRange<std::size_t>(0, alphabet.size())];
    return out;
}

const std::string path_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+@%,:=-";
const std::string word_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
const std::string any_printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~";

std::string gen_path() {
    std::string out;
    const auto parts = *rc::gen::inRange(1, 5);
    for (int i = 0; i < parts; ++i) {
        std::string part = from(path_chars, 1, 12);
        if (part == "." || part == "..") part = "x";
        out += "/" + part;
    }
    return out;
}

std::string gen_pointer() {
    std::string out;
    const auto parts = *rc::gen::inRange(1, 4);
    for (int i = 0; i < parts; ++i) {
        std::string part = from(any_printable, 0, 10);
        std::string escaped;
        for (const char c : part)
            escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
        out += "/" + escaped;
    }
    return out;
}

contract::HostProfile gen_profile() {
    contract::HostProfile p;
    if (*rc::gen::arbitrary<bool>())
        p.name = "p" + from("abcdefghijklmnopqrstuvwxyz0123456789-", 0, 20) + "z";
    p.release_file = gen_path();
    p.release_key = from("ABCXYZ_abc", 1, 1) + from("ABCXYZ_abc0123456789", 0, 20);
    p.cluster_key_file = gen_path();
    p.authorized_keys_file = gen_path();
    for (std::string* key :
         {&p.conf_keys.replication_mode, &p.conf_keys.protected_instance, &p.conf_keys.override_ip,
          &p.conf_keys.enable_override_ip, &p.conf_keys.cluster_hosts, &p.conf_keys.max_wal_senders,
          &p.conf_keys.backup_v2, &p.actions.generate_keys, &p.actions.enter_master_mode,
          &p.actions.add_slaves, &p.actions.deploy_conf, &p.actions.replicate_postgres,
          &p.actions.kvstore_copy, &p.actions.start_kafka_sync, &p.actions.replicate_files,
          &p.actions.failover, &p.actions.enter_standalone_mode}) {
        *key = from(word_chars, 1, 30);
    }
    for (std::string* pointer :
         {&p.monitor.mode, &p.monitor.postgres_lag, &p.monitor.kvstore_lag, &p.monitor.event_bus_sync}) {
        *pointer = gen_pointer();
    }
    p.helper_prompt_words.clear();
    for (int i = 0; i < 2; ++i) p.helper_prompt_words.push_back("w" + from(any_printable, 0, 15));
    p.ha_ports.clear();
    const auto ports = *rc::gen::inRange(1, 6);
    for (int i = 0; i < ports; ++i) p.ha_ports.push_back(*rc::gen::inRange(1, 65536));
    p.fresh_max_wal_senders = *rc::gen::inRange(1, 101);
    return p;
}

}  // namespace

RC_GTEST_PROP(HostProfileProperties, ProfileYamlLoadsBackToTheSameProfile, ()) {
    const auto profile = gen_profile();
    const std::string text = config::profile_yaml(profile);
    const auto r = config::load_profile_text(text, "generated.yaml");
    RC_ASSERT(r.errors.empty());
    RC_ASSERT(r.profile.has_value());
    RC_ASSERT(*r.profile == profile);
}

// --- the pair file's spec.hostProfile -------------------------------------

TEST(PairHostProfile, WithoutOneThePairUsesTheContract) {
    const auto r = config::load_pair_text(minimal_pair, "pair.yaml");
    ASSERT_TRUE(r.ok()) << errors_of(r.errors);
    EXPECT_FALSE(r.pair->host_profile_path.has_value());
    EXPECT_EQ(r.pair->profile, contract::HostProfile{});
    EXPECT_EQ(r.profile_digest, config::profile_digest(contract::HostProfile{}));
}

TEST(PairHostProfile, IsReadRelativeToThePairFile) {
    test::TempDir dir("profile");
    fs::create_directories(dir.file("profiles"));
    dir.write("profiles/site.yaml", site_profile);
    const auto pair =
        dir.write("pair.yaml", std::string(minimal_pair) + "  hostProfile: profiles/site.yaml\n");
    // From another directory: the path is the pair file's, not the working directory's.
    const auto r = config::load_pair_file(pair);
    ASSERT_TRUE(r.ok()) << errors_of(r.errors);
    EXPECT_EQ(r.pair->host_profile_path, "profiles/site.yaml");
    EXPECT_EQ(r.pair->profile.name, "site-2024");
    EXPECT_EQ(r.pair->profile.monitor.postgres_lag, "/pgsql/replication_lag_bytes");
    EXPECT_EQ(r.profile_digest, config::profile_digest(r.pair->profile));
    EXPECT_NE(r.profile_digest, config::profile_digest(contract::HostProfile{}));
}

TEST(PairHostProfile, AMissingProfileIsReportedAtTheHostProfileLine) {
    test::TempDir dir("profile");
    const auto pair = dir.write("pair.yaml", std::string(minimal_pair) + "  hostProfile: nowhere.yaml\n");
    const auto r = config::load_pair_file(pair);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1U) << errors_of(r.errors);
    EXPECT_EQ(r.errors[0].file, pair);
    EXPECT_EQ(r.errors[0].line, 12);
    EXPECT_EQ(r.errors[0].column, 16);
    EXPECT_NE(r.errors[0].message.find("spec.hostProfile: cannot read the host profile " +
                                       dir.file("nowhere.yaml") + ": no such file"),
              std::string::npos)
        << r.errors[0].message;
}

TEST(PairHostProfile, AProfileErrorIsReportedInTheProfileFile) {
    test::TempDir dir("profile");
    const auto profile = dir.write("site.yaml",
                                   "apiVersion: hactl/v1\nkind: HostProfile\nspec:\n  monitor:\n"
                                   "    postgresLag: pgsql/lag\n");
    const auto pair = dir.write("pair.yaml", std::string(minimal_pair) + "  hostProfile: site.yaml\n");
    const auto r = config::load_pair_file(pair);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1U) << errors_of(r.errors);
    EXPECT_EQ(config::format_diagnostic(r.errors[0]),
              profile +
                  ":5:18: error: spec.monitor.postgresLag: expected a JSON pointer (RFC 6901) such as "
                  "/postgres/lag_bytes, found \"pgsql/lag\" (it must start with /)");
}

TEST(PairHostProfile, BothFilesErrorsAreReportedTogether) {
    test::TempDir dir("profile");
    dir.write("site.yaml", "apiVersion: hactl/v1\nkind: HostProfile\nspec:\n  haPorts: [0]\n");
    std::string text = std::string(minimal_pair) + "  hostProfile: site.yaml\n";
    text.replace(text.find("10.0.0.2"), 8, "10.0.0.1");
    const auto r = config::load_pair_file(dir.write("pair.yaml", text));
    ASSERT_EQ(r.errors.size(), 2U) << errors_of(r.errors);
    EXPECT_EQ(r.errors[0].file, dir.file("pair.yaml"));
    EXPECT_EQ(r.errors[1].file, dir.file("site.yaml"));
    EXPECT_EQ(r.errors[1].line, 4);
}

// --- malformed profiles: tests/data/invalid-profile/NAME.yaml -> NAME.expect ---

TEST(InvalidProfileCorpus, EveryFileProducesExactlyItsExpectedDiagnostics) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(std::string(HACTL_TEST_DATA) + "/invalid-profile")) {
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 15U);
    for (const auto& file : files) {
        SCOPED_TRACE(file.filename().string());
        std::ifstream expect_file(fs::path(file).replace_extension(".expect"));
        if (!expect_file) {
            ADD_FAILURE() << "missing .expect for " << file;
            continue;
        }
        std::vector<std::string> expected;
        for (std::string line; std::getline(expect_file, line);) {
            if (!line.empty()) expected.push_back(line);
        }
        const auto result = config::load_profile_file(file.string());
        EXPECT_FALSE(result.ok());
        if (result.errors.size() != expected.size()) {
            ADD_FAILURE() << "expected " << expected.size() << " diagnostics, found:\n"
                          << errors_of(result.errors);
            continue;
        }
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(config::format_diagnostic(result.errors[i]), file.string() + ":" + expected[i]);
        }
    }
}

TEST(DocumentKind, NamesTheKindTheFileDeclares) {
    test::TempDir dir("profile");
    EXPECT_EQ(config::document_kind(dir.write("p.yaml", site_profile)), "HostProfile");
    EXPECT_EQ(config::document_kind(dir.write("q.yaml", minimal_pair)), "HAPair");
    EXPECT_EQ(config::document_kind(dir.write("r.yaml", "- a\n- b\n")), "");
    EXPECT_EQ(config::document_kind(dir.file("missing.yaml")), "");
}

TEST(PairHostProfile, ThePairFileWrittenBackKeepsItsHostProfile) {
    test::TempDir dir("profile");
    dir.write("site.yaml", site_profile);
    const auto first = config::load_pair_file(
        dir.write("pair.yaml", std::string(minimal_pair) + "  hostProfile: site.yaml\n"));
    ASSERT_TRUE(first.ok()) << errors_of(first.errors);
    const std::string text = config::to_yaml(*first.pair);
    EXPECT_NE(text.find("  hostProfile: site.yaml\n"), std::string::npos) << text;
    const auto again = config::load_pair_file(dir.write("again.yaml", text));
    ASSERT_TRUE(again.ok()) << errors_of(again.errors);
    EXPECT_EQ(*again.pair, *first.pair);
}

TEST(PairHostProfile, AWrongPathOrShapeIsOneErrorNeverACrash) {
    // hostProfile of the wrong type: the schema's error, no file is read.
    auto r = config::load_pair_text(std::string(minimal_pair) + "  hostProfile: [a, b]\n", "pair.yaml");
    ASSERT_EQ(r.errors.size(), 1U) << errors_of(r.errors);
    EXPECT_EQ(r.errors[0].line, 12);
    r = config::load_pair_text(std::string(minimal_pair) + "  hostProfile: \"\"\n", "pair.yaml");
    ASSERT_EQ(r.errors.size(), 1U) << errors_of(r.errors);
    // spec not a mapping, a whole document that is a list: no crash.
    EXPECT_FALSE(config::load_pair_text("apiVersion: hactl/v1\nkind: HAPair\nspec: [hostProfile]\n", "p.yaml").ok());
    EXPECT_FALSE(config::load_pair_text("- spec\n- hostProfile\n", "p.yaml").ok());
}
