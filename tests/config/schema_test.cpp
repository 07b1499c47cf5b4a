// The embedded schema: it is the file in schemas/, it is strict, its defaults are
// defaults.hpp's, and its patterns accept exactly what the semantic rules accept.
// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> (std::function in
// its NFA states) when optimising with sanitizers; <regex> is included here first
// so that the suppression covers only its own lines.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "hactl/config/load.hpp"
#include "hactl/config/rules.hpp"
#include "config/schema_check.hpp"
#include "config/semantics.hpp"
#include "hactl/generated/schemas.hpp"
#include "hactl/model/defaults.hpp"

using namespace hactl::config;
using nlohmann::json;
namespace defaults = hactl::model::defaults;

namespace {

void walk(const json& node, const std::string& where, const std::function<void(const json&, const std::string&)>& f) {
    if (!node.is_object()) return;
    f(node, where);
    for (const auto& [key, child] : node.items()) {
        if (child.is_object()) walk(child, where + "/" + key, f);
    }
}

std::string pattern_at(const std::string& pointer) {
    const json* schema = schema_for(pointer);
    return schema && schema->contains("pattern") ? (*schema)["pattern"].get<std::string>() : "";
}

}  // namespace

TEST(Schema, EmbeddedSchemaIsTheFileInSchemasDirectory) {
    std::ifstream in(std::string(HACTL_SOURCE_DIR) + "/schemas/hapair.schema.json");
    std::stringstream file;
    file << in.rdbuf();
    EXPECT_EQ(file.str(), hactl::generated::hapair_schema);
    EXPECT_EQ(pair_schema()["$schema"], "http://json-schema.org/draft-07/schema#");
}

TEST(Schema, EveryObjectRejectsUnknownFieldsAndEveryFieldIsDescribed) {
    int objects = 0;
    walk(pair_schema(), "", [&](const json& node, const std::string& where) {
        if (where.find("/examples") != std::string::npos) return;
        if (node.contains("properties")) {
            ++objects;
            EXPECT_EQ(node.value("additionalProperties", json(true)), json(false)) << where;
            for (const auto& [name, sub] : node["properties"].items()) {
                const bool described = sub.contains("description");
                EXPECT_TRUE(described) << where << "/" << name;
            }
        }
    });
    EXPECT_GE(objects, 8);
}

TEST(Schema, DefaultsInTheSchemaAreThoseOfDefaultsHpp) {
    auto def = [](const std::string& pointer) { return schema_for(pointer)->at("default"); };
    EXPECT_EQ(def("/spec/primary/ssh/port"), defaults::ssh_port);
    EXPECT_EQ(def("/spec/secondary/alationShell"), std::string(defaults::alation_shell));
    EXPECT_EQ(def("/spec/replication/maxWalSenders"), defaults::max_wal_senders);
    EXPECT_EQ(def("/spec/replication/postgres"), defaults::replicate_postgres);
    EXPECT_EQ(def("/spec/replication/kvstore"), defaults::replicate_kvstore);
    EXPECT_EQ(def("/spec/replication/eventBus"), defaults::replicate_event_bus);
    EXPECT_EQ(def("/spec/backupV2"), defaults::backup_v2);
    EXPECT_EQ(def("/spec/paths/data"), std::string(defaults::data_path));
    EXPECT_EQ(def("/spec/paths/install"), std::string(defaults::install_path));
    EXPECT_EQ(def("/spec/paths/state"), std::string(defaults::state_path));
    EXPECT_EQ(def("/spec/monitorUrl"), std::string(defaults::monitor_url));
    EXPECT_EQ(def("/spec/policy/allowDestructive"), defaults::allow_destructive);
    EXPECT_EQ(def("/spec/policy/allowFailover"), defaults::allow_failover);
    EXPECT_EQ(def("/spec/policy/maxFailoverLagBytes"), defaults::max_failover_lag_bytes);
    EXPECT_EQ(def("/spec/state"), std::string(hactl::model::to_string(hactl::model::PairState::paired)));
    EXPECT_EQ(pair_schema()["properties"]["apiVersion"]["const"], std::string(defaults::api_version));
    EXPECT_EQ(pair_schema()["properties"]["kind"]["const"], std::string(defaults::kind));
}

