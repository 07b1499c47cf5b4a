// The probe script run by a real /bin/sh on this machine: the framing, the
// state-directory functions (hactl_receipts, hactl_jobs with kill -0) and the
// optional-file reads work in a real shell, not only in the fake's reader.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "../fake/fake_pair.hpp"
#include "apply/local_transport.hpp"
#include "hactl/facts/probe.hpp"
#include "support/files.hpp"

using namespace hactl;
namespace fs = std::filesystem;

namespace {

void spit(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    test::write_text(p, text);
}

/// An executable stub `alation_conf` in ROOT/bin: a sh case on the key.
void write_conf_stub(const fs::path& root, const std::string& script) {
    spit(root / "bin" / "alation_conf", script);
    fs::permissions(root / "bin" / "alation_conf", fs::perms::owner_all);
}

/// The local /bin/sh as the host (the login shell of a real host), with
/// ROOT/bin first on its PATH and `env` ("NAME=VALUE") set.
test::LocalTransport local_host(const fs::path& root, std::vector<std::string> env = {}) {
    const char* path = std::getenv("PATH");
    env.push_back("PATH=" + (root / "bin").string() + ":" + (path ? path : "/usr/bin:/bin"));
    return test::LocalTransport(std::move(env));
}

/// A stub alation_conf whose mode and protection reads each wait (up to
/// HACTL_TEST_WAIT x 50 ms, default 10 s) for the other to have started: both
/// answer only when the sections run at the same time; one after the other,
/// each fails with "waited alone".
void write_rendezvous_conf(const fs::path& dir) {
    const std::string meet =
        "meet() { touch \"$HACTL_TEST_DIR/$1\"; n=0; while [ ! -e \"$HACTL_TEST_DIR/$2\" ]; do "
        "n=$((n + 1)); [ $n -gt ${HACTL_TEST_WAIT:-200} ] && { echo 'waited alone' >&2; exit 1; }; sleep "
        "0.05; done; }\n";
    write_conf_stub(dir, "#!/bin/sh\n" + meet +
                             "case \"$1\" in\n"
                             "  alation.cluster.replication_mode) meet mode.started protection.started; "
                             "echo 'alation.cluster.replication_mode = slave' ;;\n"
                             "  alation.cluster.protected_instance) meet protection.started mode.started; "
                             "echo 'alation.cluster.protected_instance = False' ;;\n"
                             "  alation.cluster.hosts) echo 'alation.cluster.hosts = 10.0.0.1' ;;\n"
                             "  *) echo \"alation_conf: unknown key $1\" >&2; exit 1 ;;\nesac\n");
}

model::PairSpec local_spec(const fs::path& dir) {
    auto spec = fake::test_spec();
    spec.secondary.alation_shell = "sh -c";
    spec.primary.privilege = spec.secondary.privilege = "";  // hactl's records are read as this user
    spec.paths.data = "/";
    spec.paths.install = "/";
    spec.paths.state = (dir / "state").string();
    return spec;
}

}  // namespace

