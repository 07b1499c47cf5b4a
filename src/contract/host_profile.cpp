#include "hactl/contract/host_profile.hpp"

#include <utility>

namespace hactl::contract {

std::string action_in(const HostProfile& profile, std::string_view contract_action_name) {
    const auto& a = profile.actions;
    const std::pair<std::string_view, const std::string*> names[] = {
        {action::generate_keys, &a.generate_keys},
        {action::enter_master_mode, &a.enter_master_mode},
        {action::add_slaves, &a.add_slaves},
        {action::deploy_conf_all, &a.deploy_conf},
        {action::replicate_postgres, &a.replicate_postgres},
        {action::kvstore_copy, &a.kvstore_copy},
        {action::start_kafka_sync, &a.start_kafka_sync},
        {action::replicate_files, &a.replicate_files},
        {action::failover, &a.failover},
        {action::enter_standalone_mode, &a.enter_standalone_mode},
    };
    for (const auto& [contract_name, host_name] : names) {
        if (contract_name == contract_action_name) return *host_name;
    }
    return std::string(contract_action_name);
}

std::string conf_key_in(const HostProfile& profile, std::string_view contract_key) {
    const auto& k = profile.conf_keys;
    const std::pair<std::string_view, const std::string*> keys[] = {
        {conf_key::replication_mode, &k.replication_mode},
        {conf_key::protected_instance, &k.protected_instance},
        {conf_key::override_ip, &k.override_ip},
        {conf_key::enable_override_ip, &k.enable_override_ip},
        {conf_key::cluster_hosts, &k.cluster_hosts},
        {conf_key::max_wal_senders, &k.max_wal_senders},
        {conf_key::backup_v2, &k.backup_v2},
    };
    for (const auto& [contract_name, host_key] : keys) {
        if (contract_name == contract_key) return *host_key;
    }
    return std::string(contract_key);
}

}  // namespace hactl::contract
