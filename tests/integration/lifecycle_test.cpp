// The pair's life after setup on the simulated pair (real sshd, real PostgreSQL
// streaming replication): a switchover there and back, a failover with the old
// primary unreachable and its rebuild when it returns, a split and a rebuild
// across a release change of both hosts (an upgrade), and the refusals without
// --allow-failover. The sim's nodes keep their names ("primary" is the node
// the pair file first named primary); the tests move the roles by editing the
// pair file, as a user does. Each apply prints its time and the commands it
// ran. Cost, 2 cores under a load average of 12-16: the switchover test 215 s,
// the failover/upgrade test 194 s (one converged pair each).
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl;
using hactl::test::SimPair;
using nlohmann::json;

namespace {

const char* other(const std::string& node) { return node == "primary" ? "secondary" : "primary"; }

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The pair file `up` wrote, with the node `primary_node` as primary (the
/// `primary:` / `secondary:` blocks exchanged when it is the sim's secondary,
/// the monitor URL following it), `spec.release` and `spec.state`.
class PairFile {
public:
    explicit PairFile(const SimPair& pair) : m_path(pair.pair_file()), m_original(read_text(m_path)) {
        m_ip[0] = address_of("  primary:");
        m_ip[1] = address_of("  secondary:");
    }

    void write(const std::string& primary_node, const std::string& state = "paired", const std::string& release = {}) {
        const bool swap = primary_node == "secondary";
        std::istringstream in(m_original);
        std::ostringstream out;
        std::string line;
        while (std::getline(in, line)) {
            if (swap && line == "  primary:") line = "  secondary:";
            else if (swap && line == "  secondary:") line = "  primary:";
            else if (line.rfind("  monitorUrl:", 0) == 0)
                line = "  monitorUrl: http://" + m_ip[swap ? 1 : 0] + "/monitor/replication";
            else if (!release.empty() && line.rfind("  release:", 0) == 0)
                line = "  release: \"" + release + "\"";
            out << line << "\n";
        }
        out << "  state: " << state << "\n";
        std::ofstream(m_path, std::ios::trunc) << out.str();
    }

private:
    std::string address_of(const std::string& block) const {
        const auto at = m_original.find(block + "\n    address: ");
        if (at == std::string::npos) return {};
        const auto start = at + block.size() + 14;
        return m_original.substr(start, m_original.find('\n', start) - start);
    }

    std::string m_path;
    std::string m_original;
    std::string m_ip[2];
};

/// The state without what changes by itself or by reading (session counts, the
/// command log of reads); changing commands kept. Byte-identical hosts compare equal.
json steady(json state) {
    for (const char* node : {"primary", "secondary"}) {
        auto& n = state.at(node);
        n["changing"] = SimPair::changing_commands(state, node);
        for (const char* key : {"commands", "ssh_sessions", "ssh_sessions_by_user", "login_users"}) n.erase(key);
    }
    return state;
}

json no_row_check_state(const SimPair& pair) {
    auto r = hactl::test::sh("'" + std::string(HACTL_SOURCE_DIR) + "/tests/sim/pair' state '" + pair.dir() +
                             "' --no-row-check");
    return json::parse(r.out, nullptr, false);
}

/// The changing commands each node ran between two states, as "node: command" lines.
std::vector<std::string> ran_between(const json& before, const json& after) {
    std::vector<std::string> out;
    for (const char* node : {"primary", "secondary"}) {
        const auto was = SimPair::changing_commands(before, node);
        const auto now = SimPair::changing_commands(after, node);
        for (std::size_t i = was.size(); i < now.size(); ++i) out.push_back(std::string(node) + ": " + now[i]);
    }
    return out;
}

/// When `node` last ran `command` in its Alation shell (epoch seconds), or -1.
double last_run(const json& state, const std::string& node, const std::string& command) {
    double at = -1;
    for (const auto& entry : state.at(node).at("commands")) {
        if (entry.at("command") == command) at = entry.at("epoch").get<double>();
    }
    return at;
}

int wipes(const json& state, const std::string& node) {
    return state.at(node).at("audit").at("instance_wiped").get<int>();
}

struct Timed {
    hactl::test::Run run;
    double seconds = 0;
    std::vector<std::string> ran;
    json before, after;
};

/// One `hactl apply` with the gates given, timed; prints its time, exit code and
/// what it ran on each node (the numbers the docs quote).
Timed apply(const SimPair& pair, const std::string& label, const std::vector<std::string>& gates) {
    Timed t;
    t.before = pair.state();
    std::vector<std::string> args = {"apply", "--auto-approve"};
    args.insert(args.end(), gates.begin(), gates.end());
    args.push_back(pair.pair_file());
    const auto start = std::chrono::steady_clock::now();
    t.run = run_hactl(args);
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    t.after = pair.state();
    t.ran = ran_between(t.before, t.after);
    std::printf("[lifecycle] %s: apply exit %d in %.1f s, ran %zu changing command(s)\n", label.c_str(),
                t.run.exit_code, t.seconds, t.ran.size());
    for (const auto& c : t.ran) std::printf("[lifecycle]   %s\n", c.c_str());
    std::fflush(stdout);
    return t;
}

/// A row written on `primary_node` is read on the other node (polled for at least 30 s: streaming
/// takes well under a second, but CI runs under load).
void expect_row_replicates(const SimPair& pair, const std::string& primary_node, const std::string& token) {
    auto created = pair.sql(primary_node, "CREATE TABLE IF NOT EXISTS hactl_lifecycle (v text); "
                                          "INSERT INTO hactl_lifecycle VALUES ('" + token + "')");
    ASSERT_EQ(created.exit_code, 0) << created.out;
    std::string seen;
    for (int i = 0; i < 300 && seen.find(token) == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        seen = pair.sql(other(primary_node), "SELECT v FROM hactl_lifecycle").out;
    }
    EXPECT_NE(seen.find(token), std::string::npos)
        << "the row written on " << primary_node << " is not on " << other(primary_node);
}

void expect_no_changes(const SimPair& pair) {
    auto plan = run_hactl({"plan", "--detailed-exitcode", pair.pair_file()});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
}

int count_in(const std::vector<std::string>& ran, const std::string& needle) {
    return hactl::test::count(ran, needle);
}

const std::vector<std::string> k_gates = {"--allow-failover", "--allow-destructive"};

}  // namespace

// One pair: refusals first (both hosts byte-identical), then A -> B -> A.
TEST(Lifecycle, SwitchoverThereAndBackAndRefusalsWithoutTheGate) {
    SimPair pair({"--preset", "converged"});
    ASSERT_TRUE(pair.up());
    PairFile file(pair);

    // The file asks for the sim's secondary as primary: without the gate, refused, nothing changed.
    file.write("secondary");
    const auto before = steady(no_row_check_state(pair));
    auto plan = run_hactl({"plan", pair.pair_file()});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    EXPECT_NE(plan.out.find("--allow-failover"), std::string::npos) << plan.out << plan.err;
    auto refused = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
    EXPECT_NE(hactl::test::unwrapped(refused.out + refused.err).find("--allow-failover"), std::string::npos)
        << refused.out << refused.err;
    EXPECT_EQ(steady(no_row_check_state(pair)), before) << "a refusal changed a host";

    // A -> B.
    auto there = apply(pair, "switchover A->B", k_gates);
    ASSERT_EQ(there.run.exit_code, 0) << there.run.out << there.run.err;
    EXPECT_EQ(count_in(there.ran, "secondary: alation_action cluster_failover"), 1);
    EXPECT_EQ(count_in(there.ran, "primary: alation_action cluster_enter_standalone_mode"), 1);
    EXPECT_EQ(count_in(there.ran, "secondary: alation_action cluster_add_slaves"), 1);
    EXPECT_EQ(wipes(there.after, "primary") - wipes(there.before, "primary"), 1) << "the old primary is rebuilt";
    EXPECT_EQ(wipes(there.after, "secondary"), wipes(there.before, "secondary")) << "the new primary was wiped";
    EXPECT_EQ(there.after.at("secondary").at("mode"), "master");
    EXPECT_EQ(there.after.at("primary").at("mode"), "slave");
    expect_row_replicates(pair, "secondary", "after-switchover-" + std::to_string(getpid()));
    expect_no_changes(pair);

    // B -> A.
    file.write("primary");
    auto back = apply(pair, "switchover B->A", k_gates);
    ASSERT_EQ(back.run.exit_code, 0) << back.run.out << back.run.err;
    EXPECT_EQ(count_in(back.ran, "primary: alation_action cluster_failover"), 1);
    EXPECT_EQ(count_in(back.ran, "secondary: alation_action cluster_enter_standalone_mode"), 1);
    EXPECT_EQ(wipes(back.after, "secondary") - wipes(back.before, "secondary"), 1) << "the old primary is rebuilt";
    EXPECT_EQ(wipes(back.after, "primary"), wipes(back.before, "primary")) << "the new primary was wiped";
    EXPECT_EQ(back.after.at("primary").at("mode"), "master");
    EXPECT_EQ(back.after.at("secondary").at("mode"), "slave");
    expect_row_replicates(pair, "primary", "after-switchback-" + std::to_string(getpid()));
    // The row written on B while it was primary survived the way back.
    EXPECT_NE(pair.sql("primary", "SELECT v FROM hactl_lifecycle").out.find("after-switchover-"), std::string::npos);
    expect_no_changes(pair);
}

// One pair: a real failover (the old primary's sshd down), its rebuild when it
// returns, then a split, an upgrade of both hosts and the rebuild.
TEST(Lifecycle, FailoverWithThePrimaryUnreachableThenRebuildThenUpgradeBySplit) {
    SimPair pair({"--preset", "converged", "--release", "2021.3"});
    ASSERT_TRUE(pair.up());
    PairFile file(pair);
    const std::string token = "before-failover-" + std::to_string(getpid());
    ASSERT_EQ(pair.sql("primary", "CREATE TABLE hactl_lifecycle (v text); INSERT INTO hactl_lifecycle VALUES ('" +
                                      token + "')").exit_code,
              0);
    std::string seen;
    for (int i = 0; i < 300 && seen.find(token) == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        seen = pair.sql("secondary", "SELECT v FROM hactl_lifecycle").out;
    }
    ASSERT_NE(seen.find(token), std::string::npos);

    // The primary goes away; the file names the secondary primary.
    ASSERT_EQ(pair.fault("primary", "sshd-stop"), 0);
    file.write("secondary");
    auto failover = apply(pair, "failover, old primary unreachable", k_gates);
    EXPECT_EQ(failover.run.exit_code, 2) << failover.run.out << failover.run.err;
    EXPECT_EQ(failover.ran, std::vector<std::string>{"secondary: alation_action cluster_failover"});
    EXPECT_EQ(failover.after.at("secondary").at("mode"), "standalone");
    EXPECT_EQ(failover.after.at("primary").at("mode"), "master") << "the old master is not told";
    EXPECT_NE(pair.sql("secondary", "SELECT v FROM hactl_lifecycle").out.find(token), std::string::npos);

    // It returns: apply rebuilds it as the secondary.
    ASSERT_EQ(pair.fault("primary", "sshd-start"), 0);
    auto rebuild = apply(pair, "rebuild after failover", k_gates);
    ASSERT_EQ(rebuild.run.exit_code, 0) << rebuild.run.out << rebuild.run.err;
    EXPECT_EQ(count_in(rebuild.ran, "cluster_failover"), 0);
    EXPECT_EQ(count_in(rebuild.ran, "primary: alation_action cluster_enter_standalone_mode"), 1);
    EXPECT_EQ(wipes(rebuild.after, "primary") - wipes(rebuild.before, "primary"), 1);
    EXPECT_EQ(wipes(rebuild.after, "secondary"), wipes(failover.before, "secondary"));
    expect_row_replicates(pair, "secondary", "after-rebuild-" + std::to_string(getpid()));
    expect_no_changes(pair);

    // Upgrade: split, both hosts to 2023.1, paired again.
    file.write("secondary", "split");
    auto split = apply(pair, "split", k_gates);
    ASSERT_EQ(split.run.exit_code, 0) << split.run.out << split.run.err;
    EXPECT_EQ(split.ran, (std::vector<std::string>{"primary: alation_action cluster_enter_standalone_mode",
                                                   "secondary: alation_action cluster_enter_standalone_mode"}));
    // The file's secondary (the sim's primary node) first.
    const std::string standalone = "alation_action cluster_enter_standalone_mode";
    EXPECT_LT(last_run(split.after, "primary", standalone), last_run(split.after, "secondary", standalone));
    EXPECT_EQ(split.after.at("primary").at("audit"), split.before.at("primary").at("audit"));
    EXPECT_EQ(split.after.at("secondary").at("audit"), split.before.at("secondary").at("audit"));
    EXPECT_EQ(split.after.at("primary").at("mode"), "standalone");
    EXPECT_EQ(split.after.at("secondary").at("mode"), "standalone");
    expect_no_changes(pair);

    for (const char* node : {"primary", "secondary"}) {
        EXPECT_EQ(hactl::test::sh("'" + std::string(HACTL_SOURCE_DIR) + "/tests/sim/pair' set-release '" + pair.dir() +
                                  "' " + node + " 2023.1 >&2")
                      .exit_code,
                  0);
    }
    file.write("secondary", "paired", "2023.1");
    auto paired = apply(pair, "paired after the upgrade", k_gates);
    ASSERT_EQ(paired.run.exit_code, 0) << paired.run.out << paired.run.err;
    EXPECT_EQ(count_in(paired.ran, "cluster_failover"), 0);
    EXPECT_EQ(count_in(paired.ran, "secondary: alation_action cluster_add_slaves"), 1);
    EXPECT_EQ(count_in(paired.ran, "primary: alation_action cluster_start_kafka_sync"), 1) << "2023.1 has the event bus";
    EXPECT_EQ(wipes(paired.after, "primary") - wipes(paired.before, "primary"), 1);
    EXPECT_EQ(wipes(paired.after, "secondary"), wipes(paired.before, "secondary"));
    EXPECT_EQ(paired.after.at("secondary").at("release"), "2023.1.5");
    expect_row_replicates(pair, "secondary", "after-upgrade-" + std::to_string(getpid()));
    EXPECT_NE(pair.sql("primary", "SELECT v FROM hactl_lifecycle").out.find(token), std::string::npos)
        << "the data written before the failover is gone";
    expect_no_changes(pair);
}
