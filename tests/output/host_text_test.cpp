// Host text with terminal escape sequences and invalid UTF-8, rendered by the
// real sinks and renderers: the text output carries it only as visible
// escapes, the JSON output stays valid JSON.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/output/apply_events.hpp"
#include "hactl/output/facts_json.hpp"
#include "hactl/output/plan_json.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/status.hpp"
#include "hactl/plan/planner.hpp"
#include "output/terminal_text.hpp"
#include "output/captured_text.hpp"

using namespace hactl;
using hactl::test::MemoryFile;

namespace {

// Retitles the terminal, clears it, returns the cursor, rings, then a C1 CSI
// and bytes that are not UTF-8.
const std::string k_evil =
    "\x1b]0;owned\x07\x1b[2J\rgone\x08\x7f\xc2\x9b"
    "31m\xff\xfe";

// Applies to a fresh fake pair whose first action fails with k_evil on stderr.
apply::ApplyResult failing_apply(apply::EventSink& sink) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
    pair.primary().fail_next(std::string(contract::action::generate_keys), 1, k_evil);
    test::CrashBudget budget;
    test::RecordsFake primary(pair.primary(), budget);
    test::RecordsFake secondary(pair.secondary(), budget);
    return apply::apply_pair(pair.spec(), primary, secondary, test::quick_apply_options("test@host"), sink);
}

bool all_lines_are_json(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        if (!nlohmann::json::accept(line)) return false;
        ++count;
    }
    return count > 0;
}

}  // namespace

TEST(HostText, ApplyTextEventsShowAFailedActionsEscapesVisibly) {
    for (bool color : {false, true}) {
        MemoryFile out;
        output::TextEventSink sink(out.get(), output::Style(color), /*live=*/color);
        auto result = failing_apply(sink);
        ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::failed) << result.message;
        const auto text = out.text();
        EXPECT_EQ(test::terminal_problem(text, color), "") << text;
        EXPECT_NE(text.find("\\x1b]0;owned\\x07\\x1b[2J\\rgone"), std::string::npos) << text;
        EXPECT_NE(text.find("\\xff\\xfe"), std::string::npos) << text;
    }
}

TEST(HostText, ApplyJsonEventsStayValidJsonWithInvalidUtf8) {
    MemoryFile out;
    output::JsonEventSink sink(out.get());
    auto result = failing_apply(sink);
    ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::failed);
    const auto text = out.text();
    EXPECT_TRUE(all_lines_are_json(text)) << text;
    // JSON keeps the host's text (escaped by JSON itself), invalid bytes as U+FFFD.
    EXPECT_NE(text.find("\\u001b]0;owned\\u0007"), std::string::npos) << text;
    EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos) << text;
}

TEST(HostText, PlanProbeAndStatusShowHostValuesEscapesVisibly) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0", fake::Preset::converged));
    auto& conf = pair.primary().state().conf;
    conf[std::string(contract::conf_key::override_ip)] = "10.0.0.9" + k_evil;
    conf[std::string(contract::conf_key::cluster_hosts)] = "10.0.0.2," + k_evil;
    pair.secondary().state().release_raw = "2023.1.0" + k_evil;
    auto observed = facts::probe_pair(spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    auto plan = plan::make_plan(spec, observed);
    output::PlanDocument document{spec, observed, plan, {"/pair.yaml", "sha256:0", "2026-01-01T00:00:00Z", "sha256:1"}};
    apply::PortCheck ports{true, false, "22 open\n5432 " + k_evil};
    output::StatusReport report{spec, observed, plan, ports, ports};
    auto health = output::assess(report);

    for (bool color : {false, true}) {
        const output::Style style(color);
        const auto plan_text = output::render_plan(spec, observed, plan, style);
        const auto facts_text = output::render_facts(observed, style);
        const auto status_text = output::render_status(report, health, style);
        EXPECT_EQ(test::terminal_problem(plan_text, color), "") << plan_text;
        EXPECT_EQ(test::terminal_problem(facts_text, color), "") << facts_text;
        EXPECT_EQ(test::terminal_problem(status_text, color), "") << status_text;
        // The host's values are still shown, escaped.
        EXPECT_NE(facts_text.find("10.0.0.9\\x1b]0;owned"), std::string::npos) << facts_text;
        EXPECT_NE(status_text.find("5432 \\x1b]0;owned"), std::string::npos) << status_text;
        EXPECT_NE(plan_text.find("\\x1b]0;owned"), std::string::npos) << plan_text;
    }
    for (const auto& json : {output::plan_json(document), output::facts_json(observed),
                             output::status_json(report, health), output::plan_event_json(document)}) {
        EXPECT_TRUE(nlohmann::json::accept(json)) << json;
        EXPECT_NE(json.find("\\u001b]0;owned"), std::string::npos) << json;
    }
}

TEST(HostText, ASavedPlanWithAHostsInvalidBytesReadsBack) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0"));
    pair.secondary().state().release_raw = "2023.1.0" + k_evil;
    auto observed = facts::probe_pair(spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    auto plan = plan::make_plan(spec, observed);
    const auto text = output::plan_json({spec, observed, plan, {"/pair.yaml", "sha256:0", "now"}});
    std::string error;
    auto saved = output::read_saved_plan(text, error);
    ASSERT_TRUE(saved.has_value()) << error;
    EXPECT_EQ(saved->plan.steps.size(), plan.steps.size());
    EXPECT_EQ(saved->origin.pair_file, "/pair.yaml");
    EXPECT_EQ(saved->origin.profile_digest, "");  // saved without one: read as the default profile's
    // The digest of the profile in force is kept.
    const auto with_profile = output::plan_json({spec, observed, plan, {"/pair.yaml", "sha256:0", "now", "sha256:ab"}});
    saved = output::read_saved_plan(with_profile, error);
    ASSERT_TRUE(saved.has_value()) << error;
    EXPECT_EQ(saved->origin.profile_digest, "sha256:ab");
}

