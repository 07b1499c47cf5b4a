#pragma once
/// The human rendering of a plan: a header per host, one aligned line per step,
/// and a summary line.
#include <string>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/output/style.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::output {

/// Counts shown in the summary line.
struct PlanSummary {
    int to_run = 0;
    int destructive = 0;
    int restart = 0;
    int failover = 0;  ///< steps of risk failover (failover, demote): not reversible
    int satisfied = 0;
    int not_applicable = 0;
};

PlanSummary summarize(const plan::Plan& plan);

/// "Plan: N to run (D destructive, R restart services), S satisfied, X not applicable.";
/// with failover steps: "Plan: N to run (F failover, irreversible, D destructive, ...".
std::string summary_line(const PlanSummary& summary);

/// What a plan with failover steps must say before it runs: not reversible, and
/// writes to the secondary (the serving master) must stop first.
std::string failover_warning(const model::PairSpec& desired, const plan::Plan& plan);

/// One line per host: "primary    10.0.0.1   release 2023.1   mode master".
std::string render_hosts(const facts::PairFacts& observed, const Style& style);

/// The whole plan as shown by `hactl plan`.
std::string render_plan(const model::PairSpec& desired, const facts::PairFacts& observed,
                        const plan::Plan& plan, const Style& style);

}  // namespace hactl::output
