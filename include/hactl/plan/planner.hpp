#pragma once
/// The planner: pure, no I/O. Desired state (the pair file) + observed state
/// (the probe's facts) -> a plan.
#include <string_view>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::plan {

/// Stable refusal codes (Refusal::code).
namespace refusal {
inline constexpr std::string_view unreachable = "unreachable";          ///< connect failed, dropped, channel failed
inline constexpr std::string_view auth_failed = "auth-failed";          ///< no identity accepted
inline constexpr std::string_view host_key = "host-key";                ///< host key unknown or changed
inline constexpr std::string_view release_differs = "release-differs";  ///< hosts differ, or differ from spec.release
inline constexpr std::string_view partitions_differ = "partitions-differ";
/// the hosts' roles differ from the file's and the failover gate is closed (or both are slaves)
inline constexpr std::string_view roles_swapped = "roles-swapped";
inline constexpr std::string_view split_brain = "split-brain";      ///< both hosts are masters
inline constexpr std::string_view secondary_is_master = "secondary-is-master";
inline constexpr std::string_view address_mismatch = "address-mismatch";  ///< override_ip / cluster hosts name another address
inline constexpr std::string_view unknown_fact = "unknown-fact";  ///< a fact a decision needs could not be read
inline constexpr std::string_view alation_shell = "alation-shell";  ///< the Alation shell wrapper could not be entered
}  // namespace refusal

/// The plan for bringing `observed` to `desired`.
///
/// Refused (refusals filled, no steps) on any preflight problem or when a fact a
/// decision needs is unknown. Otherwise every catalogue row appears, expanded
/// per host, in catalogue (dependency) order, each planned / satisfied /
/// not-applicable with its reason, the facts it read and their fingerprint.
/// A step is planned when its guard is not satisfied, or when a dependency
/// that undoes it (StepDef::undone_by) is planned. Rows outside spec.state are
/// not applicable. A plan with a step of Risk::failover is refused (code
/// roles-swapped, naming both readings) unless desired.policy.allow_failover.
/// With the secondary unreachable and the primary a slave (and the gate), the
/// plan's scope is failover_only: `failover` alone is decided. Never throws.
Plan make_plan(const model::PairSpec& desired, const facts::PairFacts& observed);

/// The fingerprint of a step's facts: SHA-256 (hex) over "key=value\n" lines.
std::string fingerprint(const std::vector<FactValue>& facts);

}  // namespace hactl::plan
