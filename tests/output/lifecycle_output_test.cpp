// How the pair's life shows: a switchover's plan (text, Markdown, JSON and a
// saved plan read back), and the status of a split pair or of a pair whose
// hosts disagree with the file on roles. Rendered from the fake pair.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake/fake_pair.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/generated/schemas.hpp"
#include "hactl/output/plan_json.hpp"
#include "hactl/output/plan_markdown.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/status.hpp"
#include "hactl/output/wrap.hpp"
#include "hactl/plan/planner.hpp"
#include "output/captured_text.hpp"

using namespace hactl;
using hactl::test::lines_of;

namespace {

struct Planned {
    model::PairSpec spec;
    facts::PairFacts observed;
    plan::Plan plan;
};

Planned plan_of(fake::FakePair& pair) {
    Planned p{pair.spec(), {}, {}};
    p.observed = facts::probe_pair(p.spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    p.plan = plan::make_plan(p.spec, p.observed);
    return p;
}

model::PairSpec gated(model::PairState state = model::PairState::paired) {
    auto spec = fake::test_spec();
    spec.policy.allow_failover = true;
    spec.state = state;
    return spec;
}

/// `text` with each line break and the indentation after it made one space: wrapped words read as written.
std::string unwrapped(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') {
            out += text[i];
            continue;
        }
        out += ' ';
        while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    }
    return out;
}

bool has(const std::string& text, const std::string& words) {
    return unwrapped(text).find(words) != std::string::npos;
}

void set_mode(fake::FakeHost& host, const char* mode) {
    host.state().conf[std::string(contract::conf_key::replication_mode)] = mode;
}

}  // namespace

TEST(LifecycleOutput, ASwitchoverPlanSaysFailoverIrreversibleCountsItAndWarnsAboutWrites) {
    fake::FakePair pair(gated(), fake::opts("2023.1.0", fake::Preset::swapped));
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.plan.refused()) << p.plan.refusals[0].message;
    for (bool color : {false, true}) {
        const auto text = output::render_plan(p.spec, p.observed, p.plan, output::Style(color));
        int failover_lines = 0;
        for (const auto& line : lines_of(text)) {
            EXPECT_LE(output::display_width(line), 100U) << line;
            if (has(line, "FAILOVER, irreversible")) ++failover_lines;
        }
        EXPECT_EQ(failover_lines, 2) << text;  // failover and demote
        EXPECT_TRUE(has(text, "(2 failover, 3 destructive, ")) << text;
        EXPECT_TRUE(has(text, "Stop writes to 10.0.0.2 first")) << text;
    }
    const auto summary = output::summarize(p.plan);
    EXPECT_EQ(summary.failover, 2);

    const auto md = output::render_plan_markdown(p.spec, p.observed, p.plan);
    EXPECT_TRUE(has(md, "| failover | primary")) << md;
    EXPECT_TRUE(has(md, "**FAILOVER, irreversible**")) << md;
    EXPECT_TRUE(has(md, "**Failover:**")) << md;

    const output::PlanDocument doc{p.spec, p.observed, p.plan, {"/pairs/p.yaml", "sha256:x", "2026-01-01T00:00:00Z"}};
    const auto json = nlohmann::json::parse(output::plan_json(doc));
    EXPECT_EQ(json["summary"]["failover"], 2);
    ASSERT_EQ(json["warnings"].size(), 1U);
    EXPECT_TRUE(has(json["warnings"][0].get<std::string>(), "Stop writes to 10.0.0.2 first"));
    EXPECT_EQ(json["steps"][0]["id"], "failover");
    EXPECT_EQ(json["steps"][0]["risk"], "failover");
    // Every risk the plan carries is one the schema allows.
    const auto schema = nlohmann::json::parse(generated::plan_schema);
    const auto& risks = schema["properties"]["steps"]["items"]["properties"]["risk"]["enum"];
    for (const auto& step : json["steps"]) {
        EXPECT_NE(std::find(risks.begin(), risks.end(), step["risk"]), risks.end()) << step["risk"];
    }
    // A saved plan reads back with its failover steps.
    std::string error;
    const auto saved = output::read_saved_plan(output::plan_json(doc), error);
    ASSERT_TRUE(saved.has_value()) << error;
    EXPECT_EQ(saved->plan.steps[0].risk, plan::Risk::failover);
}

TEST(LifecycleOutput, ARealFailoverPlanSaysTheOldPrimaryIsRebuiltWhenBack) {
    fake::FakePair pair(gated(), fake::opts("2023.1.0", fake::Preset::swapped));
    pair.secondary().set_connection_error(transport::TransportError::unreachable, "connection timed out");
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.plan.refused()) << p.plan.refusals[0].message;
    const auto text = output::render_plan(p.spec, p.observed, p.plan, output::Style(false));
    EXPECT_TRUE(has(text, "Plan: 1 to run (1 failover, 0 destructive")) << text;
    EXPECT_TRUE(has(text, "10.0.0.2 is unreachable: when it is back, apply again")) << text;
}

TEST(LifecycleOutput, ARefusedSwitchoverNamesBothReadings) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0", fake::Preset::swapped));
    const auto p = plan_of(pair);
    const auto text = output::render_plan(p.spec, p.observed, p.plan, output::Style(false));
    EXPECT_TRUE(has(text, "[roles-swapped]")) << text;
    EXPECT_TRUE(has(text, "if 10.0.0.2 should stay primary, fix the file")) << text;
    EXPECT_TRUE(has(text, "use --allow-failover")) << text;
}

TEST(LifecycleOutput, ASplitPairIsHealthySplitNotDegraded) {
    fake::FakePair pair(gated(model::PairState::split), fake::opts("2023.1.0", fake::Preset::converged));
    set_mode(pair.primary(), "standalone");
    set_mode(pair.secondary(), "standalone");
    const auto p = plan_of(pair);
    output::StatusReport report{p.spec, p.observed, p.plan, std::nullopt, std::nullopt};
    const auto health = output::assess(report);
    EXPECT_EQ(health.level, output::Health::Level::healthy);
    EXPECT_TRUE(health.split);
    EXPECT_TRUE(health.problems.empty()) << health.problems[0];
    EXPECT_TRUE(has(output::render_status(report, health, output::Style(false)), "Status: healthy-split"));
    EXPECT_TRUE(has(output::status_json(report, health), "\"health\": \"healthy-split\""));

    // The same hosts with the file saying paired: replication is missing.
    auto paired = p.spec;
    paired.state = model::PairState::paired;
    const auto replan = plan::make_plan(paired, p.observed);
    output::StatusReport as_paired{paired, p.observed, replan, std::nullopt, std::nullopt};
    EXPECT_EQ(output::assess(as_paired).level, output::Health::Level::degraded);
}

TEST(LifecycleOutput, StatusSaysWhenTheFileAndTheHostsDisagreeOnRoles) {
    fake::FakePair pair(gated(), fake::opts("2023.1.0", fake::Preset::swapped));
    const auto p = plan_of(pair);
    output::StatusReport report{p.spec, p.observed, p.plan, std::nullopt, std::nullopt};
    const auto health = output::assess(report);
    EXPECT_EQ(health.level, output::Health::Level::degraded);
    ASSERT_FALSE(health.problems.empty());
    EXPECT_TRUE(has(health.problems[0], "the file and the hosts disagree on roles: the file names 10.0.0.1 "
                                        "primary, but it is a slave of 10.0.0.2"))
        << health.problems[0];
}
