#pragma once
/// The step catalogue: the vendor procedure (reference/set-up-high-availability.rst)
/// as ONE table, read like data. Adding a step is adding a row (and, when its
/// satisfied-when is new, a guard in guards.cpp).
///
/// Rows are in the runbook's order, which is also a dependency order: every
/// row's dependencies are rows above it (a unit test checks this).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::plan {

/// Where a step runs. `each`: once on each host (one PlannedStep per host);
/// `both`: one step that acts on both hosts together.
enum class Placement { each, both, primary, secondary };

/// A pair-file switch that must be true for the step to apply.
enum class SpecGate { none, postgres, kvstore, event_bus, backup_v2 };
/// The pair-file field of a gate: "replication.postgres", ...; "" for none.
const char* to_string(SpecGate gate);

/// Whose instance data the step's action deletes. Only the secondary's data is
/// ever deleted: add-secondary runs on the primary but its destructive effect
/// (cluster_add_slaves wipes the peer) falls on the secondary.
enum class Wipes { nothing, secondary };

/// Releases the step applies to: since <= release (< below).
struct ReleaseGate {
    std::optional<model::Release> since;
    std::optional<model::Release> below;
};

/// What a guard decided about one step on one host.
struct Decision {
    enum class Kind { satisfied, unsatisfied, unknown };
    Kind kind = Kind::unknown;
    std::string reason;                 ///< the fact, as desired or not ("mode is standalone, want master")
    std::vector<FactValue> depends_on;  ///< facts read to decide
};

/// What a guard reads. `host` is the host the step row is for (the target of
/// `each` rows; the primary for `both`).
struct GuardInput {
    const model::PairSpec& desired;
    const facts::PairFacts& observed;
    model::Role host;
};

/// A satisfied-when predicate. Returns unknown (with the missing fact in the
/// reason) when a fact it needs could not be read.
using Guard = Decision (*)(const GuardInput&);

/// Up to five step ids; unused entries are empty.
using StepIds = std::array<std::string_view, 5>;

struct StepDef {
    std::string_view id;
    Placement placement;
    StepIds depends_on;  ///< steps that must be satisfied (or run) first
    StepIds undone_by;   ///< dependencies whose action resets this step: when one is planned, so is this
    ReleaseGate release;
    SpecGate spec;
    std::string_view satisfied_when;  ///< the guard, in words
    Guard guard;
    Risk risk;
    Wipes wipes;
    bool long_running;
    std::string_view action;  ///< what runs, in the contract's words
};

// Guards (src/plan/guards.cpp).
Decision guard_generate_keys(const GuardInput& in);
Decision guard_exchange_keys(const GuardInput& in);
Decision guard_enter_master_mode(const GuardInput& in);
Decision guard_unprotect_secondary(const GuardInput& in);
Decision guard_override_ip(const GuardInput& in);
Decision guard_add_secondary(const GuardInput& in);
Decision guard_max_wal_senders(const GuardInput& in);
Decision guard_replicate_postgres(const GuardInput& in);
Decision guard_copy_kvstore(const GuardInput& in);
Decision guard_start_kafka_sync(const GuardInput& in);
Decision guard_enable_backup_v2(const GuardInput& in);

namespace step {
inline constexpr std::string_view generate_keys = "generate-keys";
inline constexpr std::string_view exchange_keys = "exchange-keys";
inline constexpr std::string_view enter_master_mode = "enter-master-mode";
inline constexpr std::string_view unprotect_secondary = "unprotect-secondary";
inline constexpr std::string_view override_ip = "override-ip";
inline constexpr std::string_view add_secondary = "add-secondary";
inline constexpr std::string_view max_wal_senders = "max-wal-senders";
inline constexpr std::string_view replicate_postgres = "replicate-postgres";
inline constexpr std::string_view copy_kvstore = "copy-kvstore";
inline constexpr std::string_view start_kafka_sync = "start-kafka-sync";
inline constexpr std::string_view enable_backup_v2 = "enable-backup-v2";
}  // namespace step

namespace detail {
constexpr StepIds ids() { return {}; }
template <class... T>
constexpr StepIds ids(T... id) {
    return StepIds{id...};
}
constexpr ReleaseGate always{};
constexpr ReleaseGate since(model::Release r) { return {r, std::nullopt}; }
constexpr ReleaseGate below(model::Release r) { return {std::nullopt, r}; }
}  // namespace detail

