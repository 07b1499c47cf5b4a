// The probe against the in-memory fake pair: one exec per host, every fact,
// failing sections as unknown facts, and framing that host output cannot forge.
#include <gtest/gtest.h>

#include "../fake/fake_pair.hpp"
#include "hactl/facts/fact_keys.hpp"
#include "hactl/facts/probe.hpp"

using namespace hactl;
using fake::FakePair;
using fake::Preset;
using facts::Lag;
using facts::Mode;

namespace {
constexpr transport::Millis deadline{5000};

facts::PairFacts probe(FakePair& pair) {
    return facts::probe_pair(pair.spec(), pair.primary(), pair.secondary(), deadline);
}

struct Case {
    const char* release;
    Preset preset;
};

class ProbeRoundTrip : public ::testing::TestWithParam<Case> {};
}  // namespace

TEST_P(ProbeRoundTrip, ReadsEveryFactInOneExecPerHost) {
    const auto c = GetParam();
    FakePair pair(fake::test_spec(), fake::opts(c.release, c.preset));
    const auto f = probe(pair);
    EXPECT_EQ(pair.primary().runs().size(), 1u);
    EXPECT_EQ(pair.secondary().runs().size(), 1u);
    EXPECT_TRUE(pair.changes().empty()) << "the probe changed a host";
    const auto release = model::Release::parse(c.release);
    for (const auto* h : {&f.primary, &f.secondary}) {
        SCOPED_TRACE(model::to_string(h->role));
        EXPECT_TRUE(h->reachable());
        EXPECT_TRUE(h->unknown.empty()) << h->unknown.begin()->first << ": " << h->unknown.begin()->second;
        EXPECT_EQ(h->release_raw, c.release);
        EXPECT_EQ(h->release, release);
        EXPECT_TRUE(h->mode && h->protected_instance && h->override_ip && h->override_ip_enabled && h->cluster_hosts &&
                    h->max_wal_senders && h->backup_v2 && h->public_key && h->authorized_keys && h->data_bytes &&
                    h->install_bytes);
        EXPECT_EQ(h->data_bytes, 68719476736ULL);
        EXPECT_EQ(h->install_bytes, 107374182400ULL);
    }
    ASSERT_TRUE(f.primary.monitor);
    EXPECT_FALSE(f.secondary.monitor);
    const bool eventbus = *release >= model::Release{2021, 4};
    switch (c.preset) {
        case Preset::fresh:
            EXPECT_EQ(f.primary.mode, Mode::standalone);
            EXPECT_EQ(f.secondary.protected_instance, true);
            EXPECT_EQ(f.primary.public_key, "");
            EXPECT_TRUE(f.primary.authorized_keys->empty());
            EXPECT_TRUE(f.primary.cluster_hosts->empty());
            EXPECT_EQ(f.secondary.max_wal_senders, 10);
            EXPECT_EQ(f.primary.override_ip, "");
            EXPECT_EQ(f.primary.monitor->mode, Mode::standalone);
            EXPECT_EQ(f.primary.monitor->postgres.kind, Lag::Kind::absent);
            break;
        case Preset::half:
            EXPECT_EQ(f.primary.mode, Mode::master);
            EXPECT_EQ(f.secondary.mode, Mode::standalone);
            EXPECT_FALSE(f.primary.public_key->empty());
            EXPECT_EQ(f.primary.authorized_keys->size(), 1u);
            EXPECT_EQ(*f.secondary.cluster_hosts, (std::vector<std::string>{"10.0.0.2", "10.0.0.1"}));
            EXPECT_EQ(f.primary.monitor->postgres.kind, Lag::Kind::unknown);
            break;
        case Preset::converged:
            EXPECT_EQ(f.primary.mode, Mode::master);
            EXPECT_EQ(f.secondary.mode, Mode::slave);
            EXPECT_EQ(f.secondary.protected_instance, false);
            EXPECT_TRUE(f.primary.monitor->postgres.numeric());
            EXPECT_EQ(f.primary.monitor->postgres.bytes, 1234u);
            EXPECT_TRUE(f.primary.monitor->kvstore.numeric());
            EXPECT_EQ(f.primary.monitor->eventbus_sync.has_value(), eventbus);
            if (eventbus) {
                EXPECT_EQ(f.primary.monitor->eventbus_sync, "running");
            }
            if (*release >= model::Release{2021, 3}) {
                EXPECT_EQ(f.secondary.max_wal_senders, 4);
            }
            if (*release >= model::Release{2020, 4}) {
                EXPECT_EQ(f.secondary.override_ip, "10.0.0.2");
            }
            if (*release < model::Release{2021, 2}) {
                EXPECT_EQ(f.primary.backup_v2, true);
            }
            break;
        case Preset::swapped:
            EXPECT_EQ(f.primary.mode, Mode::slave);
            EXPECT_EQ(f.secondary.mode, Mode::master);
            EXPECT_EQ(f.primary.monitor->mode, Mode::slave);
            break;
        case Preset::failed_over:
            EXPECT_EQ(f.primary.mode, Mode::master);
            EXPECT_EQ(f.secondary.mode, Mode::standalone);
            EXPECT_EQ(f.primary.monitor->postgres.kind, facts::Lag::Kind::unknown);
            EXPECT_EQ(f.primary.monitor->kvstore.kind, facts::Lag::Kind::unknown);
            break;
        case Preset::split:
            EXPECT_EQ(f.primary.mode, Mode::standalone);
            EXPECT_EQ(f.secondary.mode, Mode::standalone);
            EXPECT_FALSE(f.secondary.public_key->empty());
            break;
    }
}

