// `hactl apply` following a replication of three minutes on the simulated
// pair, counting what the follow cost the secondary in SSH sessions, as its
// sshd logs them ("Starting session:", sshd LogLevel VERBOSE).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"
#include "support/files.hpp"

using hactl::test::SimPair;
using hactl::test::Spawned;
using nlohmann::json;

namespace {

constexpr int k_job_seconds = 180;

// SSH sessions the node's sshd started so far (one per command hactl ran there).
int sessions(const SimPair& pair, const std::string& node) {
    const auto log = hactl::test::read_text(pair.dir() + "/" + node + "/sshd.log");
    int count = 0;
    for (auto pos = log.find("Starting session:"); pos != std::string::npos;
         pos = log.find("Starting session:", pos + 1)) {
        ++count;
    }
    return count;
}

// Reads events until `event` for `step`; returns that event's line, or "" when the output ended first.
std::string wait_for_event(Spawned& apply, const std::string& event, const std::string& step, int seconds) {
    while (apply.wait_for_line("\"event\":\"" + event + "\"", seconds)) {
        const auto& out = apply.out();
        const auto start = out.rfind('\n', out.size() - 2);
        const auto line = out.substr(start == std::string::npos ? 0 : start + 1);
        if (line.find("\"step\":\"" + step + "\"") != std::string::npos) return line;
    }
    return {};
}

}  // namespace

TEST(LongJob, AThreeMinuteReplicationCostsAboutOnePollASecondThenOneAMinute) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    ASSERT_EQ(pair.fault("secondary", "slow", {"cluster_replicate_postgres", std::to_string(k_job_seconds), "1"}), 0);

    Spawned apply({"apply", "--auto-approve", "--allow-destructive", "--json", pair.pair_file()});
    ASSERT_FALSE(wait_for_event(apply, "step-started", "replicate-postgres", 300).empty()) << apply.out();
    const int before = sessions(pair, "secondary");
    ASSERT_GT(before, 0) << "the node's sshd must log the probes' sessions (LogLevel VERBOSE)";
    const auto finished = wait_for_event(apply, "step-finished", "replicate-postgres", k_job_seconds + 300);
    ASSERT_FALSE(finished.empty()) << apply.out();
    const int after = sessions(pair, "secondary");
    EXPECT_EQ(apply.wait(), 0) << apply.out();

    const auto event = json::parse(finished);
    EXPECT_TRUE(event.at("ok").get<bool>()) << finished;
    const double seconds = event.at("seconds").get<double>();
    const int follow = after - before;
    std::cout << "replicate-postgres: " << seconds << " s, " << follow << " SSH sessions on the secondary\n";
    ::testing::Test::RecordProperty("follow_seconds", std::to_string(seconds));
    ::testing::Test::RecordProperty("follow_sessions", std::to_string(follow));
    EXPECT_GE(seconds, k_job_seconds);
    // The first minute at most a second apart (about 64 polls), then 10 s
    // growing by 3/2 to 60 s: about 5 more for the next two minutes. Besides
    // the polls: starting the job and the probe that sees its effect. Polling
    // once a second would cost about 180.
    EXPECT_LE(follow, 64 + 8 + 6) << apply.out();
    EXPECT_GE(follow, 60) << "the first minute is polled about once a second";
}
