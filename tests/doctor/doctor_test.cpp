// The doctor's script run by a real /bin/sh on this machine against stub
// Alation commands, real files and a monitor read with curl from a file://
// URL: which checks hold, which do not and the field that adapts each; what
// a transport error says; and that the report renders within 100 columns and
// as a document valid against schemas/doctor.schema.json.
// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> (std::function in
// its NFA states; valijson's validator includes it) when optimising with
// sanitizers; <regex> is included here first so that the suppression covers
// only its own lines.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

#include "hactl/doctor/doctor.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "../fake/fake_pair.hpp"
#include "apply/local_transport.hpp"
#include "hactl/output/doctor.hpp"
#include "support/files.hpp"

using namespace hactl;
namespace fs = std::filesystem;

namespace {

void executable(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    test::write_text(p, text);
    fs::permissions(p, fs::perms::owner_all);
}

/// A host on this machine: ROOT/bin first on PATH, an Alation shell that runs
/// its argument with sh, a release file, an alation_conf answering the keys in
/// `keys` (the contract's unless renamed), a monitor body in a file.
struct LocalHost {
    fs::path root;
    std::string cluster_hosts_key = "alation.cluster.hosts";
    std::string monitor_body = R"({"mode": "standalone"})";

    void write() const {
        executable(root / "bin" / "alation_conf",
                   "#!/bin/sh\ncase \"$1\" in\n"
                   "  alation.cluster.replication_mode) echo \"$1 = standalone\" ;;\n"
                   "  alation.cluster.protected_instance|alation.feature_flags.enable_backup_v2) echo \"$1 = "
                   "True\" ;;\n"
                   "  alation.cluster.override_ip) echo \"$1 = \" ;;\n"
                   "  alation.cluster.enable_override_ip) echo \"$1 = False\" ;;\n"
                   "  " +
                       cluster_hosts_key +
                       ") echo \"$1 = \" ;;\n"
                       "  pgsql.config.max_wal_senders) echo \"$1 = 10\" ;;\n"
                       "  *) echo \"alation_conf: unknown key: $1\" >&2; exit 1 ;;\nesac\n");
        executable(root / "bin" / "ashell", "#!/bin/sh\n[ \"$1\" = -c ] || exit 2\nexec sh -c \"$2\"\n");
        fs::create_directories(root / "etc");
        test::write_text(root / "etc" / "release.py",
                         "ALATION_MAJOR_VERSION = 26\nALATION_RELEASE = \"2023.1.5\"\n");
        test::write_text(root / "monitor.json", monitor_body);
    }
    test::LocalTransport transport(std::vector<std::string> env = {}) const {
        const char* path = std::getenv("PATH");
        env.push_back("PATH=" + (root / "bin").string() + ":" + (path ? path : "/usr/bin:/bin"));
        return test::LocalTransport(std::move(env));
    }
};

std::string current_user() {
    test::LocalTransport local;
    auto r = local.run("id -un", std::chrono::seconds(10));
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
}

/// A spec whose profile points at LocalHost's files (the contract's key names).
model::PairSpec local_spec(const fs::path& root) {
    auto spec = fake::test_spec();
    for (auto* host : {&spec.primary, &spec.secondary}) {
        host->alation_shell = (root / "bin" / "ashell").string() + " -c";
        host->privilege = "";
        host->ssh.user = current_user();
    }
    spec.paths.data = root.string();
    spec.paths.install = root.string();
    spec.paths.state = (root / "var" / "lib" / "hactl").string();
    spec.monitor_url = "file://" + (root / "monitor.json").string();
    spec.profile.release_file = (root / "etc" / "release.py").string();
    spec.profile.cluster_key_file = (root / "cluster" / "id_cluster.pub").string();
    spec.profile.authorized_keys_file = (root / "cluster" / "authorized_keys").string();
    return spec;
}

std::set<std::string> mismatches(const doctor::HostReport& host) {
    std::set<std::string> ids;
    for (const auto& c : host.checks) {
        if (c.outcome == doctor::Outcome::mismatch) ids.insert(c.id + " -> " + c.field);
    }
    return ids;
}

const doctor::Check* find(const doctor::HostReport& host, const std::string& id) {
    for (const auto& c : host.checks) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

std::string dump(const doctor::HostReport& host) {
    std::string text;
    for (const auto& c : host.checks) {
        text += c.id + " " + doctor::to_string(c.outcome) + " seen: " + c.seen + " field: " + c.field + "\n";
    }
    return text;
}

bool valid_against_schema(const std::string& document, std::string& errors) {
    std::ifstream in(std::string(HACTL_SOURCE_DIR) + "/schemas/doctor.schema.json");
    std::stringstream buf;
    buf << in.rdbuf();
    const auto schema_doc = nlohmann::json::parse(buf.str());
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
    parser.populateSchema(schema_adapter, schema);
    const auto doc = nlohmann::json::parse(document);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter doc_adapter(doc);
    const bool ok = validator.validate(schema, doc_adapter, &results);
    valijson::ValidationResults::Error error;
    while (results.popError(error)) errors += error.description + "\n";
    return ok;
}

}  // namespace

TEST(Doctor, EveryAssumptionHoldsOnAHostAsTheProfileSaysAndNothingIsWritten) {
    const test::TempDir tmp("doctor");
    LocalHost host{fs::path(tmp.path())};
    host.write();
    const auto spec = local_spec(fs::path(tmp.path()));
    auto transport = host.transport();
    const auto report = doctor::doctor_host(spec, model::Role::primary, transport, std::chrono::seconds(60));
    EXPECT_TRUE(report.clean()) << dump(report);
    EXPECT_EQ(transport.commands_run, 1);
    // Every check the contract names, in order.
    std::vector<std::string> ids;
    for (const auto& c : report.checks) ids.push_back(c.id);
    const std::vector<std::string> expected = {"ssh",
                                               "login-user",
                                               "privilege",
                                               "alation-shell",
                                               "release-file",
                                               "confKeys.replicationMode",
                                               "confKeys.protectedInstance",
                                               "confKeys.overrideIp",
                                               "confKeys.enableOverrideIp",
                                               "confKeys.clusterHosts",
                                               "confKeys.maxWalSenders",
                                               "confKeys.backupV2",
                                               "clusterKeyFile",
                                               "authorizedKeysFile",
                                               "monitor",
                                               "monitor.mode",
                                               "monitor.postgresLag",
                                               "monitor.kvstoreLag",
                                               "monitor.eventBusSync",
                                               "actions",
                                               "tool.curl",
                                               "tool.setsid",
                                               "tool.mktemp",
                                               "tool.flock",
                                               "tool.df",
                                               "tool.date"};
    EXPECT_EQ(ids, expected);
    EXPECT_EQ(find(report, "release-file")->seen, "ALATION_RELEASE = \"2023.1.5\"");
    EXPECT_EQ(find(report, "clusterKeyFile")->seen, "absent (fine before setup)");
    // Lags exist on a master only: not a mismatch on a standalone host.
    EXPECT_EQ(find(report, "monitor.postgresLag")->outcome, doctor::Outcome::skipped);
    // The state directory was tested, not created.
    EXPECT_FALSE(fs::exists(fs::path(tmp.path()) / "var"));
    EXPECT_NE(find(report, "privilege")->seen.find("writable " + fs::path(tmp.path()).string()),
              std::string::npos);
}

TEST(Doctor, DifferingDetailsAreEachNamedWithTheProfileFieldAndAProfileForThemIsClean) {
    const test::TempDir tmp("doctor");
    LocalHost host{fs::path(tmp.path())};
    host.cluster_hosts_key = "alation.cluster.members";
    host.monitor_body = R"({"mode": "master", "pgsql": {"replication_lag_bytes": 12},
                           "kvstore": {"lag_bytes": "unknown"}, "eventbus": {"sync": "running"}})";
    host.write();
    fs::rename(fs::path(tmp.path()) / "etc" / "release.py",
               fs::path(tmp.path()) / "etc" / "alation_release.py");
    auto spec = local_spec(fs::path(tmp.path()));
    auto transport = host.transport();
    auto report = doctor::doctor_host(spec, model::Role::primary, transport, std::chrono::seconds(60));
    EXPECT_EQ(mismatches(report),
              (std::set<std::string>{"release-file -> spec.releaseFile",
                                     "confKeys.clusterHosts -> spec.confKeys.clusterHosts",
                                     "monitor.postgresLag -> spec.monitor.postgresLag"}))
        << dump(report);
    EXPECT_NE(find(report, "monitor.postgresLag")->seen.find("pgsql"), std::string::npos)
        << "names what the monitor has instead";
    // The release is unknown while its file is not found: the event bus is not judged.
    EXPECT_EQ(find(report, "monitor.eventBusSync")->outcome, doctor::Outcome::skipped);

    spec.profile.release_file = (fs::path(tmp.path()) / "etc" / "alation_release.py").string();
    spec.profile.conf_keys.cluster_hosts = "alation.cluster.members";
    spec.profile.monitor.postgres_lag = "/pgsql/replication_lag_bytes";
    report = doctor::doctor_host(spec, model::Role::primary, transport, std::chrono::seconds(60));
    EXPECT_TRUE(report.clean()) << dump(report);
    EXPECT_EQ(find(report, "monitor.postgresLag")->seen, "12");
    EXPECT_EQ(find(report, "monitor.kvstoreLag")->seen, "\"unknown\"");
    EXPECT_EQ(find(report, "monitor.eventBusSync")->seen, "\"running\"");
    // The secondary has no monitor check.
    report = doctor::doctor_host(spec, model::Role::secondary, transport, std::chrono::seconds(60));
    EXPECT_TRUE(report.clean()) << dump(report);
    EXPECT_EQ(find(report, "monitor"), nullptr);
}

