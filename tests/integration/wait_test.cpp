// `hactl apply --wait` on the simulated pair: a replication held on the
// secondary outlives two bounded applies (one of a saved plan, one of the pair
// file), `status` shows it running, and the apply after its release converges
// having started it once. Costs one half-set-up pair and about 20 s.
#include <gtest/gtest.h>

#include <string>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::count;
using hactl::test::run_hactl;
using hactl::test::SimPair;
using nlohmann::json;

namespace {

const std::string k_log = "/var/lib/hactl/jobs/replicate-postgres/log";

// The last line of `text` that holds `needle` ("" when none).
std::string line_with(const std::string& text, const std::string& needle) {
    const auto at = text.rfind(needle);
    if (at == std::string::npos) return {};
    const auto start = text.rfind('\n', at);
    const auto end = text.find('\n', at);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end == std::string::npos ? std::string::npos : end - (start == std::string::npos ? 0 : start + 1));
}

}  // namespace

TEST(Wait, AHeldReplicationIsLeftRunningByBoundedAppliesAndTheNextApplyFinishesIt) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    // Held until released: still running whatever the machine's speed.
    ASSERT_EQ(pair.fault("secondary", "hold", {"cluster_replicate_postgres"}), 0);

    // A reviewed saved plan, applied with a budget: the job starts and runs on.
    const std::string saved = pair.dir() + "/plan.json";
    ASSERT_EQ(run_hactl({"plan", "-o", saved, pair.pair_file()}).exit_code, 0);
    auto first = run_hactl({"apply", "--auto-approve", "--allow-destructive", "--wait", "2s", saved});
    EXPECT_EQ(first.exit_code, 3) << first.out << first.err;
    EXPECT_NE(first.out.find("In progress: replicate-postgres is still running on the secondary (127."),
              std::string::npos)
        << first.out;
    EXPECT_NE(first.out.find("log: " + k_log + " on the secondary (127."), std::string::npos)
        << "named when the step starts: " << first.out;
    EXPECT_NE(first.out.find("Apply again to continue (exit 3)"), std::string::npos) << first.out;

    auto status = run_hactl({"status", pair.pair_file()});
    EXPECT_NE(status.out.find("replicate-postgres on the secondary: running for "), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("log on the host: " + k_log), std::string::npos) << status.out;
    auto status_json = run_hactl({"status", "--json", pair.pair_file()});
    const auto running = json::parse(status_json.out).at("runningJobs");
    ASSERT_EQ(running.size(), 1u) << status_json.out;
    EXPECT_EQ(running.at(0).at("step"), "replicate-postgres");
    EXPECT_EQ(running.at(0).at("host"), "secondary");
    EXPECT_EQ(running.at(0).at("log"), k_log);
    EXPECT_GE(running.at(0).at("elapsedSeconds").get<long long>(), 0) << status_json.out;
    EXPECT_NE(status.out.find("lock        free"), std::string::npos) << "the lock is released: " << status.out;

    // A fresh apply of the pair file (the saved plan is stale by now) reattaches.
    auto second = run_hactl({"apply", "--auto-approve", "--allow-destructive", "--json", "--wait", "2s",
                             pair.pair_file()});
    EXPECT_EQ(second.exit_code, 3) << second.out << second.err;
    EXPECT_NE(second.out.find("\"event\":\"step-reattached\""), std::string::npos) << second.out;
    const auto named = line_with(second.out, "\"event\":\"step-log\"");
    ASSERT_FALSE(named.empty()) << second.out;
    EXPECT_EQ(json::parse(named).at("log"), k_log);
    const auto last = line_with(second.out, "\"event\":\"in-progress\"");
    ASSERT_FALSE(last.empty()) << second.out;
    const auto event = json::parse(last);
    EXPECT_EQ(event.at("step"), "replicate-postgres");
    EXPECT_EQ(event.at("target"), "secondary");
    EXPECT_EQ(event.at("log"), k_log);
    EXPECT_EQ(event.at("exitCode"), 3);
    EXPECT_EQ(count(SimPair::changing_commands(pair.state(), "secondary"), "cluster_replicate_postgres"), 1);

    EXPECT_EQ(pair.fault("secondary", "release", {"cluster_replicate_postgres"}), 0);
    auto last_run = run_hactl({"apply", "--auto-approve", "--allow-destructive", pair.pair_file()});
    EXPECT_EQ(last_run.exit_code, 0) << last_run.out << last_run.err;
    auto state = pair.state();
    EXPECT_EQ(count(SimPair::changing_commands(state, "secondary"), "cluster_replicate_postgres"), 1)
        << "started exactly once";
    EXPECT_EQ(run_hactl({"plan", "--detailed-exitcode", pair.pair_file()}).exit_code, 0);
}