INSTANTIATE_TEST_SUITE_P(
    PresetsAndReleases, ProbeRoundTrip,
    ::testing::Values(Case{"2020.3.0", Preset::fresh}, Case{"2021.3.1", Preset::fresh}, Case{"2023.1.0", Preset::fresh},
                      Case{"2020.3.0", Preset::half}, Case{"2021.3.1", Preset::half}, Case{"2023.1.0", Preset::half},
                      Case{"2020.3.0", Preset::converged}, Case{"2021.3.1", Preset::converged},
                      Case{"2023.1.0", Preset::converged}, Case{"2020.3.0", Preset::swapped},
                      Case{"2021.3.1", Preset::swapped}, Case{"2023.1.0", Preset::swapped},
                      Case{"2021.3.1", Preset::failed_over}, Case{"2023.1.0", Preset::failed_over},
                      Case{"2023.1.0", Preset::split}));

TEST(Probe, OddButValidOutputIsRead) {
    FakePair pair(fake::test_spec(), fake::opts("2023.1.0", Preset::converged));
    pair.primary().set_odd_output(true);
    const auto f = probe(pair);
    EXPECT_TRUE(f.primary.unknown.empty());
    EXPECT_EQ(f.primary.mode, Mode::master);
    EXPECT_EQ(f.primary.override_ip, "10.0.0.1");
}

TEST(Probe, AFailingSectionIsAnUnknownFactNotAnAbort) {
    FakePair pair(fake::test_spec(), fake::opts("2023.1.0", Preset::converged));
    pair.secondary().fail_next("alation.cluster.hosts", 1, "alation_conf: permission denied");
    pair.primary().set_monitor_down(true);
    const auto f = probe(pair);
    EXPECT_FALSE(f.secondary.cluster_hosts);
    ASSERT_TRUE(f.secondary.unknown.count("cluster_hosts"));
    EXPECT_EQ(f.secondary.unknown.at("cluster_hosts"), "exit 1: alation_conf: permission denied");
    EXPECT_EQ(f.secondary.mode, Mode::slave);  // the sections after it still ran
    EXPECT_TRUE(f.secondary.data_bytes);
    EXPECT_FALSE(f.primary.monitor);
    EXPECT_NE(f.primary.unknown.at("monitor").find("curl: (7)"), std::string::npos);
    EXPECT_EQ(f.primary.unknown.size(), 1u);
}

