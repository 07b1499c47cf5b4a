// `hactl plan` and `hactl probe` against the simulated pair (real sshd, real PostgreSQL).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cli/run_hactl.hpp"
#include "integration/sim_pair.hpp"

using hactl::test::run_hactl;
using hactl::test::SimPair;
using nlohmann::json;

namespace {

// step id@target -> status, from `plan --json`.
std::map<std::string, std::string> statuses(const json& plan) {
    std::map<std::string, std::string> out;
    for (const auto& s : plan.at("steps")) {
        out[s.at("id").get<std::string>() + "@" + s.at("target").get<std::string>()] = s.at("status");
    }
    return out;
}

std::set<std::string> planned(const json& plan) {
    std::set<std::string> out;
    for (const auto& [step, status] : statuses(plan)) {
        if (status == "planned") out.insert(step);
    }
    return out;
}

std::set<std::string> refusal_codes(const json& plan) {
    std::set<std::string> out;
    for (const auto& r : plan.at("refusals")) out.insert(r.at("code").get<std::string>());
    return out;
}

json plan_json(const SimPair& pair, int expected_exit) {
    auto run = run_hactl({"plan", "--json", "--detailed-exitcode", pair.pair_file()});
    EXPECT_EQ(run.exit_code, expected_exit) << run.out << run.err;
    auto doc = json::parse(run.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << run.out << run.err;
    return doc;
}

const std::set<std::string> k_all_2023 = {
    "generate-keys@primary", "generate-keys@secondary", "exchange-keys@both", "enter-master-mode@primary",
    "unprotect-secondary@secondary", "override-ip@primary", "override-ip@secondary", "add-secondary@primary",
    "max-wal-senders@secondary", "replicate-postgres@secondary", "copy-kvstore@secondary",
    "start-kafka-sync@secondary"};

class PlanOnFreshPair : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(PlanOnFreshPair, PlansEveryApplicableStepAndExits2) {
    const std::string release = GetParam();
    SimPair pair({"--release", release});
    ASSERT_TRUE(pair.up());
    auto doc = plan_json(pair, 2);
    EXPECT_EQ(doc.at("format"), "hactl.plan/v1");
    EXPECT_FALSE(doc.at("refused").get<bool>());
    auto s = statuses(doc);
    std::set<std::string> expected = k_all_2023;
    if (release == "2020.3") {
        // No override IPs below 2020.4, no WAL-senders check below 2021.3, no Kafka below 2021.4.
        for (auto gated : {"override-ip@primary", "override-ip@secondary", "max-wal-senders@secondary",
                           "start-kafka-sync@secondary"}) {
            expected.erase(gated);
            EXPECT_EQ(s[gated], "not-applicable") << gated;
        }
    } else if (release == "2021.3") {
        expected.erase("start-kafka-sync@secondary");
        EXPECT_EQ(s["start-kafka-sync@secondary"], "not-applicable");
    }
    EXPECT_EQ(planned(doc), expected);
    // Dependency order: keys before the exchange, the exchange before add-secondary, which precedes replication.
    std::vector<std::string> order;
    for (const auto& step : doc.at("steps")) order.push_back(step.at("id"));
    auto pos = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
    EXPECT_LT(pos("generate-keys"), pos("exchange-keys"));
    EXPECT_LT(pos("exchange-keys"), pos("add-secondary"));
    EXPECT_LT(pos("add-secondary"), pos("replicate-postgres"));
    // plan changes nothing: no Alation command that writes ran.
    auto state = pair.state();
    EXPECT_TRUE(SimPair::changing_commands(state, "primary").empty());
    EXPECT_TRUE(SimPair::changing_commands(state, "secondary").empty());
}

INSTANTIATE_TEST_SUITE_P(Releases, PlanOnFreshPair, ::testing::Values("2020.3", "2021.3", "2023.1"));

TEST(Plan, ConvergedPairHasNoChangesAndExits0) {
    SimPair pair({"--preset", "converged"});
    ASSERT_TRUE(pair.up());
    auto doc = plan_json(pair, 0);
    EXPECT_TRUE(planned(doc).empty()) << doc.dump(2);
    auto text = run_hactl({"plan", pair.pair_file()});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("No changes."), std::string::npos) << text.out;
}

TEST(Plan, HalfConfiguredPairPlansOnlyTheMissingSteps) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    auto doc = plan_json(pair, 2);
    auto s = statuses(doc);
    EXPECT_EQ(s["generate-keys@primary"], "satisfied");
    EXPECT_EQ(s["generate-keys@secondary"], "satisfied");
    EXPECT_EQ(s["exchange-keys@both"], "satisfied");
    EXPECT_EQ(s["enter-master-mode@primary"], "satisfied");
    EXPECT_EQ(s["add-secondary@primary"], "planned");
    EXPECT_EQ(s["replicate-postgres@secondary"], "planned");
}