namespace {

// The visible lines of sink output: split at newlines and at the live line's redraws.
std::vector<std::string> visible_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string current;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 5, "\r\x1b[2K") == 0 || text[i] == '\n') {
            if (!current.empty()) lines.push_back(current);
            current.clear();
            i += text[i] == '\n' ? 1 : 5;
            continue;
        }
        current += text[i++];
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

// A long step followed for an hour and more: its log path, a long hostile progress line, a heartbeat.
void follow_events(apply::EventSink& sink) {
    const auto target = plan::Target::secondary;
    apply::Event log{apply::Event::Kind::step_log, "replicate-postgres", target, true, "runs", 0};
    log.host = "10.0.0.2";
    log.log = "/var/lib/hactl/jobs/replicate-postgres/log";
    sink.emit(log);
    sink.emit({apply::Event::Kind::step_progress, "replicate-postgres", target, true,
               "copied 41% " + k_evil + std::string(300, 'x'), 3723.4});
    sink.emit({apply::Event::Kind::heartbeat, "replicate-postgres", target, true,
               "copied 41% " + k_evil + std::string(300, 'x'), 3783.0});
}

}  // namespace

TEST(HostText, AFollowedStepShowsItsLogElapsedTimeAndLastLineEscapedWithin100Columns) {
    for (bool live : {false, true}) {
        MemoryFile out;
        output::TextEventSink sink(out.get(), output::Style(live), live);
        follow_events(sink);
        const auto text = out.text();
        EXPECT_EQ(test::terminal_problem(text, live), "") << text;
        EXPECT_NE(text.find("/var/lib/hactl/jobs/replicate-postgres/log on the secondary (10.0.0.2)"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find(live ? "replicate-postgres 1h3m3s: copied 41% \\x1b]0;owned"
                                 : "replicate-postgres running 1h3m3s, last: copied 41% \\x1b]0;owned"),
                  std::string::npos)
            << text;
        if (live) {
            EXPECT_NE(text.find("replicate-postgres 1h2m3s: copied"), std::string::npos) << text;
        }
        for (const auto& line : visible_lines(text)) {
            std::string plain;  // without the colour sequences
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (line[i] == '\x1b') {
                    i = line.find('m', i);
                    continue;
                }
                plain += line[i];
            }
            EXPECT_LE(plain.size(), 100u) << plain;
        }
    }
}

TEST(HostText, HeartbeatAndStepLogJsonEventsCarryElapsedTimeHostAndLog) {
    MemoryFile out;
    output::JsonEventSink sink(out.get());
    follow_events(sink);
    std::istringstream lines(out.text());
    std::vector<nlohmann::json> events;
    for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].at("event"), "step-log");
    EXPECT_EQ(events[0].at("host"), "10.0.0.2");
    EXPECT_EQ(events[0].at("log"), "/var/lib/hactl/jobs/replicate-postgres/log");
    EXPECT_FALSE(events[1].contains("seconds")) << "step-progress events are unchanged";
    EXPECT_EQ(events[2].at("event"), "heartbeat");
    EXPECT_EQ(events[2].at("step"), "replicate-postgres");
    EXPECT_EQ(events[2].at("seconds"), 3783.0);
    EXPECT_NE(events[2].at("message").get<std::string>().find("copied 41%"), std::string::npos);
}

TEST(HostText, StatusShowsARunningJobsElapsedTimeAndLogWithin100Columns) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0", fake::Preset::converged));
    auto observed = facts::probe_pair(spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    facts::JobRecord job;
    job.step = "replicate-postgres";
    job.state = facts::JobRecord::State::running;
    job.started_at = "2026-11-26T10:00:00Z";
    job.elapsed_seconds = 2 * 86400 + 3723;
    job.last_line = "copied 41% " + k_evil + std::string(300, 'x');
    observed.secondary.jobs[job.step] = job;
    auto plan = plan::make_plan(spec, observed);
    output::StatusReport report{spec, observed, plan, std::nullopt, std::nullopt};
    auto health = output::assess(report);

    const auto text = output::render_status(report, health, output::Style(false));
    EXPECT_EQ(test::terminal_problem(text), "") << text;
    EXPECT_NE(text.find("replicate-postgres on the secondary: running for 2d1h2m3s\n"), std::string::npos) << text;
    EXPECT_NE(text.find("started 2026-11-26T10:00:00Z\n"), std::string::npos) << text;
    EXPECT_NE(text.find("log on the host: /var/lib/hactl/jobs/replicate-postgres/log\n"), std::string::npos) << text;
    EXPECT_NE(text.find("last: copied 41% \\x1b]0;owned"), std::string::npos) << text;
    for (const auto& line : visible_lines(text)) {
        if (line.starts_with("  job ") || line.starts_with(std::string(14, ' '))) {
            EXPECT_LE(line.size(), 100u) << line;
        }
    }

    const auto doc = nlohmann::json::parse(output::status_json(report, health));
    ASSERT_EQ(doc.at("runningJobs").size(), 1u) << doc.dump(2);
    const auto& running = doc.at("runningJobs").at(0);
    EXPECT_EQ(running.at("step"), "replicate-postgres");
    EXPECT_EQ(running.at("host"), "secondary");
    EXPECT_EQ(running.at("address"), "10.0.0.2");
    EXPECT_EQ(running.at("elapsedSeconds"), 2 * 86400 + 3723);
    EXPECT_EQ(running.at("log"), "/var/lib/hactl/jobs/replicate-postgres/log");
    EXPECT_EQ(running.at("startedAt"), "2026-11-26T10:00:00Z");
}