TEST(Probe, TransportErrorFillsConnectionError) {
    FakePair pair(fake::test_spec(), {});
    pair.secondary().set_connection_error(transport::TransportError::host_key_unknown, "host key not in known_hosts");
    const auto f = probe(pair);
    EXPECT_TRUE(f.primary.reachable());
    EXPECT_FALSE(f.secondary.reachable());
    EXPECT_EQ(f.secondary.connection_error, transport::TransportError::host_key_unknown);
    EXPECT_EQ(f.secondary.connection_message, "host key not in known_hosts");
    EXPECT_FALSE(f.secondary.mode);
    EXPECT_EQ(f.secondary.address, "10.0.0.2");
}

TEST(Probe, StateDirectoryRecords) {
    auto spec = fake::test_spec();
    spec.paths.state = "/srv/hactl state";  // a path with a space stays one word
    FakePair pair(spec, fake::opts("2023.1.0", Preset::half));
    auto& files = pair.secondary().state().host_files;
    files["/srv/hactl state/receipts/max-wal-senders"] = "completed_at=2026-11-26T10:00:00Z\n";
    files["/srv/hactl state/jobs/replicate-postgres/pid"] = "4242\n";
    files["/srv/hactl state/jobs/replicate-postgres/started_at"] = "2026-11-26T10:01:00Z\n";
    files["/srv/hactl state/jobs/replicate-postgres/log"] = "copy 10%\r copy 20%\r\ncopy 30%\n\n";
    files["/srv/hactl state/jobs/copy-kvstore/pid"] = "4343\n";
    files["/srv/hactl state/jobs/copy-kvstore/exit"] = "2\n";
    pair.secondary().state().live_pids.insert(4242);
    pair.primary().state().host_files["/srv/hactl state/lock"] =
        "owner=ops@laptop\npid=77\nstarted_at=2026-11-26T10:00:00Z\nexpires_at=2026-11-26T10:15:00Z\n";
    const auto f = probe(pair);
    EXPECT_EQ(f.secondary.receipts, (std::vector<std::string>{"max-wal-senders"}));
    ASSERT_EQ(f.secondary.jobs.size(), 2u);
    const auto& rp = f.secondary.jobs.at("replicate-postgres");
    EXPECT_EQ(rp.state, facts::JobRecord::State::running);
    EXPECT_EQ(rp.last_line, "copy 30%");
    EXPECT_EQ(rp.started_at, "2026-11-26T10:01:00Z");
    EXPECT_EQ(f.secondary.jobs.at("copy-kvstore").state, facts::JobRecord::State::failed);
    EXPECT_EQ(f.secondary.jobs.at("copy-kvstore").exit_code, 2);
    ASSERT_TRUE(f.primary.lock);
    EXPECT_EQ(f.primary.lock->owner, "ops@laptop");
    EXPECT_FALSE(f.secondary.lock);
    EXPECT_TRUE(f.primary.receipts.empty());
}

