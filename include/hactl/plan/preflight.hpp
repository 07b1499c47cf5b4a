#pragma once
/// Preflight: the checks that refuse a pair before any step is considered
/// (design brief "Before any step"). Pure.
#include <vector>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::plan {

/// Every preflight problem of the pair (codes in planner.hpp, `refusal`):
/// connection problems first (and only those, when a host could not be
/// probed), then release, role, partition and address checks, and any fact
/// these checks need that is unknown. Empty when the pair may be planned.
std::vector<Refusal> preflight(const model::PairSpec& desired, const facts::PairFacts& observed);

}  // namespace hactl::plan
