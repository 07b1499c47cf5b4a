#pragma once
// The doctor script's section names, shared by the script and its parser.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/contract/host_profile.hpp"

namespace hactl::doctor {

namespace section {
inline constexpr std::string_view login = "login";
inline constexpr std::string_view privilege = "privilege";
inline constexpr std::string_view alation_shell = "alation_shell";
inline constexpr std::string_view monitor = "monitor";
inline constexpr std::string_view df = "tool_df";
inline constexpr std::string_view date = "tool_date";
// Inside the Alation shell.
inline constexpr std::string_view shell = "shell";
inline constexpr std::string_view release = "release";
inline constexpr std::string_view cluster_key = "cluster_key";
inline constexpr std::string_view authorized_keys = "authorized_keys";
}  // namespace section

/// A host tool found with `command -v`.
struct Tool {
    std::string_view section;
    std::string_view name;
    std::string_view command;
    std::string_view used_for;
};
inline constexpr std::array<Tool, 4> k_tools = {{
    {"tool_curl", "curl", "command -v curl", "reads the replication monitor"},
    {"tool_setsid", "setsid", "command -v setsid", "detaches long jobs"},
    {"tool_mktemp", "mktemp", "command -v mktemp", "the probe's temporary directory"},
    {"tool_flock", "flock", "command -v flock", "the pair's lock"},
}};

/// An alation_conf key the contract reads, with its profile field.
struct ConfKey {
    std::string section;  ///< "conf_clusterHosts"
    std::string field;    ///< "clusterHosts" (under spec.confKeys)
    std::string key;      ///< the profile's key name
};

/// Every alation_conf key the contract reads, in the profile's order.
inline std::vector<ConfKey> conf_keys(const contract::HostProfile& profile) {
    const auto& k = profile.conf_keys;
    std::vector<ConfKey> keys;
    auto add = [&](std::string_view field, const std::string& key) {
        keys.push_back({"conf_" + std::string(field), std::string(field), key});
    };
    add("replicationMode", k.replication_mode);
    add("protectedInstance", k.protected_instance);
    add("overrideIp", k.override_ip);
    add("enableOverrideIp", k.enable_override_ip);
    add("clusterHosts", k.cluster_hosts);
    add("maxWalSenders", k.max_wal_senders);
    add("backupV2", k.backup_v2);
    return keys;
}

}  // namespace hactl::doctor
