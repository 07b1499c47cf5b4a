// `hactl doctor` against the simulated pair: clean on a normal pair; a stopped
// monitor, an unknown host key, sudo wanting a password and a pair whose hosts
// differ from the contract are each named with the field that adapts them;
// and nothing on either host changes (the sim's audit, command log and state).
// Cost: three light pairs (no PostgreSQL): 7 s, 2 s and 38 s (the differing pair, most of it
// its apply: 12 steps, each probing both hosts again) on 2 cores at a load of about 2; about
// 2 minutes in all at a load of 6.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl;
using hactl::test::SimPair;
using nlohmann::json;

namespace {

/// What a read-only command must leave as it was, per node.
json snapshot(const json& state) {
    json out;
    for (const char* node : {"primary", "secondary"}) {
        const auto& n = state.at(node);
        for (const char* key : {"mode", "conf", "deployed", "files", "cluster_public_key", "authorized_keys",
                                "audit", "hactl_state_files", "replicas", "boot_id", "release"}) {
            out[node][key] = n.contains(key) ? n.at(key) : json(nullptr);
        }
    }
    return out;
}

/// Commands run in a node's Alation shell that could change something.
std::vector<std::string> changing(const json& state, const std::string& node) {
    std::vector<std::string> out;
    for (const auto& entry : state.at(node).at("commands")) {
        const auto command = entry.at("command").get<std::string>();
        for (const char* word : {"alation_action", " -s ", "replication_helper", "deploy_conf"}) {
            if (command.find(word) != std::string::npos) out.push_back(command);
        }
    }
    return out;
}

/// "id -> field" of each mismatch of one host in `hactl doctor --json`.
std::set<std::string> mismatches(const json& doc, const char* host) {
    std::set<std::string> out;
    for (const auto& c : doc.at(host).at("checks")) {
        if (c.at("outcome") != "mismatch") continue;
        out.insert(c.at("id").get<std::string>() + " -> " +
                   (c.at("field").is_null() ? "" : c.at("field").get<std::string>()));
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST(Doctor, ACleanPairThenAStoppedMonitorAndAnUnknownHostKeyAreNamedAndNothingChanges) {
    SimPair pair({"--light"});
    ASSERT_TRUE(pair.up());
    const auto before = pair.state();

    auto run = run_hactl({"doctor", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("Every checked assumption holds on both hosts."), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("MISMATCH"), std::string::npos) << run.out;
    EXPECT_EQ(hactl::test::too_wide(run.out), "") << run.out;
    run = run_hactl({"doctor", "--json", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    auto doc = json::parse(run.out);
    EXPECT_EQ(doc.at("format"), "hactl.doctor/v1");
    EXPECT_TRUE(doc.at("clean").get<bool>());

    // A stopped monitor: named on the primary, with the pair-file field.
    ASSERT_EQ(pair.fault("primary", "monitor-stop"), 0);
    run = run_hactl({"doctor", "--json", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    doc = json::parse(run.out);
    EXPECT_EQ(mismatches(doc, "primary"), (std::set<std::string>{"monitor -> spec.monitorUrl"})) << run.out;
    EXPECT_TRUE(mismatches(doc, "secondary").empty()) << run.out;
    run = run_hactl({"doctor", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(hactl::test::unwrapped(run.out).find("Adapt: spec.monitorUrl."), std::string::npos) << run.out;
    ASSERT_EQ(pair.fault("primary", "monitor-start"), 0);

    // An empty known_hosts: each host's key is unknown; doctor names it and does not add it.
    const std::string empty = pair.dir() + "/empty_known_hosts";
    write_file(empty, "");
    const std::string file = pair.dir() + "/unknown_keys.yaml";
    std::string yaml = read_file(pair.pair_file());
    for (int i = 0; i < 2; ++i)
        yaml = replaced(yaml, "knownHostsFile: " + pair.dir() + "/known_hosts\n",
                        "knownHostsFile: " + empty + "\n");
    write_file(file, yaml);
    run = run_hactl({"doctor", "--json", file});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    doc = json::parse(run.out);
    EXPECT_EQ(mismatches(doc, "primary"), (std::set<std::string>{"ssh -> spec.primary.ssh.knownHostsFile"}))
        << run.out;
    EXPECT_EQ(mismatches(doc, "secondary"),
              (std::set<std::string>{"ssh -> spec.secondary.ssh.knownHostsFile"}))
        << run.out;
    EXPECT_EQ(read_file(empty), "");
    run = run_hactl({"doctor", file});
    EXPECT_NE(hactl::test::unwrapped(run.out).find("--accept-new-host-key"), std::string::npos) << run.out;

    const auto after = pair.state();
    EXPECT_EQ(snapshot(after), snapshot(before));
    for (const char* node : {"primary", "secondary"}) EXPECT_TRUE(changing(after, node).empty()) << node;
}

TEST(Doctor, SudoWantingAPasswordIsNamedForTheShellAndTheStateDirectoryAndNothingChanges) {
    SimPair pair({"--light", "--sudo", "password"});
    ASSERT_TRUE(pair.up());
    const auto before = pair.state();
    auto run = run_hactl({"doctor", "--json", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    const auto doc = json::parse(run.out);
    for (const char* host : {"primary", "secondary"}) {
        const std::string field = std::string("spec.") + host;
        EXPECT_EQ(mismatches(doc, host),
                  (std::set<std::string>{"privilege -> " + field + ".privilege",
                                         "alation-shell -> " + field + ".alationShell"}))
            << run.out;
        for (const auto& c : doc.at(host).at("checks")) {
            if (c.at("outcome") == "mismatch") {
                EXPECT_NE(c.at("fix").get<std::string>().find("NOPASSWD"), std::string::npos) << c;
            }
        }
    }
    run = run_hactl({"doctor", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(hactl::test::too_wide(run.out), "") << run.out;
    EXPECT_NE(run.out.find("\n            Fix: hactl never types a password"), std::string::npos) << run.out;
    const auto after = pair.state();
    EXPECT_EQ(snapshot(after), snapshot(before));
    for (const char* node : {"primary", "secondary"}) {
        EXPECT_TRUE(after.at(node).at("commands").empty())
            << "the Alation shell never ran: " << after.at(node);
    }
}

TEST(Doctor, ADifferingPairIsNamedDetailByDetailAndWithItsProfileIsCleanAndConverges) {
    SimPair pair({"--light", "--differ"});
    ASSERT_TRUE(pair.up());
    // The pair file with the profile that adapts hactl to these hosts (spec.hostProfile).
    const std::string profile = std::string(HACTL_SOURCE_DIR) + "/tests/sim/profiles/differ.yaml";
    const std::string adapted = pair.dir() + "/adapted.yaml";
    write_file(adapted, read_file(pair.pair_file()) + "  hostProfile: " + profile + "\n");

    // Fresh: without the profile, the release file and the cluster hosts key differ on both hosts
    // (the lags are reported on a master only); with it, every check holds.
    auto run = run_hactl({"doctor", "--json", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    auto doc = json::parse(run.out);
    for (const char* host : {"primary", "secondary"}) {
        EXPECT_EQ(mismatches(doc, host),
                  (std::set<std::string>{"release-file -> spec.releaseFile",
                                         "confKeys.clusterHosts -> spec.confKeys.clusterHosts"}))
            << run.out;
    }
    run = run_hactl({"doctor", adapted});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;

    // With the profile, a fresh differing pair converges and re-plans to no changes.
    run = run_hactl({"apply", "--auto-approve", "--allow-destructive", adapted});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    run = run_hactl({"plan", "--detailed-exitcode", adapted});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    const auto before = pair.state();
    EXPECT_EQ(before.at("primary").at("mode"), "master");
    EXPECT_EQ(before.at("secondary").at("mode"), "slave");
    // Wiped by cluster_add_slaves, then by the KV store copy under its differing name.
    EXPECT_EQ(before.at("secondary").at("audit").at("kvstore_wiped"), 2)
        << before.at("secondary").at("audit");
    EXPECT_EQ(hactl::test::count(SimPair::changing_commands(before, "secondary"),
                                 "alation_action cluster_copy_kvstore"),
              1);

    // Replicating: with the profile every check holds, the PostgreSQL lag read at the profile's pointer.
    run = run_hactl({"doctor", adapted});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(run.out.find("MISMATCH"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("profile: " + profile), std::string::npos) << run.out;
    EXPECT_NE(hactl::test::unwrapped(run.out).find("monitor /pgsql/replication_lag_bytes: 0"),
              std::string::npos)
        << run.out;
    // Without it, exactly the differing details, each with the profile field that adapts it.
    run = run_hactl({"doctor", "--json", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    doc = json::parse(run.out);
    EXPECT_EQ(mismatches(doc, "primary"),
              (std::set<std::string>{"release-file -> spec.releaseFile",
                                     "confKeys.clusterHosts -> spec.confKeys.clusterHosts",
                                     "monitor.postgresLag -> spec.monitor.postgresLag"}))
        << run.out;
    EXPECT_EQ(mismatches(doc, "secondary"),
              (std::set<std::string>{"release-file -> spec.releaseFile",
                                     "confKeys.clusterHosts -> spec.confKeys.clusterHosts"}))
        << run.out;
    run = run_hactl({"doctor", pair.pair_file()});
    const auto text = hactl::test::unwrapped(run.out);
    for (const char* field : {"Adapt: spec.releaseFile.", "Adapt: spec.confKeys.clusterHosts.",
                              "Adapt: spec.monitor.postgresLag."}) {
        EXPECT_NE(text.find(field), std::string::npos) << field << "\n" << run.out;
    }
    EXPECT_NE(text.find("the body has members eventbus, kvstore, mode, pgsql"), std::string::npos) << run.out;
    EXPECT_EQ(hactl::test::too_wide(run.out), "") << run.out;
    // The doctors changed nothing.
    const auto after = pair.state();
    EXPECT_EQ(snapshot(after), snapshot(before));
    for (const char* node : {"primary", "secondary"}) {
        EXPECT_EQ(changing(after, node), changing(before, node)) << node;
    }
}
