#include <gtest/gtest.h>

#include "hactl/contract/host_contract.hpp"
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
    EXPECT_EQ(fresh_max_wal_senders, 10);
}

TEST(StateDir, Layout) {
    EXPECT_EQ(state_dir::receipts_root("/var/lib/hactl"), "/var/lib/hactl/receipts");
    EXPECT_EQ(state_dir::receipt_path("/var/lib/hactl", "generate-keys"), "/var/lib/hactl/receipts/generate-keys");
    EXPECT_EQ(state_dir::jobs_root("/s"), "/s/jobs");
    EXPECT_EQ(state_dir::job_path("/s", "replicate-postgres"), "/s/jobs/replicate-postgres");
    EXPECT_EQ(state_dir::lock_path("/s"), "/s/lock");
}