TEST(Plan, SwappedRolesAreRefused) {
    SimPair pair({"--preset", "swapped"});
    ASSERT_TRUE(pair.up());
    auto doc = plan_json(pair, 1);
    EXPECT_TRUE(doc.at("refused").get<bool>());
    EXPECT_TRUE(doc.at("steps").empty());
    EXPECT_TRUE(refusal_codes(doc).count("roles-swapped")) << doc.at("refusals").dump();
}

TEST(Plan, DifferentReleasesAreRefused) {
    SimPair pair({"--release", "2023.1", "--release-secondary", "2022.2"});
    ASSERT_TRUE(pair.up());
    auto doc = plan_json(pair, 1);
    EXPECT_TRUE(refusal_codes(doc).count("release-differs")) << doc.at("refusals").dump();
    EXPECT_TRUE(doc.at("steps").empty());
}

TEST(Plan, DifferentPartitionSizesAreRefused) {
    SimPair pair({"--data-size-primary", "64M", "--data-size-secondary", "32M"});
    ASSERT_TRUE(pair.up());
    auto doc = plan_json(pair, 1);
    EXPECT_TRUE(refusal_codes(doc).count("partitions-differ")) << doc.at("refusals").dump();
}

TEST(Plan, RotatedHostKeyIsRefusedBeforeAnyCommand) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    const auto before = pair.state().at("secondary").at("commands").size();
    ASSERT_EQ(pair.fault("secondary", "rotate-hostkey"), 0);
    auto run = run_hactl({"plan", "--detailed-exitcode", pair.pair_file()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.out.find("host key"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("SHA256:"), std::string::npos) << "the new key's fingerprint is shown: " << run.out;
    // The message (about 600 characters) fits 100 columns, its fix on a line of its own.
    EXPECT_EQ(hactl::test::too_wide(run.out), "") << run.out;
    EXPECT_NE(run.out.find("\n    Fix: only if the change is expected"), std::string::npos) << run.out;
    EXPECT_EQ(pair.state().at("secondary").at("commands").size(), before) << "nothing ran on the secondary";
    // --accept-new-host-key never accepts a CHANGED key.
    auto again = run_hactl({"plan", "--accept-new-host-key", pair.pair_file()});
    EXPECT_EQ(again.exit_code, 1);
}

TEST(Plan, SavedPlanCarriesDigestAndFingerprints) {
    SimPair pair;
    ASSERT_TRUE(pair.up());
    const std::string out = pair.dir() + "/plan.json";
    auto run = run_hactl({"plan", "-o", out, pair.pair_file()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto saved = hactl::test::sh("cat " + out);
    auto doc = json::parse(saved.out);
    EXPECT_EQ(doc.at("pair").at("file"), pair.pair_file());
    EXPECT_EQ(doc.at("pair").at("digest").get<std::string>().rfind("sha256:", 0), 0u);
    for (const auto& step : doc.at("steps")) {
        EXPECT_FALSE(step.at("fingerprint").get<std::string>().empty()) << step.dump();
    }
}

TEST(Plan, MarkdownForReviewWhileTheSavedPlanStaysJson) {
    SimPair pair({"--preset", "half"});
    ASSERT_TRUE(pair.up());
    const std::string out = pair.dir() + "/plan.json";
    auto run = run_hactl({"plan", "--format", "markdown", "--detailed-exitcode", "-o", out, pair.pair_file()});
    EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
    EXPECT_EQ(run.out.rfind("### hactl plan: ", 0), 0u) << run.out;
    EXPECT_NE(run.out.find("| add-secondary | primary "), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("**destructive**"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("**Plan: "), std::string::npos) << run.out;
    EXPECT_NE(run.err.find("Saved the plan to " + out), std::string::npos) << run.err;
    auto saved = json::parse(hactl::test::sh("cat " + out).out, nullptr, false);
    ASSERT_FALSE(saved.is_discarded());
    EXPECT_EQ(saved.at("format"), "hactl.plan/v1");
    EXPECT_EQ(planned(saved).count("add-secondary@primary"), 1u) << saved.dump(2);
    // --format json is --json; an unknown format or two formats are refused before any host is probed.
    auto as_json = run_hactl({"plan", "--format", "json", pair.pair_file()});
    EXPECT_EQ(as_json.exit_code, 0) << as_json.err;
    EXPECT_TRUE(json::accept(as_json.out)) << as_json.out;
    auto unknown = run_hactl({"plan", "--format", "html", pair.pair_file()});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("unknown format 'html': choose text, markdown or json"), std::string::npos)
        << unknown.err;
    auto both = run_hactl({"plan", "--json", "--format", "markdown", pair.pair_file()});
    EXPECT_EQ(both.exit_code, 1);
    EXPECT_NE(both.err.find("two formats"), std::string::npos) << both.err;
}

TEST(Probe, PrintsTheRawFactsOfBothHosts) {
    SimPair pair({"--release", "2021.3"});
    ASSERT_TRUE(pair.up());
    auto run = run_hactl({"probe", "--json", pair.pair_file()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto doc = json::parse(run.out);
    EXPECT_EQ(doc.at("primary").at("release"), "2021.3.5") << doc.dump(2);
    EXPECT_EQ(doc.at("secondary").at("mode"), "standalone");
    EXPECT_EQ(doc.at("secondary").at("maxWalSenders"), 10);
    EXPECT_EQ(doc.at("primary").at("dataBytes"), doc.at("secondary").at("dataBytes"));
}

TEST(Plan, SeveralPairFilesInOneCall) {
    SimPair pair({"--preset", "converged"});
    ASSERT_TRUE(pair.up());
    auto run = run_hactl({"plan", "--json", pair.pair_file(), pair.pair_file(), pair.pair_file()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto doc = json::parse(run.out);
    ASSERT_TRUE(doc.is_array());
    EXPECT_EQ(doc.size(), 3u);
}

TEST(Plan, UnknownHostKeyIsRefusedUnlessAcceptedAndThenRemembered) {
    SimPair pair({"--preset", "converged"});
    ASSERT_TRUE(pair.up());
    // The same pair, with a known_hosts file that knows neither host.
    const std::string empty_known_hosts = pair.dir() + "/empty_known_hosts";
    const std::string other = pair.dir() + "/unknown-keys.yaml";
    hactl::test::sh("touch " + empty_known_hosts + " && sed 's#knownHostsFile: .*#knownHostsFile: " + empty_known_hosts +
                    "#' " + pair.pair_file() + " > " + other);
    auto refused = run_hactl({"plan", other});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.out.find("--accept-new-host-key"), std::string::npos) << refused.out;
    EXPECT_EQ(hactl::test::too_wide(refused.out), "") << refused.out;
    EXPECT_NE(refused.out.find("\n    Fix: verify the fingerprint out of band"), std::string::npos)
        << refused.out;
    auto accepted = run_hactl({"plan", "--accept-new-host-key", other});
    EXPECT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
    EXPECT_EQ(hactl::test::sh("grep -c ed25519 " + empty_known_hosts).out, "2\n");
    EXPECT_EQ(run_hactl({"plan", other}).exit_code, 0) << "the accepted keys are remembered";
}