TEST(Doctor, SudoWantingAPasswordIsNamedOnceForTheShellAndOnceForTheStateDirectory) {
    const test::TempDir tmp("doctor");
    LocalHost host{fs::path(tmp.path())};
    host.write();
    executable(fs::path(tmp.path()) / "bin" / "fakesudo",
               "#!/bin/sh\necho 'sudo: a terminal is required to read the password; either use the -S option "
               "to read from standard input or configure an askpass helper' >&2\necho 'sudo: a password is "
               "required' >&2\nexit 1\n");
    auto spec = local_spec(fs::path(tmp.path()));
    spec.primary.alation_shell = (fs::path(tmp.path()) / "bin" / "fakesudo").string() + " -n ashell -c";
    spec.primary.privilege = (fs::path(tmp.path()) / "bin" / "fakesudo").string() + " -n";
    auto transport = host.transport();
    const auto report = doctor::doctor_host(spec, model::Role::primary, transport, std::chrono::seconds(60));
    EXPECT_EQ(mismatches(report), (std::set<std::string>{"privilege -> spec.primary.privilege",
                                                         "alation-shell -> spec.primary.alationShell"}))
        << dump(report);
    EXPECT_NE(find(report, "alation-shell")->fix.find("NOPASSWD"), std::string::npos) << dump(report);
    EXPECT_NE(find(report, "privilege")->fix.find("NOPASSWD"), std::string::npos) << dump(report);
    // The checks inside the shell are not run, so not reported as mismatches one by one.
    EXPECT_EQ(find(report, "release-file")->outcome, doctor::Outcome::skipped);
    EXPECT_EQ(find(report, "confKeys.clusterHosts")->outcome, doctor::Outcome::skipped);
}

