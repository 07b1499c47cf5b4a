#pragma once
/// The machine-readable plan (`hactl plan --json`, `hactl plan -o FILE`),
/// format "hactl.plan/v1", documented by schemas/plan.schema.json.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::output {

inline constexpr const char* plan_format = "hactl.plan/v1";

/// Where a plan came from: enough for `apply plan.json` to re-check it.
struct PlanOrigin {
    std::string pair_file;     ///< the pair file's absolute, normalized path
    std::string pair_digest;   ///< "sha256:..." of the pair file's bytes
    std::string created_at;    ///< ISO-8601 UTC
    /// "sha256:..." of the host profile in force (config::profile_digest); ""
    /// in a plan saved before profiles were recorded (read as the default one).
    std::string profile_digest{};
};

/// One plan with what it was made from.
struct PlanDocument {
    const model::PairSpec& desired;
    const facts::PairFacts& observed;
    const plan::Plan& plan;
    PlanOrigin origin;
};

/// The plan, its origin and the hosts' headline facts as JSON text (indent 2,
/// no final newline); a host's bytes that are not UTF-8 become U+FFFD. Never fails.
std::string plan_json(const PlanDocument& document);

/// Several plans as one JSON array (indent 2, no final newline). Never fails.
std::string plan_list_json(const std::vector<PlanDocument>& documents);

/// A plan read back from a file written by `plan -o`.
struct SavedPlan {
    PlanOrigin origin;
    plan::Plan plan;
};

/// Reads the text of a file given to `apply`. Returns nullopt with `error` left
/// empty when the text is not a JSON object with a "format" (a pair file);
/// nullopt with `error` set for a document of another format or a malformed plan.
std::optional<SavedPlan> read_saved_plan(std::string_view text, std::string& error);

/// The current time as ISO-8601 UTC ("2026-11-26T10:35:25Z").
std::string utc_now();

}  // namespace hactl::output
