#pragma once
/// The Alation host contract (shared/alation-host-contract.md, v1.1) as data.
///
/// Every detail the contract marks [assumed] lives in this header and nowhere
/// else: a path, a key name, a prompt word, an output format, a command line.
/// Adapting hactl to a real host whose details differ is one edit here.
/// Details that are documented by the vendor (command names, release gates)
/// are kept here too, so that the whole host interface reads in one place.
#include <array>
#include <string>
#include <string_view>

#include "hactl/model/release.hpp"

namespace hactl::contract {

// ---------------------------------------------------------------------------
// Section 2: facts. Files read inside the Alation shell.

/// [assumed] The release file; holds a line `ALATION_RELEASE = "2021.4.2"`.
inline constexpr std::string_view release_file = "/opt/alation/django/main/alation_version.py";
/// [assumed] The name on the left of the release line. Other lines
/// (ALATION_MAJOR_VERSION = N, build numbers) are ignored.
inline constexpr std::string_view release_variable = "ALATION_RELEASE";

/// [assumed] The cluster public key: one OpenSSH public-key line; absent before
/// `cluster_generate_keys`.
inline constexpr std::string_view cluster_public_key_file = "/opt/alation/cluster/id_cluster.pub";
/// [assumed] The peer keys this host trusts: authorized_keys lines; absent or
/// empty before the exchange.
inline constexpr std::string_view cluster_authorized_keys_file = "/opt/alation/cluster/authorized_keys";

// alation_conf keys (section 2 and the runbook).
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

/// [assumed] The fresh (as installed) configured value of max_wal_senders; also
/// what cluster_add_slaves resets it to on the secondary.
inline constexpr int fresh_max_wal_senders = 10;

/// Boolean words printed by alation_conf (compared case-insensitively).
inline constexpr std::string_view word_true = "True";
inline constexpr std::string_view word_false = "False";

/// Replication mode words.
inline constexpr std::string_view mode_standalone = "standalone";
inline constexpr std::string_view mode_master = "master";
inline constexpr std::string_view mode_slave = "slave";

// ---------------------------------------------------------------------------
// Sections 2 and 3: commands. Each returns a command line for the Alation
// shell (to be wrapped with transport::in_alation_shell) or a host command.
// Every value is quoted by transport::shell_join.
//
// hactl's reading of section 1: the wrapper runs its one argument with a
// POSIX shell (`su - USER -c` runs the user's login shell), so a command line
// may be a list or a script. The probe sends one script through it per probe
// (facts/probe.hpp); where that shell has no `mktemp -d`, the script reads
// one fact after another instead of concurrently.

/// `alation_conf KEY` (read). Alation shell.
std::string conf_read_command(std::string_view key);
/// `alation_conf KEY -s VALUE`. Alation shell.
std::string conf_write_command(std::string_view key, std::string_view value);
/// `alation_action NAME`. Alation shell.
std::string action_command(std::string_view action);
/// Prints a file's content; exits 0 with no output when the file is absent,
/// non-zero when it exists but cannot be read: `cat F || test ! -e F`.
/// Used for the cluster key files (Alation shell) and hactl's state files (host).
std::string read_optional_file_command(std::string_view path);
/// [assumed format] `df -P -B1 DATA INSTALL` (host command): second column of
/// each data line is the size in bytes, one data line per path, in order.
std::string df_command(std::string_view data_path, std::string_view install_path);
/// `curl -sS -L --max-time 10 URL` (host command, on the primary).
std::string monitor_command(std::string_view url);

/// Action names (alation_action NAME).
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

/// The alation_conf command name and its write flag.
inline constexpr std::string_view conf_program = "alation_conf";
inline constexpr std::string_view conf_set_flag = "-s";
inline constexpr std::string_view action_program = "alation_action";

// ---------------------------------------------------------------------------
// Section 4: interactive helpers.

inline constexpr std::string_view replication_helper_program = "replication_helper";
inline constexpr std::string_view port_check_program = "replication_port_check";
/// [assumed] Words that identify the helper's prompts (case-insensitive); a
/// prompt is text that ends without a newline, after which the helper waits.
inline constexpr std::string_view prompt_word_key = "public key";
inline constexpr std::string_view prompt_word_ip = "IP address";
/// [assumed: legacy list] The HA ports replication_port_check tries.
inline constexpr std::array<int, 3> ha_ports = {22, 5432, 8088};
/// Port check output words.
inline constexpr std::string_view port_open = "open";
inline constexpr std::string_view port_closed = "closed";

// ---------------------------------------------------------------------------
// Section 5: the replication monitor's JSON [shape assumed].

namespace monitor_field {
inline constexpr std::string_view mode = "mode";
inline constexpr std::string_view postgres = "postgres";
inline constexpr std::string_view kvstore = "kvstore";
inline constexpr std::string_view eventbus = "eventbus";
inline constexpr std::string_view lag_bytes = "lag_bytes";
inline constexpr std::string_view sync = "sync";
/// The lag value meaning "replication must be (re)built".
inline constexpr std::string_view lag_unknown = "unknown";
/// The event-bus sync value meaning the secondary's Kafka sync runs.
inline constexpr std::string_view sync_running = "running";
}  // namespace monitor_field

/// curl's own deadline for the monitor, seconds.
inline constexpr int monitor_max_time_s = 10;

// ---------------------------------------------------------------------------
// Release gates (documented by the vendor).

/// override_ip / enable_override_ip exist and are needed from this release.
inline constexpr model::Release override_ip_since{2020, 4};
/// Backup V2 is the default from this release; below it the flag is reset by
/// cluster_add_slaves and must be re-enabled.
inline constexpr model::Release backup_v2_default_since{2021, 2};
/// max_wal_senders must be the desired value, deployed, before
/// cluster_replicate_postgres from this release.
inline constexpr model::Release max_wal_senders_since{2021, 3};
/// Event-bus (Kafka) sync exists from this release.
inline constexpr model::Release event_bus_since{2021, 4};

}  // namespace hactl::contract
