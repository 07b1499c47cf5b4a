#pragma once
/// The Alation host contract (shared/alation-host-contract.md, v1.2) as data.
///
/// The details the contract marks [assumed] (a path, a key name, a prompt
/// word, the monitor's shape, the ports) are the fields of contract::HostProfile
/// (host_profile.hpp): their defaults are the contract's values, and a host
/// profile file overrides them without a rebuild. Code reads them from the
/// profile in force (`spec.profile`), never from a constant. This header keeps
/// what the vendor documents (command names, output words, release gates) and
/// the command builders, so that the whole host interface reads in two files.
#include <string>
#include <string_view>

#include "hactl/contract/host_profile.hpp"
#include "hactl/model/release.hpp"

namespace hactl::contract {

// ---------------------------------------------------------------------------
// Section 2: facts. The files (release, cluster keys) and the alation_conf key
// names are the profile's (HostProfile::release_file, ..., conf_keys); the
// contract's key names are contract::conf_key (host_profile.hpp).

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

/// Action names: contract::action (host_profile.hpp), mapped to the host's by
/// contract::action_in(profile, name).

/// The alation_conf command name and its write flag.
inline constexpr std::string_view conf_program = "alation_conf";
inline constexpr std::string_view conf_set_flag = "-s";
inline constexpr std::string_view action_program = "alation_action";

// ---------------------------------------------------------------------------
// Section 4: interactive helpers.

inline constexpr std::string_view replication_helper_program = "replication_helper";
inline constexpr std::string_view port_check_program = "replication_port_check";
// The words that identify the helper's prompts (a prompt is text that ends
// without a newline, after which the helper waits) and the HA ports
// replication_port_check tries: HostProfile::helper_prompt_words, ha_ports.
/// Port check output words.
inline constexpr std::string_view port_open = "open";
inline constexpr std::string_view port_closed = "closed";

// ---------------------------------------------------------------------------
// Section 5: the replication monitor's JSON. Its shape [assumed] is the
// profile's JSON pointers (HostProfile::monitor); these are its words.

namespace monitor_field {
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
