#pragma once
/// The desired state of an HA pair: the model of the pair file (hactl/v1).
/// Field names follow the pair file; defaults are filled in `defaults.hpp`.
#include <cstdint>
#include <optional>
#include <string>

#include "hactl/contract/host_profile.hpp"
#include "hactl/model/defaults.hpp"
#include "hactl/model/release.hpp"

namespace hactl::model {

enum class Role { primary, secondary };

/// "primary" / "secondary".
const char* to_string(Role role);

struct SshSpec {
    std::string user;
    int port = defaults::ssh_port;
    std::optional<std::string> identity_file;     ///< ssh-agent when absent
    std::optional<std::string> known_hosts_file;  ///< ~/.ssh/known_hosts when absent
    bool operator==(const SshSpec&) const = default;
};

struct HostSpec {
    std::string address;  ///< dotted-quad IPv4; also the host's override_ip
    SshSpec ssh;
    std::string alation_shell{defaults::alation_shell};  ///< command prefix; one quoted argument is appended
    /// Command prefix for hactl's own operations on the host's state directory
    /// (lock, job records, receipts); "" runs them as the login user. nullopt:
    /// the default, see effective_privilege.
    std::optional<std::string> privilege;
    bool operator==(const HostSpec&) const = default;
};

/// The privilege prefix in force: the pair file's, else none for root and
/// `sudo -n` (never prompts) for any other login user.
std::string effective_privilege(const HostSpec& host);

struct Replication {
    int max_wal_senders = defaults::max_wal_senders;
    bool postgres = defaults::replicate_postgres;
    bool kvstore = defaults::replicate_kvstore;
    bool event_bus = defaults::replicate_event_bus;
    bool operator==(const Replication&) const = default;
};

struct Paths {
    std::string data{defaults::data_path};
    std::string install{defaults::install_path};
    std::string state{defaults::state_path};
    bool operator==(const Paths&) const = default;
};

struct Policy {
    bool allow_destructive = defaults::allow_destructive;
    /// spec.policy.allowFailover (or apply/plan --allow-failover): a failover or
    /// the demotion of a master may be planned and run.
    bool allow_failover = defaults::allow_failover;
    /// spec.policy.maxFailoverLagBytes: before a planned failover, the serving
    /// master's PostgreSQL and KV store lag must be at or below this.
    std::uint64_t max_failover_lag_bytes = defaults::max_failover_lag_bytes;
    bool operator==(const Policy&) const = default;
};

/// spec.state: `paired` (replicating) or `split` (both hosts standalone, data
/// and keys kept).
enum class PairState { paired, split };
/// "paired" / "split".
const char* to_string(PairState state);

struct PairSpec {
    std::string api_version{defaults::api_version};
    std::string kind{defaults::kind};
    std::string name;
    std::optional<Release> release;  ///< when set, a host running another release is refused
    HostSpec primary;
    HostSpec secondary;
    Replication replication;
    bool backup_v2 = defaults::backup_v2;
    Paths paths;
    std::string monitor_url{defaults::monitor_url};
    Policy policy;
    PairState state = PairState::paired;
    /// spec.hostProfile as written (relative to the pair file); nullopt: none.
    std::optional<std::string> host_profile_path;
    /// The host profile in force: the contract's defaults, overridden by the
    /// profile file when there is one.
    contract::HostProfile profile;

    const HostSpec& host(Role role) const { return role == Role::primary ? primary : secondary; }
    bool operator==(const PairSpec&) const = default;
};

}  // namespace hactl::model
