#pragma once
/// What hactl observed on the hosts of a pair (contract section 2 and 7).
/// Every fact is optional: nullopt means "could not be read" (unknown), which is
/// different from a known empty value.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hactl/model/pair.hpp"
#include "hactl/model/release.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::facts {

enum class Mode { standalone, master, slave };

/// "standalone", "master", "slave".
const char* to_string(Mode mode);
/// Parses a mode word (case-insensitive, trimmed). nullopt for anything else.
std::optional<Mode> parse_mode(std::string_view text);

/// A replication lag from the monitor.
struct Lag {
    enum class Kind { absent, unknown, numeric };
    Kind kind = Kind::absent;  ///< absent: the monitor did not mention the service
    std::uint64_t bytes = 0;   ///< meaningful when numeric
    bool numeric() const { return kind == Kind::numeric; }
    bool operator==(const Lag&) const = default;
};

/// The replication monitor's answer (contract section 5), read on the primary.
struct MonitorFacts {
    std::optional<Mode> mode;
    Lag postgres;
    Lag kvstore;
    std::optional<std::string> eventbus_sync;  ///< "running", "stopped", ...; nullopt when absent
    bool operator==(const MonitorFacts&) const = default;
};

/// For people: "1234 bytes", "unknown", "not reported".
std::string describe(const Lag& lag);

/// A long job hactl started on a host (contract section 7).
struct JobRecord {
    /// lost: no exit status and its process is gone (killed, or the host
    /// rebooted): nobody waits on it; the plan decides from the facts.
    enum class State { running, succeeded, failed, lost };
    std::string step;  ///< step id, e.g. "replicate-postgres"
    State state = State::running;
    int exit_code = -1;
    std::string started_at;  ///< ISO-8601 UTC
    std::string last_line;   ///< last progress line of its log
    /// running: seconds since it started, by the host's own clock (absent when
    /// its start time could not be read)
    std::optional<long long> elapsed_seconds{};
    bool operator==(const JobRecord&) const = default;
};

/// "running", "succeeded", "failed", "lost".
const char* to_string(JobRecord::State state);

/// hactl's lock on the pair (kept on the primary's state dir; layout in
/// contract/state_dir.hpp).
struct LockRecord {
    std::string owner;       ///< user@host, for people
    std::string machine;     ///< identity of the holder's machine (apply::LockOwner::machine); may be empty
    long pid = 0;
    std::string pid_start;   ///< the holder process's start time on its machine; may be empty
    std::string token;       ///< random, unique to one acquisition
    std::string started_at;  ///< ISO-8601 UTC
    std::string expires_at;  ///< ISO-8601 UTC
    long long expires_epoch = 0;  ///< seconds, the host's clock; 0 when absent
    bool operator==(const LockRecord&) const = default;
};

struct HostFacts {
    model::Role role = model::Role::primary;
    std::string address;

    /// Why the host could not be probed at all; none when it answered.
    transport::TransportError connection_error = transport::TransportError::none;
    std::string connection_message;
    bool reachable() const { return connection_error == transport::TransportError::none; }

    std::optional<std::string> release_raw;  ///< e.g. "2021.4.2"
    std::optional<model::Release> release;
    std::optional<Mode> mode;
    std::optional<bool> protected_instance;
    std::optional<std::string> override_ip;  ///< "" when not set
    std::optional<bool> override_ip_enabled;
    std::optional<std::vector<std::string>> cluster_hosts;
    std::optional<int> max_wal_senders;  ///< the CONFIGURED value
    std::optional<bool> backup_v2;
    std::optional<std::string> public_key;  ///< "" when the key file is absent
    std::optional<std::vector<std::string>> authorized_keys;  ///< empty when absent
    std::optional<std::uint64_t> data_bytes;
    std::optional<std::uint64_t> install_bytes;
    std::optional<MonitorFacts> monitor;  ///< probed on the primary only

    std::vector<std::string> receipts;       ///< step ids hactl completed on this host (section 7)
    std::map<std::string, JobRecord> jobs;   ///< by step id
    std::optional<LockRecord> lock;          ///< primary only

    /// Why the Alation shell wrapper could not be entered ("exit 1: sudo: a
    /// password is required"); empty when it ran. Every Alation fact is then unknown.
    std::string alation_shell_error;

    /// Facts that could not be read, with why: "release" -> "cat: No such file".
    std::map<std::string, std::string> unknown;

    bool operator==(const HostFacts&) const = default;
};

struct PairFacts {
    HostFacts primary;
    HostFacts secondary;
    const HostFacts& host(model::Role role) const { return role == model::Role::primary ? primary : secondary; }
    HostFacts& host(model::Role role) { return role == model::Role::primary ? primary : secondary; }
    bool operator==(const PairFacts&) const = default;
};

}  // namespace hactl::facts
