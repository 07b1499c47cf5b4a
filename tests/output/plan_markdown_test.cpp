// `hactl plan --format markdown`: the plan as a Markdown table for a merge
// request or a CI job summary, rendered from plans of the fake pair.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "fake/fake_pair.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/output/plan_markdown.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/plan/planner.hpp"
#include "output/captured_text.hpp"

using namespace hactl;
using hactl::test::lines_of;

namespace {

// The cells of a table row: split at each `|` not escaped by a backslash.
std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::string cell;
    for (std::size_t i = 1; i < row.size(); ++i) {
        if (row[i] == '\\' && i + 1 < row.size()) {
            cell += row.substr(i, 2);
            ++i;
        } else if (row[i] == '|') {
            out.push_back(cell);
            cell.clear();
        } else {
            cell += row[i];
        }
    }
    return out;
}

struct Planned {
    model::PairSpec spec = fake::test_spec();
    facts::PairFacts observed;
    plan::Plan plan;
};

Planned plan_of(fake::FakePair& pair) {
    Planned p;
    p.spec = pair.spec();
    p.observed = facts::probe_pair(p.spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    p.plan = plan::make_plan(p.spec, p.observed);
    return p;
}

// The row of step `id` on `target` in the table of steps to run.
std::string row_of(const std::string& markdown, const plan::PlannedStep& step) {
    for (const auto& line : lines_of(markdown)) {
        auto c = cells(line);
        if (c.size() == 5 && c[1] == " " + step.id + " " && c[2].find(plan::to_string(step.target)) != std::string::npos) {
            return line;
        }
    }
    return {};
}

}  // namespace

TEST(PlanMarkdown, CellsEscapeTablePipesFormattingHtmlAndControls) {
    EXPECT_EQ(output::markdown_cell("a|b"), "a\\|b");
    EXPECT_EQ(output::markdown_cell("`rm -rf`"), "\\`rm -rf\\`");
    EXPECT_EQ(output::markdown_cell("<script>&amp;"), "&lt;script&gt;&amp;amp;");
    EXPECT_EQ(output::markdown_cell("one\ntwo\tthree"), "one<br>two three");
    EXPECT_EQ(output::markdown_cell("*bold* _it_ [link](x) back\\slash"),
              "\\*bold\\* \\_it\\_ \\[link\\](x) back\\\\slash");
    // Control characters become printable()'s visible escapes (whose backslash is then escaped).
    EXPECT_EQ(output::markdown_cell("\x1b[2J\xff"), "\\\\x1b\\[2J\\\\xff");
    EXPECT_EQ(output::markdown_cell("10.0.0.1 2023.1"), "10.0.0.1 2023.1");
}

TEST(PlanMarkdown, AFreshPairIsATableOfStepsWithDestructiveOnesMarked) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.plan.refused());
    const auto md = output::render_plan_markdown(p.spec, p.observed, p.plan);

    const auto first = lines_of(md).at(0);
    EXPECT_EQ(first.rfind("### ", 0), 0u) << md;
    EXPECT_NE(first.find(p.spec.name), std::string::npos) << md;
    EXPECT_NE(first.find(p.spec.primary.address), std::string::npos) << md;
    EXPECT_NE(first.find(p.spec.secondary.address), std::string::npos) << md;

    int destructive = 0;
    for (const auto& step : p.plan.steps) {
        if (step.status != plan::StepStatus::planned) continue;
        const auto row = row_of(md, step);
        ASSERT_FALSE(row.empty()) << step.id << " has no row in\n" << md;
        const auto c = cells(row);
        EXPECT_NE(c[3].find(output::markdown_cell(step.reason)), std::string::npos) << row;
        if (step.risk == plan::Risk::destructive) {
            ++destructive;
            EXPECT_NE(c[0].find("⚠️"), std::string::npos) << row;
            EXPECT_NE(c[4].find("**destructive**"), std::string::npos) << row;
        } else {
            EXPECT_EQ(c[4].find("destructive"), std::string::npos) << row;
            EXPECT_EQ(c[4].find(plan::to_string(step.risk)), 1u) << row;
        }
    }
    EXPECT_GT(destructive, 0) << "a fresh pair's plan wipes the secondary once:\n" << md;
    EXPECT_NE(md.find("**" + output::summary_line(output::summarize(p.plan)) + "**"), std::string::npos) << md;
}

TEST(PlanMarkdown, StepsWithNothingToDoAreFoldedAwayAndAConvergedPairSaysNoChanges) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::converged));
    const auto p = plan_of(pair);
    ASSERT_FALSE(p.plan.has_changes());
    const auto md = output::render_plan_markdown(p.spec, p.observed, p.plan);
    EXPECT_NE(md.find("**No changes.**"), std::string::npos) << md;
    const auto open = md.find("<details><summary>");
    const auto close = md.find("</details>");
    ASSERT_NE(open, std::string::npos) << md;
    ASSERT_NE(close, std::string::npos) << md;
    for (const auto& step : p.plan.steps) {
        const auto at = md.find("| " + step.id + " |", open);
        EXPECT_LT(at, close) << step.id << " is not in the folded table:\n" << md;
    }
    EXPECT_EQ(md.find("|:-:|"), std::string::npos) << "no empty table of steps to run:\n" << md;
}

TEST(PlanMarkdown, HostTextCannotBreakTheTableOrInjectMarkup) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
    const std::string evil = "2023.1.0 | <img src=x onerror=alert(1)> `x`\n| forged | row |\x1b[2J";
    pair.primary().state().conf[std::string(contract::conf_key::override_ip)] = evil;  // quoted in a reason
    const auto p = plan_of(pair);
    const auto md = output::render_plan_markdown(p.spec, p.observed, p.plan);
    EXPECT_EQ(md.find("<img"), std::string::npos) << md;
    EXPECT_EQ(md.find('\x1b'), std::string::npos) << md;
    EXPECT_EQ(md.find("\n| forged"), std::string::npos) << md;
    EXPECT_NE(md.find("&lt;img"), std::string::npos) << md;
    // Every table row keeps its table's number of cells.
    std::size_t width = 0;
    for (const auto& line : lines_of(md)) {
        if (line.empty() || line[0] != '|') {
            width = 0;
            continue;
        }
        const auto n = cells(line).size();
        if (width == 0) width = n;
        EXPECT_EQ(n, width) << line << "\nin\n" << md;
    }
}

TEST(PlanMarkdown, ARefusedPlanListsEachRefusalWithItsCode) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::fresh, "2022.2.0"));
    const auto p = plan_of(pair);
    ASSERT_TRUE(p.plan.refused());
    const auto md = output::render_plan_markdown(p.spec, p.observed, p.plan);
    EXPECT_NE(md.find("**Refused:**"), std::string::npos) << md;
    for (const auto& r : p.plan.refusals) {
        EXPECT_NE(md.find("| " + output::markdown_cell(r.code) + " |"), std::string::npos) << md;
    }
    EXPECT_EQ(md.find("Plan:"), std::string::npos) << md;
}
