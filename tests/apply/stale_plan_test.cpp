#include <gtest/gtest.h>

#include "hactl/apply/stale_plan.hpp"

using namespace hactl;

namespace {

plan::PlannedStep step(std::string id, plan::Target target, std::vector<plan::FactValue> facts,
                       std::string fingerprint) {
    plan::PlannedStep s;
    s.id = std::move(id);
    s.target = target;
    s.depends_on = std::move(facts);
    s.fingerprint = std::move(fingerprint);
    return s;
}

plan::Plan saved_plan() {
    plan::Plan p;
    p.steps.push_back(step("enter-master-mode", plan::Target::primary, {{"primary.mode", "standalone"}}, "f1"));
    p.steps.push_back(step("add-secondary", plan::Target::primary,
                           {{"primary.mode", "standalone"}, {"secondary.mode", "standalone"}}, "f2"));
    return p;
}

}  // namespace

TEST(StalePlan, SameFactsAreNotStale) { EXPECT_EQ(apply::stale_reason(saved_plan(), saved_plan()), ""); }

TEST(StalePlan, NamesTheFactThatChanged) {
    auto fresh = saved_plan();
    fresh.steps[1].depends_on[1].value = "slave";
    fresh.steps[1].fingerprint = "f2'";
    auto why = apply::stale_reason(saved_plan(), fresh);
    EXPECT_NE(why.find("secondary.mode was \"standalone\", now \"slave\""), std::string::npos) << why;
    EXPECT_NE(why.find("add-secondary"), std::string::npos) << why;
}

TEST(StalePlan, ARefusedPairOrANewStepIsStale) {
    auto refused = saved_plan();
    refused.refusals.push_back({"roles-swapped", model::Role::primary, "the primary is a slave"});
    EXPECT_NE(apply::stale_reason(saved_plan(), refused).find("refused"), std::string::npos);

    auto grown = saved_plan();
    grown.steps.push_back(step("copy-kvstore", plan::Target::secondary, {}, "f3"));
    EXPECT_NE(apply::stale_reason(saved_plan(), grown).find("copy-kvstore"), std::string::npos);

    auto shrunk = saved_plan();
    shrunk.steps.pop_back();
    EXPECT_NE(apply::stale_reason(saved_plan(), shrunk).find("no longer"), std::string::npos);
}
