// Human output fits 100 columns: the plan wraps a reason under its step,
// apply's and status's long messages wrap under their label with a "Fix:" on
// a line of its own. Rendered by the real renderers and sinks from the fake
// pair, with host text far longer than a line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/output/apply_events.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/status.hpp"
#include "hactl/output/wrap.hpp"
#include "hactl/plan/planner.hpp"
#include "output/captured_text.hpp"

using namespace hactl;
using hactl::test::lines_of;
using hactl::test::MemoryFile;

namespace {

// Empty when every line fits 100 columns; else the first that does not.
std::string too_wide(const std::string& text) {
    for (const auto& line : lines_of(text)) {
        if (output::display_width(line) > 100) return line;
    }
    return {};
}

// `text` without spaces and line breaks: what wrapping must keep.
std::string without_spacing(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '\n') out += c;
    }
    return out;
}

std::string words(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += (i > 0 ? " " : "") + std::string("word") + std::to_string(i);
    return out;
}

std::string apply_text(fake::FakePair& pair, bool color) {
    MemoryFile out;
    output::TextEventSink sink(out.get(), output::Style(color), /*live=*/false);
    test::CrashBudget budget;
    test::RecordsFake primary(pair.primary(), budget);
    test::RecordsFake secondary(pair.secondary(), budget);
    apply::apply_pair(pair.spec(), primary, secondary, test::quick_apply_options("test@host"), sink);
    return out.text();
}

}  // namespace

TEST(Fit, APlanWithAVeryLongReasonFitsAndWrapsItUnderItsStep) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0"));
    auto observed = facts::probe_pair(spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    auto plan = plan::make_plan(spec, observed);
    ASSERT_FALSE(plan.refused());
    // Reasons quote hosts' values (a command's stderr, a conf value): one far longer than a line.
    const std::string value = "10.0.0.9 " + words(60) + " " + std::string(180, 'L');
    for (auto& step : plan.steps) {
        if (step.id == "unprotect-secondary" || step.status != plan::StepStatus::planned)
            step.reason += " " + value;
    }
    for (bool color : {false, true}) {
        const auto text = output::render_plan(spec, observed, plan, output::Style(color));
        EXPECT_EQ(too_wide(text), "") << text;
        const auto lines = lines_of(text);
        // The step's line, then its reason under it, indented, holding every word of the host's value.
        std::size_t at = 0;
        while (at < lines.size() && lines[at].find("unprotect-secondary") == std::string::npos) ++at;
        ASSERT_LT(at + 1, lines.size()) << text;
        EXPECT_LT(output::display_width(lines[at]), 60u)
            << "no row is padded to the longest reason: " << lines[at];
        std::string reason;
        for (std::size_t i = at + 1; i < lines.size() && lines[i].rfind("      ", 0) == 0; ++i) {
            reason += lines[i] + "\n";
        }
        const auto* step = &plan.steps[0];
        for (const auto& s : plan.steps) {
            if (s.id == "unprotect-secondary") step = &s;
        }
        EXPECT_EQ(without_spacing(reason), without_spacing(step->reason)) << "every word, in order:\n"
                                                                          << text;
        EXPECT_GT(std::count(text.begin(), text.end(), 'L'), 179)
            << "the long word is cut, not lost: " << text;
    }
}

TEST(Fit, ApplyStoppedBySudoPutsTheFixOnALineOfItsOwn) {
    for (bool color : {false, true}) {
        fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
        pair.secondary().deny_privilege("sudo: a password is required");
        const auto text = apply_text(pair, color);
        EXPECT_EQ(too_wide(text), "") << text;
        bool fix_line = false;
        for (const auto& line : lines_of(text))
            fix_line = fix_line || line.rfind("  Fix: hactl never types", 0) == 0;
        EXPECT_TRUE(fix_line) << text;
    }
}

TEST(Fit, AFailedActionsLongStderrWrapsUnderItsStep) {
    for (bool color : {false, true}) {
        fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
        pair.primary().fail_next(std::string(contract::action::generate_keys), 1,
                                 words(90) + "\n" + std::string(250, 'E') + "\n" + words(10));
        const auto text = apply_text(pair, color);
        EXPECT_EQ(too_wide(text), "") << text;
        EXPECT_NE(text.find("FAILED"), std::string::npos) << text;
        EXPECT_NE(text.find("word89"), std::string::npos) << text;
    }
}

TEST(Fit, StatusWithLongHostTextFitsUnderEachLabel) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0", fake::Preset::converged));
    auto observed = facts::probe_pair(spec, pair.primary(), pair.secondary(), transport::Millis(1000));
    auto plan = plan::make_plan(spec, observed);
    apply::PortCheck ports{true, false, "22 open " + words(40) + " " + std::string(200, 'P')};
    output::StatusReport report{spec, observed, plan, ports, ports};
    auto health = output::assess(report);
    health.problems.push_back("the secondary: hactl's state directory cannot be written (" + words(20) +
                              "). Fix: set spec.secondary.privilege (e.g. \"sudo -n\")");
    for (bool color : {false, true}) {
        const auto text = output::render_status(report, health, output::Style(color));
        EXPECT_EQ(too_wide(text), "") << text;
        EXPECT_NE(text.find("\n    Fix: set spec.secondary.privilege"), std::string::npos) << text;
        EXPECT_NE(text.find("\n              word"), std::string::npos)
            << "ports continue under their label: " << text;
    }
}
