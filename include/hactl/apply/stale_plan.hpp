#pragma once
/// The stale-plan check of `hactl apply plan.json`.
#include <string>

#include "hactl/plan/plan.hpp"

namespace hactl::apply {

/// Compares a saved plan with a fresh one made from the same pair file now.
/// Returns "" when every step's facts are as they were, otherwise what changed
/// ("secondary.mode was standalone, now slave (step add-secondary)").
std::string stale_reason(const plan::Plan& saved, const plan::Plan& fresh);

}  // namespace hactl::apply