TEST(ProbeRealShell, SectionsAndStateFunctionsInPosixSh) {
    const test::TempDir tmp("probe");
    const fs::path dir = tmp.path();
    const fs::path state = dir / "state";
    // A stub alation_conf: known keys answer as the contract says (with the
    // odd spacing it allows), an unknown key fails.
    write_conf_stub(
        dir,
        "#!/bin/sh\ncase \"$1\" in\n"
        "  alation.cluster.replication_mode) printf '\\nalation.cluster.replication_mode =  master  \\n\\n' "
        ";;\n"
        "  alation.cluster.protected_instance) echo 'alation.cluster.protected_instance = TRUE' ;;\n"
        "  alation.cluster.override_ip) echo 'alation.cluster.override_ip =' ;;\n"
        "  alation.cluster.enable_override_ip) echo 'alation.cluster.enable_override_ip = False' ;;\n"
        "  alation.cluster.hosts) echo 'alation.cluster.hosts = 10.0.0.1, 10.0.0.2' ;;\n"
        "  pgsql.config.max_wal_senders) echo 'pgsql.config.max_wal_senders = 10' ;;\n"
        "  *) echo \"alation_conf: unknown key $1\" >&2; exit 1 ;;\nesac\n");
    spit(state / "receipts" / "generate-keys", "completed_at=2026-11-26T10:00:00Z\n");
    spit(state / "receipts" / "exchange-keys", "completed_at=2026-11-26T10:00:01Z\n");
    spit(state / "jobs" / "replicate-postgres" / "pid", std::to_string(::getpid()) + "\n");
    spit(state / "jobs" / "replicate-postgres" / "started_at", "2026-11-26T10:02:00Z\n");
    spit(state / "jobs" / "replicate-postgres" / "log", "start\ncopy 10%\rcopy 55%\r\n\n");
    spit(state / "jobs" / "copy-kvstore" / "pid", "999999999\n");  // no such process
    spit(state / "jobs" / "copy-kvstore" / "exit", "0\n");
    spit(state / "jobs" / "start-kafka-sync" / "pid", "999999998\n");  // died without an exit status
    spit(state / "lock", "owner=ops@ci\npid=12\nstarted_at=a\nexpires_at=b\n");

    auto spec = fake::test_spec();
    spec.primary.alation_shell = "sh -c";  // the "Alation shell" is a local sh
    spec.primary.privilege = "";           // hactl's records are read as this user
    spec.paths.data = dir.string();
    spec.paths.install = "/";
    spec.paths.state = state.string();
    spec.monitor_url = "http://127.0.0.1:9/monitor/replication";  // nothing listens on the discard port
    auto shell = local_host(dir);
    const auto f = facts::probe_host(spec, model::Role::primary, shell, transport::Millis(20000));

    EXPECT_TRUE(f.reachable());
    EXPECT_EQ(f.mode, facts::Mode::master);
    EXPECT_EQ(f.protected_instance, true);
    EXPECT_EQ(f.override_ip, "");
    EXPECT_EQ(f.cluster_hosts, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
    EXPECT_EQ(f.max_wal_senders, 10);
    // The stub does not know the Backup V2 key: unknown, with alation_conf's message.
    EXPECT_FALSE(f.backup_v2);
    EXPECT_EQ(f.unknown.at("backup_v2"), "exit 1: alation_conf: unknown key alation.feature_flags.enable_backup_v2");
    // No Alation install here: the release file is missing (unknown), the key
    // files are absent (known: no key yet).
    EXPECT_FALSE(f.release);
    EXPECT_NE(f.unknown.at("release").find("No such file"), std::string::npos);
    EXPECT_EQ(f.public_key, "");
    EXPECT_EQ(f.authorized_keys, std::vector<std::string>{});
    // Real df of real paths.
    ASSERT_TRUE(f.data_bytes) << f.unknown.at("data_bytes");
    EXPECT_GT(*f.data_bytes, 0u);
    EXPECT_TRUE(f.install_bytes);
    // Real curl to a closed port (or no curl at all): unknown, not an abort.
    EXPECT_FALSE(f.monitor);
    EXPECT_TRUE(f.unknown.count("monitor"));
    EXPECT_EQ(f.receipts, (std::vector<std::string>{"exchange-keys", "generate-keys"}));
    ASSERT_EQ(f.jobs.size(), 3u);
    EXPECT_EQ(f.jobs.at("replicate-postgres").state, facts::JobRecord::State::running);
    EXPECT_EQ(f.jobs.at("replicate-postgres").last_line, "copy 55%");
    EXPECT_EQ(f.jobs.at("replicate-postgres").started_at, "2026-11-26T10:02:00Z");
    // How long it has run, by the host's clock (here this machine's).
    {
        using namespace std::chrono;
        const auto started = sys_days{year{2026} / 11 / 26} + hours(10) + minutes(2);
        const auto expected = duration_cast<seconds>(system_clock::now() - started).count();
        const auto elapsed = f.jobs.at("replicate-postgres").elapsed_seconds;
        ASSERT_TRUE(elapsed);
        EXPECT_NEAR(static_cast<double>(*elapsed), static_cast<double>(expected), 30.0);
        EXPECT_FALSE(f.jobs.at("copy-kvstore").elapsed_seconds) << "a finished job has none";
    }
    EXPECT_EQ(f.jobs.at("copy-kvstore").state, facts::JobRecord::State::succeeded);
    EXPECT_EQ(f.jobs.at("start-kafka-sync").state, facts::JobRecord::State::lost);
    ASSERT_TRUE(f.lock);
    EXPECT_EQ(f.lock->owner, "ops@ci");
}

TEST(ProbeRealShell, AbsentStateDirectoryIsAnUntouchedHost) {
    const test::TempDir tmp("probe-empty");
    const fs::path dir = tmp.path();
    fs::create_directories(dir / "bin");
    auto spec = fake::test_spec();
    spec.secondary.alation_shell = "sh -c";
    spec.primary.privilege = spec.secondary.privilege = "";  // hactl's records are read as this user
    spec.paths.data = "/";
    spec.paths.install = "/";
    spec.paths.state = (dir / "no-such-state").string();
    auto shell = local_host(dir);
    const auto f = facts::probe_host(spec, model::Role::secondary, shell, transport::Millis(20000));
    EXPECT_TRUE(f.receipts.empty());
    EXPECT_TRUE(f.jobs.empty());
    EXPECT_FALSE(f.unknown.count("receipts"));
    EXPECT_FALSE(f.unknown.count("jobs"));
    EXPECT_FALSE(f.lock);
    // alation_conf does not exist here: each conf fact unknown with the shell's message.
    EXPECT_FALSE(f.mode);
    EXPECT_NE(f.unknown.at("mode").find("exit 127"), std::string::npos);
}

TEST(ProbeRealShell, SectionsRunConcurrentlyAndLeaveNoTemporaryFiles) {
    const test::TempDir tmp("probe-conc");
    const fs::path dir = tmp.path();
    fs::create_directories(dir / "tmp");
    write_rendezvous_conf(dir);
    auto shell = local_host(dir, {"HACTL_TEST_DIR=" + dir.string(), "TMPDIR=" + (dir / "tmp").string()});
    const auto spec = local_spec(dir);
    const std::string token = facts::new_probe_token();
    const auto script = facts::build_probe_script(spec, model::Role::secondary, token);
    const auto ran = shell.run(script, transport::Millis(20000));
    const auto f = facts::parse_probe_output(ran, token, spec, model::Role::secondary);
    // Each of the two reads saw the other one running.
    EXPECT_EQ(f.mode, facts::Mode::slave) << (f.unknown.count("mode") ? f.unknown.at("mode") : "");
    EXPECT_EQ(f.protected_instance, false);
    EXPECT_EQ(f.cluster_hosts, std::vector<std::string>{"10.0.0.1"});
    // Sections are printed in their order, whatever order they finished in.
    const std::string& out = ran.out;
    EXPECT_LT(out.find(" begin release\n"), out.find(" begin mode\n"));
    EXPECT_LT(out.find(" begin mode\n"), out.find(" begin protected_instance\n"));
    EXPECT_LT(out.find(" begin protected_instance\n"), out.find(" begin jobs\n"));
    // The per-section files are gone.
    EXPECT_TRUE(fs::is_empty(dir / "tmp"));

    // A reader that goes away early (a dropped connection) still leaves nothing behind.
    fs::remove(dir / "mode.started");
    fs::remove(dir / "protection.started");
    EXPECT_EQ(shell.run(script + " 2>/dev/null | head -c 1 >/dev/null", transport::Millis(20000)).exit_code,
              0);
    EXPECT_TRUE(fs::is_empty(dir / "tmp"));
}

TEST(ProbeRealShell, WithoutATemporaryDirectorySectionsRunInTurnWithTheSameFacts) {
    const test::TempDir tmp("probe-seq");
    const fs::path dir = tmp.path();
    write_rendezvous_conf(dir);
    // mktemp -d cannot create anything under a missing TMPDIR: one section after another.
    auto shell = local_host(dir, {"HACTL_TEST_WAIT=10", "HACTL_TEST_DIR=" + dir.string(),
                                  "TMPDIR=" + (dir / "missing").string()});
    const auto f =
        facts::probe_host(local_spec(dir), model::Role::secondary, shell, transport::Millis(30000));
    // The first read waited alone (proof the sections ran in turn) and became
    // an unknown fact; the second then met it; every other fact is read.
    EXPECT_FALSE(f.mode);
    EXPECT_NE(f.unknown.at("mode").find("waited alone"), std::string::npos);
    EXPECT_EQ(f.protected_instance, false);
    EXPECT_EQ(f.cluster_hosts, std::vector<std::string>{"10.0.0.1"});
    EXPECT_TRUE(f.data_bytes);
    EXPECT_TRUE(f.receipts.empty());
    EXPECT_FALSE(fs::exists(dir / "missing"));
}

TEST(ProbeRealShell, OneEntryIntoTheAlationShellAndItsFailureNamed) {
    const test::TempDir tmp("probe-wrap");
    const fs::path dir = tmp.path();
    auto spec = local_spec(dir);
    // Every Alation read goes through one wrapper call per probe.
    spec.secondary.alation_shell = "/opt/test/enter-alation -c";
    const auto script =
        facts::build_probe_script(spec, model::Role::secondary, "0123456789abcdef0123456789abcdef");
    std::size_t wrapper_calls = 0;
    for (auto at = script.find("/opt/test/enter-alation"); at != std::string::npos;
         at = script.find("/opt/test/enter-alation", at + 1)) {
        ++wrapper_calls;
    }
    EXPECT_EQ(wrapper_calls, 1u);

    // A wrapper that refuses (as sudo does without a password): every Alation
    // fact is unknown with its message; the host's own facts are still read.
    spec.secondary.alation_shell = "sh -c 'echo \"sudo: a password is required\" >&2; exit 1' wrapper";
    auto shell = local_host(dir);
    const auto f = facts::probe_host(spec, model::Role::secondary, shell, transport::Millis(20000));
    for (auto key : {"release", "mode", "protected_instance", "backup_v2", "public_key", "authorized_keys"}) {
        ASSERT_TRUE(f.unknown.count(key)) << key;
        EXPECT_EQ(f.unknown.at(key), "the Alation shell failed (exit 1): sudo: a password is required")
            << key;
    }
    EXPECT_FALSE(f.mode);
    EXPECT_TRUE(f.data_bytes);
    EXPECT_FALSE(f.unknown.count("receipts"));
}

TEST(ProbeRealShell, OutputWithoutAFinalNewlineOrWithBackslashesIsReadAsIs) {
    const test::TempDir tmp("probe-raw");
    const fs::path dir = tmp.path();
    write_conf_stub(dir,
                    "#!/bin/sh\ncase \"$1\" in\n"
                    "  alation.cluster.override_ip) printf 'alation.cluster.override_ip =   10.0.0.9' ;;\n"
                    "  alation.cluster.hosts) printf '  alation.cluster.hosts = a\\\\b,c\\n' ;;\n"
                    "  *) printf 'alation_conf: unknown key %s' \"$1\" >&2; exit 1 ;;\nesac\n");
    auto shell = local_host(dir, {"TMPDIR=" + dir.string()});
    const auto f =
        facts::probe_host(local_spec(dir), model::Role::secondary, shell, transport::Millis(20000));
    EXPECT_EQ(f.override_ip, "10.0.0.9");
    EXPECT_EQ(f.cluster_hosts, (std::vector<std::string>{"a\\b", "c"}));
    ASSERT_TRUE(f.unknown.count("mode"));
    EXPECT_EQ(f.unknown.at("mode"), "exit 1: alation_conf: unknown key alation.cluster.replication_mode");
}