TEST(Schema, ItsOwnExampleIsAValidPairFile) {
    for (const auto& example : pair_schema()["examples"]) {
        const auto r = load_pair_text(example.dump(2), "schema-example.json");  // JSON is YAML
        EXPECT_TRUE(r.ok()) << example.dump(2);
    }
}

TEST(Schema, ViolationsAreTranslatedToExpectedAndFound) {
    const auto r = load_pair_text("apiVersion: hactl/v1\nkind: HAPair\nmetadata: {name: x, nmae: y}\nspec: []\n", "s.yaml");
    ASSERT_EQ(r.errors.size(), 2U);
    EXPECT_EQ(format_diagnostic(r.errors[0]),
              "s.yaml:3:21: error: unknown field 'nmae' in metadata (did you mean 'name'?); expected one of: name");
    EXPECT_EQ(format_diagnostic(r.errors[1]), "s.yaml:4:7: error: spec: expected a mapping, found a list");
}

namespace {
/// Strings over `alphabet`, mostly short, sometimes the field's typical shape.
rc::Gen<std::string> strings_over(const std::string& alphabet) {
    return rc::gen::container<std::string>(rc::gen::elementOf(std::vector<char>(alphabet.begin(), alphabet.end())));
}

void agree(const std::string& pointer, const std::function<std::optional<std::string>(std::string_view)>& rule,
           const std::string& alphabet, const std::vector<std::string>& seeds) {
    const std::regex pattern(pattern_at(pointer));  // ECMAScript, as valijson uses
    const auto text = *rc::gen::oneOf(strings_over(alphabet), rc::gen::elementOf(seeds),
                                      rc::gen::map(rc::gen::pair(rc::gen::elementOf(seeds), strings_over(alphabet)),
                                                   [](const std::pair<std::string, std::string>& p) { return p.first + p.second; }));
    const bool schema_accepts = std::regex_search(text, pattern);
    const bool rule_accepts = !rule(text).has_value();
    RC_TAG(rule_accepts);
    if (schema_accepts != rule_accepts) RC_FAIL(pointer + ": schema " + (schema_accepts ? "accepts" : "rejects") + " \"" + text + "\"");
}
}  // namespace

RC_GTEST_PROP(SchemaAgreesWithRules, Address, ()) {
    agree("/spec/primary/address", check_ipv4, "0123456789.a-", {"10.0.0.1", "255.255.255.255", "1.2.3.", "01.1.1.1"});
}
RC_GTEST_PROP(SchemaAgreesWithRules, Release, ()) {
    agree("/spec/release", check_release, "0123456789.", {"2023.3", "2021.4.2", "2023.03", "0.1"});
}
RC_GTEST_PROP(SchemaAgreesWithRules, PairName, ()) {
    agree("/metadata/name", check_pair_name, "abz09-A_.", {"catalog-prod", "a", "-a", "a-"});
}
RC_GTEST_PROP(SchemaAgreesWithRules, SshUser, ()) {
    agree("/spec/primary/ssh/user", check_ssh_user, "aZ_09.-;$ ", {"alationops", "_x", "1a"});
}
RC_GTEST_PROP(SchemaAgreesWithRules, LocalPath, ()) {
    agree("/spec/primary/ssh/knownHostsFile", check_local_path, "/~ab .\n\t\x7f#:'\"", {"/", "~/", "~", "~/.ssh/x"});
}
RC_GTEST_PROP(SchemaAgreesWithRules, RemotePath, ()) {
    agree("/spec/paths/data", check_remote_path, "/a.Z9_+@%,:= ;$~", {"/data", "/a/..", "/a/./b", "//", "/a/", "/..."});
}
RC_GTEST_PROP(SchemaAgreesWithRules, MonitorUrl, ()) {
    agree("/spec/monitorUrl", check_monitor_url, "htps:/.a9:-?=%+,@~_;$& ",
          {"http://", "https://", "http://localhost", "http://h:8080/m?x=1", "http://h:"});
}
RC_GTEST_PROP(SchemaAgreesWithRules, AlationShell, ()) {
    agree("/spec/primary/alationShell", check_shell_prefix, "a Z0_./:=@%+,-;|&$`'\"()<>\n\t*?[]{}~#!\\",
          {"sudo chroot /opt/alation/alation /bin/su - alationadmin -c", "a  b", " a", "a "});
}
