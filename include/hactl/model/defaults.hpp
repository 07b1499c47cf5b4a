#pragma once
/// The one place where the pair file's defaults live.
#include <cstdint>
#include <string_view>

namespace hactl::model::defaults {

inline constexpr std::string_view api_version = "hactl/v1";
inline constexpr std::string_view kind = "HAPair";
inline constexpr int ssh_port = 22;
inline constexpr std::string_view alation_shell = "sudo chroot /opt/alation/alation /bin/su - alationadmin -c";
/// The privilege prefix of hactl's own state operations when the login user is
/// not root (root needs none): sudo that never prompts.
inline constexpr std::string_view privilege_non_root = "sudo -n";
inline constexpr std::string_view root_user = "root";
inline constexpr int max_wal_senders = 4;
inline constexpr bool replicate_postgres = true;
inline constexpr bool replicate_kvstore = true;
inline constexpr bool replicate_event_bus = true;
inline constexpr bool backup_v2 = false;
inline constexpr bool allow_destructive = false;
inline constexpr bool allow_failover = false;
inline constexpr std::uint64_t max_failover_lag_bytes = 0;
inline constexpr std::string_view data_path = "/data";
inline constexpr std::string_view install_path = "/opt/alation";
inline constexpr std::string_view state_path = "/var/lib/hactl";
inline constexpr std::string_view monitor_url = "http://localhost/monitor/replication";
inline constexpr std::string_view known_hosts_file = "~/.ssh/known_hosts";

}  // namespace hactl::model::defaults
