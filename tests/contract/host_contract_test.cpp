#include <gtest/gtest.h>

#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/host_profile.hpp"
#include "hactl/contract/state_dir.hpp"

using namespace hactl::contract;

TEST(HostContract, CommandsAreQuotedContractCommands) {
    EXPECT_EQ(conf_read_command(conf_key::replication_mode), "alation_conf alation.cluster.replication_mode");
    EXPECT_EQ(conf_write_command(conf_key::protected_instance, "False"),
              "alation_conf alation.cluster.protected_instance -s False");
    EXPECT_EQ(conf_write_command(conf_key::cluster_hosts, ""), "alation_conf alation.cluster.hosts -s ''");
    EXPECT_EQ(action_command(action::add_slaves), "alation_action cluster_add_slaves");
    EXPECT_EQ(df_command("/data", "/opt/alation"), "df -P -B1 /data /opt/alation");
    EXPECT_EQ(monitor_command("http://127.0.0.2/monitor/replication"),
              "curl -sS -L --max-time 10 http://127.0.0.2/monitor/replication");
    EXPECT_EQ(read_optional_file_command("/opt/alation/cluster/id_cluster.pub"),
              "cat /opt/alation/cluster/id_cluster.pub || test '!' -e /opt/alation/cluster/id_cluster.pub");
}

TEST(HostContract, HostileValuesStayOneWord) {
    EXPECT_EQ(df_command("/data; rm -rf /", "/x"), "df -P -B1 '/data; rm -rf /' /x");
    EXPECT_EQ(monitor_command("http://h/$(id)"), "curl -sS -L --max-time 10 'http://h/$(id)'");
}

TEST(HostContract, ReleaseGatesAreOrdered) {
    EXPECT_LT(override_ip_since, backup_v2_default_since);
    EXPECT_LT(backup_v2_default_since, max_wal_senders_since);
    EXPECT_LT(max_wal_senders_since, event_bus_since);
}

TEST(HostProfile, TheDefaultsAreTheContractsValues) {
    const HostProfile p;
    EXPECT_EQ(p.release_file, "/opt/alation/django/main/alation_version.py");
    EXPECT_EQ(p.release_key, "ALATION_RELEASE");
    EXPECT_EQ(p.cluster_key_file, "/opt/alation/cluster/id_cluster.pub");
    EXPECT_EQ(p.authorized_keys_file, "/opt/alation/cluster/authorized_keys");
    EXPECT_EQ(p.fresh_max_wal_senders, 10);
    EXPECT_EQ(p.ha_ports, (std::vector<int>{22, 5432, 8088}));
    EXPECT_EQ(p.helper_prompt_words, (std::vector<std::string>{"public key", "IP address"}));
    EXPECT_EQ(p.monitor.postgres_lag, "/postgres/lag_bytes");
}

TEST(HostProfile, ActionAndKeyNamesMapFromTheContractsToTheProfiles) {
    HostProfile p;
    const std::string_view actions[] = {action::generate_keys,      action::enter_master_mode, action::add_slaves,
                                        action::deploy_conf_all,    action::replicate_postgres, action::kvstore_copy,
                                        action::start_kafka_sync,   action::replicate_files,   action::failover,
                                        action::enter_standalone_mode};
    const std::string_view keys[] = {conf_key::replication_mode,   conf_key::protected_instance, conf_key::override_ip,
                                      conf_key::enable_override_ip, conf_key::cluster_hosts,      conf_key::max_wal_senders,
                                      conf_key::backup_v2};
    // The default profile is the contract: every name maps to itself.
    for (auto name : actions) EXPECT_EQ(action_in(p, name), name);
    for (auto key : keys) EXPECT_EQ(conf_key_in(p, key), key);
    // Each field of the profile answers for exactly its contract name.
    p.actions.deploy_conf = "site_deploy";
    p.actions.failover = "site_failover";
    p.conf_keys.cluster_hosts = "alation.cluster.members";
    EXPECT_EQ(action_in(p, action::deploy_conf_all), "site_deploy");
    EXPECT_EQ(action_in(p, action::failover), "site_failover");
    EXPECT_EQ(action_in(p, action::add_slaves), "cluster_add_slaves");
    EXPECT_EQ(conf_key_in(p, conf_key::cluster_hosts), "alation.cluster.members");
    EXPECT_EQ(conf_key_in(p, conf_key::override_ip), "alation.cluster.override_ip");
    // A name the contract does not define passes through.
    EXPECT_EQ(action_in(p, "something_else"), "something_else");
    EXPECT_EQ(conf_key_in(p, "some.key"), "some.key");
}

TEST(StateDir, Layout) {
    EXPECT_EQ(state_dir::receipts_root("/var/lib/hactl"), "/var/lib/hactl/receipts");
    EXPECT_EQ(state_dir::receipt_path("/var/lib/hactl", "generate-keys"), "/var/lib/hactl/receipts/generate-keys");
    EXPECT_EQ(state_dir::jobs_root("/s"), "/s/jobs");
    EXPECT_EQ(state_dir::job_path("/s", "replicate-postgres"), "/s/jobs/replicate-postgres");
    EXPECT_EQ(state_dir::lock_path("/s"), "/s/lock");
}
