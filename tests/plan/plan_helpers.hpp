#pragma once
// Helpers for planner tests: facts of a fake pair, and plan lookups.
#include <string>
#include <vector>

#include "../fake/fake_pair.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/plan/planner.hpp"

namespace hactl::test {

inline facts::PairFacts probe(fake::FakePair& pair) {
    return facts::probe_pair(pair.spec(), pair.primary(), pair.secondary(), transport::Millis(5000));
}

/// "id" or "id@primary" / "id@secondary" for rows of each-steps.
inline std::string row_name(const plan::PlannedStep& s) {
    const auto* def = plan::find_step(s.id);
    if (def && (def->placement == plan::Placement::each || def->placement == plan::Placement::secondary_then_primary)) {
        return s.id + "@" + plan::to_string(s.target);
    }
    return s.id;
}

inline std::vector<std::string> rows(const plan::Plan& p, plan::StepStatus status) {
    std::vector<std::string> out;
    for (const auto& s : p.steps) {
        if (s.status == status) out.push_back(row_name(s));
    }
    return out;
}

inline std::vector<std::string> planned(const plan::Plan& p) { return rows(p, plan::StepStatus::planned); }

inline const plan::PlannedStep* find(const plan::Plan& p, const std::string& row) {
    for (const auto& s : p.steps) {
        if (row_name(s) == row) return &s;
    }
    return nullptr;
}

inline std::vector<std::string> codes(const plan::Plan& p) {
    std::vector<std::string> out;
    for (const auto& r : p.refusals) out.push_back(r.code);
    return out;
}

}  // namespace hactl::test
