#pragma once
/// The host profile: every detail of an Alation host that the host contract
/// marks [assumed], as one value. Its defaults ARE the contract's values (the
/// single source); a profile file (`kind: HostProfile`, `spec.hostProfile` in
/// the pair file) overrides any subset of them.
///
/// Std only: the model's PairSpec carries the profile in force.
#include <string>
#include <vector>

namespace hactl::contract {

/// alation_conf key names (section 2 and the runbook). Profile field `confKeys`.
struct ConfKeys {
    std::string replication_mode = "alation.cluster.replication_mode";      ///< replicationMode
    std::string protected_instance = "alation.cluster.protected_instance";  ///< protectedInstance
    std::string override_ip = "alation.cluster.override_ip";                ///< overrideIp
    std::string enable_override_ip = "alation.cluster.enable_override_ip";  ///< enableOverrideIp
    std::string cluster_hosts = "alation.cluster.hosts";                    ///< clusterHosts [assumed key]
    std::string max_wal_senders = "pgsql.config.max_wal_senders";           ///< maxWalSenders
    std::string backup_v2 = "alation.feature_flags.enable_backup_v2";       ///< backupV2 [assumed key]
    bool operator==(const ConfKeys&) const = default;
};

/// alation_action names (sections 3 and 9). Profile field `actions`.
struct Actions {
    std::string generate_keys = "cluster_generate_keys";                   ///< generateKeys
    std::string enter_master_mode = "cluster_enter_master_mode";           ///< enterMasterMode
    std::string add_slaves = "cluster_add_slaves";                         ///< addSlaves
    std::string deploy_conf = "deploy_conf_all";                           ///< deployConf
    std::string replicate_postgres = "cluster_replicate_postgres";         ///< replicatePostgres
    std::string kvstore_copy = "cluster_kvstore_copy";                     ///< kvstoreCopy
    std::string start_kafka_sync = "cluster_start_kafka_sync";             ///< startKafkaSync
    std::string replicate_files = "cluster_replicate_files";               ///< replicateFiles
    std::string failover = "cluster_failover";                             ///< failover
    std::string enter_standalone_mode = "cluster_enter_standalone_mode";   ///< enterStandaloneMode
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
    /// [assumed] Words that identify replication_helper's prompts (case-insensitive).
    std::vector<std::string> helper_prompt_words = {"public key", "IP address"};  ///< helperPromptWords
    /// [assumed: legacy list] The HA ports replication_port_check tries.
    std::vector<int> ha_ports = {22, 5432, 8088};  ///< haPorts
    /// [assumed] The fresh configured max_wal_senders (also what add_slaves resets it to).
    int fresh_max_wal_senders = 10;  ///< freshMaxWalSenders
    bool operator==(const HostProfile&) const = default;
};

}  // namespace hactl::contract
