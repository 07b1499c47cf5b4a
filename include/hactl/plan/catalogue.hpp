#pragma once
/// The step catalogue: the vendor procedure (reference/set-up-high-availability.rst)
/// as ONE table, read like data: when a step is needed (its guard) and how it
/// runs (its operations, carried out by apply's StepRunner). Adding a step is
/// adding a row (and, when its satisfied-when is new, a guard in guards.cpp).
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
/// `both`: one step that acts on both hosts together; `secondary_then_primary`:
/// once on each host, the secondary first.
enum class Placement { each, both, primary, secondary, secondary_then_primary };

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

/// One thing a step does, from a small closed set; apply's StepRunner carries
/// out a row's operations in order on the step's host, stopping at the first
/// that fails.
enum class OpKind {
    none,             ///< an unused entry
    refuse_if_keyed,  ///< refuse when the host has a cluster key (or it could not be read)
    set_conf,         ///< alation_conf `name` -s `value`
    run_action,       ///< alation_action `name`, as a detached job named after the step, followed to its end
    forget_receipt,   ///< delete hactl's receipt of step `name` on the secondary
    write_receipt,    ///< record the step's receipt on its host with the detail `name`=`value`
    exchange_keys,    ///< the replication_helper dialogue on both hosts, each given the peer's key and address
};

/// Where an operation's value comes from (the pair file or a fixed word).
enum class OpValue { none, word_true, word_false, host_address, max_wal_senders };

struct StepOp {
    OpKind kind = OpKind::none;
    std::string_view name;  ///< the conf key, action, receipt's step id or detail key (see OpKind)
    OpValue value = OpValue::none;
};

/// Up to three operations; unused entries have kind none.
using StepOps = std::array<StepOp, 3>;

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
    StepOps ops;  ///< how the step runs
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
Decision guard_failover(const GuardInput& in);
Decision guard_demote(const GuardInput& in);
Decision guard_split(const GuardInput& in);

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
// The pair's life after setup (contract section 9).
inline constexpr std::string_view failover = "failover";
inline constexpr std::string_view demote = "demote";
inline constexpr std::string_view split = "split";
}  // namespace step

namespace detail {
constexpr StepIds ids() { return {}; }
template <class... T>
constexpr StepIds ids(T... id) {
    return StepIds{id...};
}
constexpr ReleaseGate always{};
template <class... T>
constexpr StepOps ops(T... op) {
    return StepOps{op...};
}
constexpr StepOp conf(std::string_view key, OpValue value) { return {OpKind::set_conf, key, value}; }
constexpr StepOp action(std::string_view name) { return {OpKind::run_action, name, OpValue::none}; }
constexpr StepOp refuse_if_keyed() { return {OpKind::refuse_if_keyed, {}, OpValue::none}; }
constexpr StepOp forget_receipt(std::string_view step) {
    return {OpKind::forget_receipt, step, OpValue::none};
}
constexpr StepOp receipt(std::string_view detail, OpValue value) {
    return {OpKind::write_receipt, detail, value};
}
constexpr StepOp key_dialogue() { return {OpKind::exchange_keys, {}, OpValue::none}; }
constexpr ReleaseGate since(model::Release r) { return {r, std::nullopt}; }
constexpr ReleaseGate below(model::Release r) { return {std::nullopt, r}; }
}  // namespace detail

