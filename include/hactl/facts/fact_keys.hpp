#pragma once
/// Names of the facts of one host: the probe's section names, the keys of
/// HostFacts::unknown, and (prefixed with "primary." / "secondary.") the keys
/// of plan::FactValue. One name per HostFacts field.
#include <array>
#include <string_view>

namespace hactl::facts::key {

inline constexpr std::string_view release = "release";
inline constexpr std::string_view mode = "mode";
inline constexpr std::string_view protected_instance = "protected_instance";
inline constexpr std::string_view override_ip = "override_ip";
inline constexpr std::string_view override_ip_enabled = "override_ip_enabled";
inline constexpr std::string_view cluster_hosts = "cluster_hosts";
inline constexpr std::string_view max_wal_senders = "max_wal_senders";
inline constexpr std::string_view backup_v2 = "backup_v2";
inline constexpr std::string_view public_key = "public_key";
inline constexpr std::string_view authorized_keys = "authorized_keys";
/// One probe section ("partitions") fills both data_bytes and install_bytes.
inline constexpr std::string_view partitions = "partitions";
inline constexpr std::string_view data_bytes = "data_bytes";
inline constexpr std::string_view install_bytes = "install_bytes";
inline constexpr std::string_view monitor = "monitor";
inline constexpr std::string_view receipts = "receipts";
inline constexpr std::string_view jobs = "jobs";
inline constexpr std::string_view lock = "lock";
/// The probe section that enters the Alation shell once; the sections of the
/// Alation facts (release to authorized_keys) run inside it.
inline constexpr std::string_view alation_shell = "alation_shell";
/// The probe section that reads hactl's own records (receipts, jobs, lock)
/// through the host's privilege prefix; their sections run inside it.
inline constexpr std::string_view hactl_state = "hactl_state";

}  // namespace hactl::facts::key
