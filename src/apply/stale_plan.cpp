#include "hactl/apply/stale_plan.hpp"

#include <fmt/core.h>

namespace hactl::apply {

namespace {

const plan::PlannedStep* find(const plan::Plan& plan, const plan::PlannedStep& like) {
    for (const auto& step : plan.steps) {
        if (step.id == like.id && step.target == like.target) return &step;
    }
    return nullptr;
}

}  // namespace

std::string stale_reason(const plan::Plan& saved, const plan::Plan& fresh) {
    if (fresh.refused()) return "the pair is now refused: " + fresh.refusals.front().message;
    for (const auto& old_step : saved.steps) {
        const auto* now = find(fresh, old_step);
        if (now == nullptr) return fmt::format("step {} ({}) is no longer in the plan", old_step.id, plan::to_string(old_step.target));
        if (now->fingerprint == old_step.fingerprint) continue;
        for (const auto& fact : old_step.depends_on) {
            for (const auto& current : now->depends_on) {
                if (current.key == fact.key && current.value != fact.value) {
                    return fmt::format("{} was \"{}\", now \"{}\" (step {})", fact.key, fact.value, current.value,
                                       old_step.id);
                }
            }
        }
        return fmt::format("the facts of step {} ({}) changed", old_step.id, plan::to_string(old_step.target));
    }
    for (const auto& step : fresh.steps) {
        if (find(saved, step) == nullptr) return fmt::format("step {} is new in the plan", step.id);
    }
    return {};
}

}  // namespace hactl::apply
