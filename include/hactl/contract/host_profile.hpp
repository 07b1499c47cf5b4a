#pragma once
/// The host profile: every detail of an Alation host that the host contract
/// marks [assumed], as one value. Its defaults ARE the contract's values (the
/// single source); a profile file (`kind: HostProfile`, `spec.hostProfile` in
/// the pair file) overrides any subset of them.
///
/// Std only: the model's PairSpec carries the profile in force.
#include <string>
#include <string_view>
#include <vector>

namespace hactl::contract {

/// The contract's alation_conf key names (section 2 and the runbook). Catalogue
/// rows name keys by these; conf_key_in() gives the key of the profile in force.
namespace conf_key {
inline constexpr std::string_view replication_mode = "alation.cluster.replication_mode";
inline constexpr std::string_view protected_instance = "alation.cluster.protected_instance";
inline constexpr std::string_view override_ip = "alation.cluster.override_ip";
inline constexpr std::string_view enable_override_ip = "alation.cluster.enable_override_ip";
/// [assumed key] comma-separated IPv4 list, may be empty.
inline constexpr std::string_view cluster_hosts = "alation.cluster.hosts";
inline constexpr std::string_view max_wal_senders = "pgsql.config.max_wal_senders";
/// [assumed key]
inline constexpr std::string_view backup_v2 = "alation.feature_flags.enable_backup_v2";
}  // namespace conf_key

/// The contract's action names (alation_action NAME; sections 3 and 9).
/// Catalogue rows name actions by these; action_in() gives the action of the
/// profile in force.
namespace action {
inline constexpr std::string_view generate_keys = "cluster_generate_keys";
inline constexpr std::string_view enter_master_mode = "cluster_enter_master_mode";
inline constexpr std::string_view add_slaves = "cluster_add_slaves";
inline constexpr std::string_view deploy_conf_all = "deploy_conf_all";
inline constexpr std::string_view replicate_postgres = "cluster_replicate_postgres";
inline constexpr std::string_view kvstore_copy = "cluster_kvstore_copy";
inline constexpr std::string_view start_kafka_sync = "cluster_start_kafka_sync";
inline constexpr std::string_view replicate_files = "cluster_replicate_files";
inline constexpr std::string_view failover = "cluster_failover";                            // section 9
inline constexpr std::string_view enter_standalone_mode = "cluster_enter_standalone_mode";  // section 9
}  // namespace action

/// alation_conf key names (section 2 and the runbook). Profile field `confKeys`.
struct ConfKeys {
    std::string replication_mode{conf_key::replication_mode};         ///< replicationMode
    std::string protected_instance{conf_key::protected_instance};     ///< protectedInstance
    std::string override_ip{conf_key::override_ip};                   ///< overrideIp
    std::string enable_override_ip{conf_key::enable_override_ip};     ///< enableOverrideIp
    std::string cluster_hosts{conf_key::cluster_hosts};               ///< clusterHosts [assumed key]
    std::string max_wal_senders{conf_key::max_wal_senders};           ///< maxWalSenders
    std::string backup_v2{conf_key::backup_v2};                       ///< backupV2 [assumed key]
    bool operator==(const ConfKeys&) const = default;
};

/// alation_action names (sections 3 and 9). Profile field `actions`.
struct Actions {
    std::string generate_keys{action::generate_keys};                ///< generateKeys
    std::string enter_master_mode{action::enter_master_mode};        ///< enterMasterMode
    std::string add_slaves{action::add_slaves};                      ///< addSlaves
    std::string deploy_conf{action::deploy_conf_all};                ///< deployConf
    std::string replicate_postgres{action::replicate_postgres};      ///< replicatePostgres
    std::string kvstore_copy{action::kvstore_copy};                  ///< kvstoreCopy
    std::string start_kafka_sync{action::start_kafka_sync};          ///< startKafkaSync
    std::string replicate_files{action::replicate_files};            ///< replicateFiles
    std::string failover{action::failover};                          ///< failover
    std::string enter_standalone_mode{action::enter_standalone_mode};  ///< enterStandaloneMode
    bool operator==(const Actions&) const = default;
};

/// JSON pointers (RFC 6901) into the replication monitor's body (section 5,
/// shape [assumed]). Profile field `monitor`.
struct MonitorPointers {
    std::string mode = "/mode";                      ///< mode
    std::string postgres_lag = "/postgres/lag_bytes";  ///< postgresLag
    std::string kvstore_lag = "/kvstore/lag_bytes";    ///< kvstoreLag
    std::string event_bus_sync = "/eventbus/sync";     ///< eventBusSync (from release 2021.4)
    bool operator==(const MonitorPointers&) const = default;
};

struct HostProfile {
    std::string name;  ///< metadata.name; "" for the compiled-in default
    /// [assumed] The release file; holds a line `ALATION_RELEASE = "2021.4.2"`.
    std::string release_file = "/opt/alation/django/main/alation_version.py";  ///< releaseFile
    /// [assumed] The name on the left of the release line.
    std::string release_key = "ALATION_RELEASE";  ///< releaseKey
    /// [assumed] One OpenSSH public-key line; absent before cluster_generate_keys.
    std::string cluster_key_file = "/opt/alation/cluster/id_cluster.pub";  ///< clusterKeyFile
    /// [assumed] The peer keys this host trusts; absent or empty before the exchange.
    std::string authorized_keys_file = "/opt/alation/cluster/authorized_keys";  ///< authorizedKeysFile
    ConfKeys conf_keys;                                                        ///< confKeys
    Actions actions;                                                           ///< actions
    MonitorPointers monitor;                                                   ///< monitor
    /// [assumed] Words that identify replication_helper's prompts (case-insensitive):
    /// [0] is in the prompt for the peer's public key, [1] in the one for its IP address.
    std::vector<std::string> helper_prompt_words = {"public key", "IP address"};  ///< helperPromptWords
    /// [assumed: legacy list] The HA ports replication_port_check tries.
    std::vector<int> ha_ports = {22, 5432, 8088};  ///< haPorts
    /// [assumed] The fresh configured max_wal_senders (also what add_slaves resets it to).
    int fresh_max_wal_senders = 10;  ///< freshMaxWalSenders
    bool operator==(const HostProfile&) const = default;
};

/// The host's action for the contract's action `contract_action_name`
/// (contract::action::...): the profile's name for it. A name the contract
/// does not define is returned unchanged.
std::string action_in(const HostProfile& profile, std::string_view contract_action_name);

/// The host's alation_conf key for the contract's key `contract_key`
/// (contract::conf_key::...). A key the contract does not define is returned
/// unchanged.
std::string conf_key_in(const HostProfile& profile, std::string_view contract_key);

}  // namespace hactl::contract