TEST(ProbeScript, OneSectionPerFactEveryValueQuoted) {
    auto spec = fake::test_spec();
    spec.paths.data = "/data'; rm -rf /; echo '";
    spec.monitor_url = "http://127.0.0.2/monitor/replication?a=1&b=$(id)";
    const auto script = facts::build_probe_script(spec, model::Role::primary, "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(facts::probe_token(script), "0123456789abcdef0123456789abcdef");
    for (auto name : {"release", "mode", "protected_instance", "override_ip", "override_ip_enabled", "cluster_hosts",
                      "max_wal_senders", "backup_v2", "public_key", "authorized_keys", "partitions", "monitor",
                      "receipts", "jobs", "lock"}) {
        EXPECT_NE(script.find(std::string("hactl_p_") + name + "() {"), std::string::npos) << name;
    }
    const auto secondary = facts::build_probe_script(spec, model::Role::secondary);
    EXPECT_EQ(secondary.find("hactl_p_monitor()"), std::string::npos);
    EXPECT_EQ(secondary.find("hactl_p_lock()"), std::string::npos);
    EXPECT_EQ(facts::probe_token(secondary).size(), 32u);
    EXPECT_NE(facts::probe_token(secondary), facts::probe_token(facts::build_probe_script(spec, model::Role::secondary)));

    // The hostile values reach the host as one word each: the fake's shell
    // reader sees df with exactly these two paths.
    FakePair pair(spec, {});
    pair.primary().state().partitions[spec.paths.data] = 5;
    const auto f = facts::probe_host(spec, model::Role::primary, pair.primary(), deadline);
    EXPECT_EQ(f.data_bytes, 5u) << (f.unknown.count("data_bytes") ? f.unknown.at("data_bytes") : "");
    bool saw_df = false;
    for (const auto& c : pair.primary().commands()) {
        if (c.words[0] == "df") {
            saw_df = true;
            EXPECT_EQ(c.words, (std::vector<std::string>{"df", "-P", "-B1", spec.paths.data, "/opt/alation"}));
        }
        if (c.words[0] == "curl") {
            EXPECT_EQ(c.words.back(), spec.monitor_url);
        }
    }
    EXPECT_TRUE(saw_df);
}

TEST(ProbeParse, HostOutputCannotForgeASectionBoundary) {
    const std::string tok = "feedfacefeedfacefeedfacefeedface";
    auto spec = fake::test_spec();
    transport::CommandResult r;
    r.exit_code = 0;
    // The release section's output holds marker-like lines with another token.
    r.out = "\n" + tok + " begin release\nALATION_RELEASE = \"2021.4\"\n\ndeadbeef end release 0\n"
            "\ndeadbeef begin mode\nalation.cluster.replication_mode = master\n\n" + tok + " end release 0\n" +
            "\n" + tok + " begin mode\nalation.cluster.replication_mode = slave\n\n" + tok + " end mode 0\n";
    const auto f = facts::parse_probe_output(r, tok, spec, model::Role::secondary);
    EXPECT_EQ(f.release, (model::Release{2021, 4}));
    EXPECT_EQ(f.mode, Mode::slave);
    EXPECT_TRUE(f.unknown.count("protected_instance"));  // never answered
}

TEST(ProbeParse, SectionsNestedInTheAlationShellSectionOneLevelOnly) {
    const std::string tok = "0123456789abcdef0123456789abcdef";
    auto spec = fake::test_spec();
    transport::CommandResult r;
    r.exit_code = 0;
    auto begin = [&](const std::string& n) { return "\n" + tok + " begin " + n + "\n"; };
    auto end = [&](const std::string& n) { return "\n" + tok + " end " + n + " 0\n"; };
    r.out = begin("alation_shell") + begin("mode") + "alation.cluster.replication_mode = slave\n" +
            end("mode") + end("alation_shell");
    auto f = facts::parse_probe_output(r, tok, spec, model::Role::secondary);
    EXPECT_EQ(f.mode, Mode::slave);
    EXPECT_EQ(f.unknown.at("release"), "the Alation shell did not run this section");

    // A host that nests alation_shell sections 100,000 deep: no deeper
    // parsing, no crash, nothing read from below the first level.
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += begin("alation_shell");
    r.out = deep + begin("mode") + "alation.cluster.replication_mode = master\n" + end("mode");
    f = facts::parse_probe_output(r, tok, spec, model::Role::secondary);
    EXPECT_FALSE(f.mode);
    EXPECT_TRUE(f.unknown.count("mode"));
}

TEST(ProbeParse, TimeoutKeepsWhatArrived) {
    const std::string tok = "00000000000000000000000000000001";
    transport::CommandResult r;
    r.status = transport::Status::timeout;
    r.out = "\n" + tok + " begin release\nALATION_RELEASE = \"2023.1\"\n\n" + tok + " end release 0\n\n" + tok +
            " begin mode\n";
    const auto f = facts::parse_probe_output(r, tok, fake::test_spec(), model::Role::primary);
    EXPECT_TRUE(f.reachable());
    EXPECT_EQ(f.release, (model::Release{2023, 1}));
    EXPECT_FALSE(f.mode);
    EXPECT_EQ(f.unknown.at("mode"), "section cut short");
    EXPECT_EQ(f.unknown.at("backup_v2"), "the probe timed out before this section");

    transport::CommandResult nothing;
    nothing.status = transport::Status::timeout;
    const auto g = facts::parse_probe_output(nothing, tok, fake::test_spec(), model::Role::primary);
    EXPECT_FALSE(g.reachable());
}