// clang-format off
inline constexpr std::array<StepDef, 11> catalogue = {{
    // id                        host                   depends on
    //   undone by                 release gate                                    spec gate
    //   satisfied when
    //   guard                     risk              wipes            long   action
    {step::generate_keys,       Placement::each,      detail::ids(),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the cluster public key exists",
        guard_generate_keys,       Risk::safe,       Wipes::nothing,    false, "alation_action cluster_generate_keys"},
    {step::exchange_keys,       Placement::both,      detail::ids(step::generate_keys),
        detail::ids(step::generate_keys), detail::always,                        SpecGate::none,
        "each host trusts the other's key and lists both addresses in alation.cluster.hosts",
        guard_exchange_keys,       Risk::safe,       Wipes::nothing,    false, "replication_helper on both hosts"},
    {step::enter_master_mode,   Placement::primary,   detail::ids(step::generate_keys),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the primary's replication mode is master",
        guard_enter_master_mode,   Risk::restart,    Wipes::nothing,    false, "alation_action cluster_enter_master_mode"},
    {step::unprotect_secondary, Placement::secondary, detail::ids(),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the secondary's protected_instance is False",
        guard_unprotect_secondary, Risk::unsafe,     Wipes::nothing,    false,
        "alation_conf alation.cluster.protected_instance -s False"},
    {step::override_ip,         Placement::each,      detail::ids(),
        detail::ids(),            detail::since(contract::override_ip_since),    SpecGate::none,
        "override_ip is the host's own address and enable_override_ip is True",
        guard_override_ip,         Risk::safe,       Wipes::nothing,    false,
        "alation_conf alation.cluster.override_ip -s ADDRESS; alation_conf alation.cluster.enable_override_ip -s True"},
    {step::add_secondary,       Placement::primary,
        detail::ids(step::exchange_keys, step::enter_master_mode, step::unprotect_secondary, step::override_ip),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the secondary's replication mode is slave",
        guard_add_secondary,       Risk::destructive, Wipes::secondary, false, "alation_action cluster_add_slaves"},
    {step::max_wal_senders,     Placement::secondary, detail::ids(step::add_secondary),
        detail::ids(step::add_secondary), detail::since(contract::max_wal_senders_since), SpecGate::none,
        "configured max_wal_senders = replication.maxWalSenders and deployed (hactl's receipt of deploy_conf_all "
        "after the change, or PostgreSQL already streaming)",
        guard_max_wal_senders,     Risk::restart,    Wipes::nothing,    false,
        "alation_conf pgsql.config.max_wal_senders -s N; alation_action deploy_conf_all"},
    {step::replicate_postgres,  Placement::secondary, detail::ids(step::add_secondary, step::max_wal_senders),
        detail::ids(step::add_secondary), detail::always,                        SpecGate::postgres,
        "the monitor shows a numeric PostgreSQL lag",
        guard_replicate_postgres,  Risk::destructive, Wipes::secondary, true,  "alation_action cluster_replicate_postgres"},
    {step::copy_kvstore,        Placement::secondary, detail::ids(step::add_secondary, step::replicate_postgres),
        detail::ids(step::add_secondary), detail::always,                        SpecGate::kvstore,
        "the monitor shows a numeric KV store lag",
        guard_copy_kvstore,        Risk::destructive, Wipes::secondary, true,  "alation_action cluster_kvstore_copy"},
    {step::start_kafka_sync,    Placement::secondary, detail::ids(step::add_secondary, step::copy_kvstore),
        detail::ids(step::add_secondary), detail::since(contract::event_bus_since), SpecGate::event_bus,
        "the monitor says event-bus sync is running",
        guard_start_kafka_sync,    Risk::safe,       Wipes::nothing,    false, "alation_action cluster_start_kafka_sync"},
    {step::enable_backup_v2,    Placement::primary,   detail::ids(step::add_secondary),
        detail::ids(step::add_secondary), detail::below(contract::backup_v2_default_since), SpecGate::backup_v2,
        "the primary's Backup V2 flag is True",
        guard_enable_backup_v2,    Risk::safe,       Wipes::nothing,    false,
        "alation_conf alation.feature_flags.enable_backup_v2 -s True"},
}};
// clang-format on

/// The row of `id`; nullptr when there is none.
const StepDef* find_step(std::string_view id);

/// The targets a row expands to: each -> {primary, secondary}; both -> {both};
/// primary/secondary -> itself.
std::vector<Target> targets(const StepDef& def);

/// Whether `release` passes `gate`; `why` gets "needs release >= 2020.4" when not.
bool release_applies(const ReleaseGate& gate, const model::Release& release, std::string* why);
/// Whether the pair file switches the step on; `why` gets "replication.postgres is false".
bool spec_applies(SpecGate gate, const model::PairSpec& desired, std::string* why);

}  // namespace hactl::plan
