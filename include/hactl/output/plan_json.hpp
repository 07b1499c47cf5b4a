#pragma once
/// The machine-readable plan (`hactl plan --json`, `hactl plan -o FILE`),
/// format "hactl.plan/v1", documented by schemas/plan.schema.json.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::output {

inline constexpr const char* plan_format = "hactl.plan/v1";

/// Where a plan came from: enough for `apply plan.json` to re-check it.
struct PlanOrigin {
    std::string pair_file;     ///< path as given on the command line
    std::string pair_digest;   ///< "sha256:..." of the pair file's bytes
    std::string created_at;    ///< ISO-8601 UTC
};

/// The plan, its origin and the hosts' headline facts as one JSON document.
nlohmann::json plan_to_json(const model::PairSpec& desired, const facts::PairFacts& observed,
                            const plan::Plan& plan, const PlanOrigin& origin);

/// A plan read back from a file written by `plan -o`.
struct SavedPlan {
    PlanOrigin origin;
    plan::Plan plan;
};

/// Reads a saved plan. On a document of another format or a malformed one,
/// returns nullopt and sets `error`.
std::optional<SavedPlan> plan_from_json(const nlohmann::json& doc, std::string& error);

/// The current time as ISO-8601 UTC ("2026-11-26T10:35:25Z").
std::string utc_now();

}  // namespace hactl::output
