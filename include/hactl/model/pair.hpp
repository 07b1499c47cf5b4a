#pragma once
/// The desired state of an HA pair: the model of the pair file (hactl/v1).
/// Field names follow the pair file; defaults are filled in `defaults.hpp`.
#include <optional>
#include <string>

#include "hactl/model/release.hpp"

namespace hactl::model {

enum class Role { primary, secondary };

/// "primary" / "secondary".
const char* to_string(Role role);

struct SshSpec {
    std::string user;
    int port = 22;
    std::optional<std::string> identity_file;     ///< ssh-agent when absent
    std::optional<std::string> known_hosts_file;  ///< ~/.ssh/known_hosts when absent
    bool operator==(const SshSpec&) const = default;
};

struct HostSpec {
    std::string address;  ///< dotted-quad IPv4; also the host's override_ip
    SshSpec ssh;
    std::string alation_shell;  ///< command prefix; one quoted argument is appended
    bool operator==(const HostSpec&) const = default;
};

struct Replication {
    int max_wal_senders = 4;
    bool postgres = true;
    bool kvstore = true;
    bool event_bus = true;
    bool operator==(const Replication&) const = default;
};

struct Paths {
    std::string data = "/data";
    std::string install = "/opt/alation";
    std::string state = "/var/lib/hactl";
    bool operator==(const Paths&) const = default;
};

struct Policy {
    bool allow_destructive = false;
    bool operator==(const Policy&) const = default;
};

struct PairSpec {
    std::string api_version = "hactl/v1";
    std::string kind = "HAPair";
    std::string name;
    std::optional<Release> release;  ///< when set, a host running another release is refused
    HostSpec primary;
    HostSpec secondary;
    Replication replication;
    bool backup_v2 = false;
    Paths paths;
    std::string monitor_url;
    Policy policy;

    const HostSpec& host(Role role) const { return role == Role::primary ? primary : secondary; }
    bool operator==(const PairSpec&) const = default;
};

}  // namespace hactl::model