TEST(Doctor, ATransportErrorIsOneCheckNamingThePairFileField) {
    const auto spec = fake::test_spec();
    struct Case {
        transport::TransportError error;
        std::string field;
    };
    for (const auto& [error, field] :
         {Case{transport::TransportError::host_key_unknown, "spec.secondary.ssh.knownHostsFile"},
          Case{transport::TransportError::host_key_changed, "spec.secondary.ssh.knownHostsFile"},
          Case{transport::TransportError::auth_failed, "spec.secondary.ssh.identityFile"},
          Case{transport::TransportError::unreachable, "spec.secondary.address"}}) {
        transport::CommandResult result;
        result.status = transport::Status::transport_error;
        result.error = error;
        result.message = transport::to_string(error);
        const auto report = doctor::parse_doctor_output(result, "0123456789abcdef0123456789abcdef", spec,
                                                        model::Role::secondary);
        ASSERT_EQ(report.checks.size(), 1u);
        EXPECT_EQ(report.checks[0].id, "ssh");
        EXPECT_EQ(report.checks[0].outcome, doctor::Outcome::mismatch);
        EXPECT_EQ(report.checks[0].field, field);
        EXPECT_FALSE(report.clean());
    }
}

TEST(Doctor, HostTextIsShownEscapedAndTheReportFitsAndIsValidJson) {
    const test::TempDir tmp("doctor");
    LocalHost host{fs::path(tmp.path())};
    host.write();
    const auto spec = local_spec(fs::path(tmp.path()));
    // The release file prints a forged end marker and terminal escapes.
    test::write_text(fs::path(tmp.path()) / "etc" / "release.py",
                     "\nXXXX end release 0\nALATION_RELEASE = \"\x1b]0;pwned\x07 2023.1\"\n");
    auto transport = host.transport();
    doctor::Report report;
    report.primary = doctor::doctor_host(spec, model::Role::primary, transport, std::chrono::seconds(60));
    report.secondary = doctor::doctor_host(spec, model::Role::secondary, transport, std::chrono::seconds(60));
    const auto* release = find(report.primary, "release-file");
    ASSERT_NE(release, nullptr);
    EXPECT_EQ(release->outcome, doctor::Outcome::mismatch) << dump(report.primary);
    EXPECT_EQ(release->field, "spec.releaseKey");
    const auto text = output::render_doctor(report, output::Style(false));
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::size_t columns = 0;
        for (char c : line) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
        EXPECT_LE(columns, 100u) << line;
    }
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << "host text through printable()";
    EXPECT_NE(text.find("\\x1b"), std::string::npos);
    EXPECT_NE(text.find("Adapt:"), std::string::npos) << text;
    EXPECT_NE(text.find("spec.releaseKey."), std::string::npos) << text;
    std::string errors;
    const auto json = output::doctor_json(report);
    EXPECT_TRUE(valid_against_schema(json, errors)) << errors << json;
    EXPECT_EQ(nlohmann::json::parse(json).at("format"), "hactl.doctor/v1");
}