// clang-format off
inline constexpr std::array<StepDef, 14> catalogue = {{
    // id                        host                   depends on
    //   undone by                 release gate                                    spec gate
    //   satisfied when
    //   guard                     risk              wipes            long
    //   operations: how it runs, in order
    //
    // spec.state paired: every row but split; spec.state split: split alone.
    // failover and demote come first: the host named primary must serve its own
    // data, and the host named secondary must no longer serve, before setup
    // makes the primary a master (two masters would be a split brain).
    {step::failover,            Placement::primary,   detail::ids(),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the primary's replication mode is not slave (it serves its own data)",
        guard_failover,            Risk::failover,   Wipes::nothing,    false,
        detail::ops(detail::action(contract::action::failover))},
    {step::demote,              Placement::secondary, detail::ids(step::failover),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the secondary's replication mode is not master (it no longer serves)",
        guard_demote,              Risk::failover,   Wipes::nothing,    false,
        detail::ops(detail::action(contract::action::enter_standalone_mode))},
    {step::split,               Placement::secondary_then_primary, detail::ids(),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the host's replication mode is standalone (data and keys kept)",
        guard_split,               Risk::unsafe,     Wipes::nothing,    false,
        detail::ops(detail::action(contract::action::enter_standalone_mode))},
    {step::generate_keys,       Placement::each,      detail::ids(),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the cluster public key exists",
        guard_generate_keys,       Risk::safe,       Wipes::nothing,    false,
        // Never on a host that has keys: generating again replaces them and breaks an earlier exchange.
        detail::ops(detail::refuse_if_keyed(), detail::action(contract::action::generate_keys))},
    {step::exchange_keys,       Placement::both,      detail::ids(step::generate_keys),
        detail::ids(step::generate_keys), detail::always,                        SpecGate::none,
        "each host trusts the other's key and lists both addresses in alation.cluster.hosts",
        guard_exchange_keys,       Risk::safe,       Wipes::nothing,    false,
        detail::ops(detail::key_dialogue())},
    {step::enter_master_mode,   Placement::primary,   detail::ids(step::generate_keys),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the primary's replication mode is master",
        guard_enter_master_mode,   Risk::restart,    Wipes::nothing,    false,
        detail::ops(detail::action(contract::action::enter_master_mode))},
    {step::unprotect_secondary, Placement::secondary, detail::ids(),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the secondary's protected_instance is False",
        guard_unprotect_secondary, Risk::unsafe,     Wipes::nothing,    false,
        detail::ops(detail::conf(contract::conf_key::protected_instance, OpValue::word_false))},
    {step::override_ip,         Placement::each,      detail::ids(),
        detail::ids(),            detail::since(contract::override_ip_since),    SpecGate::none,
        "override_ip is the host's own address and enable_override_ip is True",
        guard_override_ip,         Risk::safe,       Wipes::nothing,    false,
        detail::ops(detail::conf(contract::conf_key::override_ip, OpValue::host_address),
                    detail::conf(contract::conf_key::enable_override_ip, OpValue::word_true))},
    {step::add_secondary,       Placement::primary,
        detail::ids(step::exchange_keys, step::enter_master_mode, step::unprotect_secondary, step::override_ip),
        detail::ids(),            detail::always,                                SpecGate::none,
        "the secondary's replication mode is slave",
        guard_add_secondary,       Risk::destructive, Wipes::secondary, false,
        // cluster_add_slaves resets the secondary's deployed max_wal_senders:
        // the receipt saying it was deployed must not outlive that.
        detail::ops(detail::forget_receipt(step::max_wal_senders),
                    detail::action(contract::action::add_slaves))},
    {step::max_wal_senders,     Placement::secondary, detail::ids(step::add_secondary),
        detail::ids(step::add_secondary), detail::since(contract::max_wal_senders_since), SpecGate::none,
        "configured max_wal_senders = replication.maxWalSenders and deployed (hactl's receipt of deploy_conf_all "
        "after the change, or PostgreSQL already streaming)",
        guard_max_wal_senders,     Risk::restart,    Wipes::nothing,    false,
        // The deployed value cannot be read back: this receipt is what says it was deployed.
        detail::ops(detail::conf(contract::conf_key::max_wal_senders, OpValue::max_wal_senders),
                    detail::action(contract::action::deploy_conf_all),
                    detail::receipt("max_wal_senders", OpValue::max_wal_senders))},
    {step::replicate_postgres,  Placement::secondary, detail::ids(step::add_secondary, step::max_wal_senders),
        detail::ids(step::add_secondary), detail::always,                        SpecGate::postgres,
        "the monitor shows a numeric PostgreSQL lag",
        guard_replicate_postgres,  Risk::destructive, Wipes::secondary, true,
        detail::ops(detail::action(contract::action::replicate_postgres))},
    {step::copy_kvstore,        Placement::secondary, detail::ids(step::add_secondary, step::replicate_postgres),
        detail::ids(step::add_secondary), detail::always,                        SpecGate::kvstore,
        "the monitor shows a numeric KV store lag",
        guard_copy_kvstore,        Risk::destructive, Wipes::secondary, true,
        detail::ops(detail::action(contract::action::kvstore_copy))},
    {step::start_kafka_sync,    Placement::secondary, detail::ids(step::add_secondary, step::copy_kvstore),
        detail::ids(step::add_secondary), detail::since(contract::event_bus_since), SpecGate::event_bus,
        "the monitor says event-bus sync is running",
        guard_start_kafka_sync,    Risk::safe,       Wipes::nothing,    false,
        detail::ops(detail::action(contract::action::start_kafka_sync))},
    {step::enable_backup_v2,    Placement::primary,   detail::ids(step::add_secondary),
        detail::ids(step::add_secondary), detail::below(contract::backup_v2_default_since), SpecGate::backup_v2,
        "the primary's Backup V2 flag is True",
        guard_enable_backup_v2,    Risk::safe,       Wipes::nothing,    false,
        detail::ops(detail::conf(contract::conf_key::backup_v2, OpValue::word_true))},
}};
// clang-format on

/// What a row runs, in the contract's words: its set_conf, run_action and
/// exchange_keys operations joined by "; " ("alation_conf KEY -s True;
/// alation_action deploy_conf_all"); values from the pair file are named
/// (ADDRESS, N). Empty for a row without such operations.
std::string action_words(const StepDef& def);

/// The row of `id`; nullptr when there is none.
const StepDef* find_step(std::string_view id);

/// The targets a row expands to: each -> {primary, secondary}; both -> {both};
/// primary/secondary -> itself.
std::vector<Target> targets(const StepDef& def);

/// Whether `release` passes `gate`; `why` gets "needs release >= 2020.4" when not.
bool release_applies(const ReleaseGate& gate, const model::Release& release, std::string* why);
/// Whether the pair file switches the step on; `why` gets "replication.postgres is false".
bool spec_applies(SpecGate gate, const model::PairSpec& desired, std::string* why);
/// Whether the row belongs to spec.state: `split` only when the state is split,
/// every other row only when it is paired; `why` gets "spec.state is split".
bool state_applies(const StepDef& def, const model::PairSpec& desired, std::string* why);

}  // namespace hactl::plan
