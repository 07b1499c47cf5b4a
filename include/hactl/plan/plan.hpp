#pragma once
/// A plan: what hactl would do to bring a pair to its desired state.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hactl/model/pair.hpp"

namespace hactl::plan {

/// failover: a failover or the demotion of a serving master; not reversible
/// (needs the failover gate: spec.policy.allowFailover or --allow-failover).
enum class Risk { safe, restart, unsafe, destructive, failover };
/// "safe", "restart", "unsafe", "destructive", "failover".
const char* to_string(Risk risk);

/// Which host(s) a step acts on.
enum class Target { primary, secondary, both };
/// "primary", "secondary", "both".
const char* to_string(Target target);

enum class StepStatus { planned, satisfied, not_applicable };
/// "planned", "satisfied", "not-applicable".
const char* to_string(StepStatus status);

/// One fact a step's decision depends on, with the value observed.
/// Keys look like "secondary.mode", "primary.monitor.postgres.lag".
struct FactValue {
    std::string key;
    std::string value;
    bool operator==(const FactValue&) const = default;
};

struct PlannedStep {
    std::string id;  ///< catalogue id, e.g. "generate-keys"
    Target target = Target::primary;
    StepStatus status = StepStatus::planned;
    std::string reason;  ///< planned: the fact not as desired ("mode is standalone, want master");
                         ///< satisfied: why; not_applicable: the gate ("needs release >= 2020.4")
    Risk risk = Risk::safe;
    bool long_running = false;
    std::vector<FactValue> depends_on;  ///< facts read to decide, for the stale-plan check
    std::string fingerprint;            ///< digest of depends_on
    bool operator==(const PlannedStep&) const = default;
};

/// How much of the pair a plan covers.
enum class Scope {
    pair,           ///< both hosts were probed: every row decided
    failover_only,  ///< the secondary is unreachable and the primary a slave: only `failover` is decided
};

/// Why hactl refuses to plan (preflight). A refused plan has no steps.
struct Refusal {
    std::string code;  ///< stable: "unreachable", "host-key", "release-differs", "partitions-differ",
                       ///< "roles-swapped", "split-brain", "secondary-is-master", "address-mismatch", ...
    std::optional<model::Role> host;
    std::string message;
    bool operator==(const Refusal&) const = default;
};

struct Plan {
    std::vector<Refusal> refusals;
    std::vector<PlannedStep> steps;  ///< in dependency order; includes satisfied and not-applicable rows
    Scope scope = Scope::pair;

    bool refused() const { return !refusals.empty(); }
    /// Steps with status planned.
    std::vector<const PlannedStep*> to_run() const;
    bool has_changes() const { return !refused() && !to_run().empty(); }
};

}  // namespace hactl::plan
