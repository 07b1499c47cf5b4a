#include "hactl/config/emit.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "scalar.hpp"

namespace hactl::config {

namespace {

constexpr std::string_view plain_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./~+@%=,:- ";

/// The scalar as YAML: plain when it reads back as the same string, else double-quoted.
std::string scalar(const std::string& text) {
    bool plain = !text.empty() && text.find_first_not_of(plain_chars) == std::string::npos &&
                 std::string_view("-?:,@% ").find(text.front()) == std::string_view::npos &&
                 text.back() != ' ' && text.back() != ':' && text.find(": ") == std::string::npos &&
                 text.find(" #") == std::string::npos;
    if (plain) {
        const auto resolved = detail::resolve_plain_scalar(text);
        plain = resolved.is_string() && resolved.get_ref<const std::string&>() == text;
    }
    if (plain) return text;
    // A JSON string is a valid YAML double-quoted scalar.
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const char* boolean(bool value) { return value ? "true" : "false"; }

void host(std::string& out, const char* role, const model::HostSpec& spec) {
    out += fmt::format("  {}:\n", role);
    out += fmt::format("    address: {}\n", scalar(spec.address));
    out += "    ssh:\n";
    out += fmt::format("      user: {}\n", scalar(spec.ssh.user));
    out += fmt::format("      port: {}\n", spec.ssh.port);
    if (spec.ssh.identity_file) out += fmt::format("      identityFile: {}\n", scalar(*spec.ssh.identity_file));
    if (spec.ssh.known_hosts_file) out += fmt::format("      knownHostsFile: {}\n", scalar(*spec.ssh.known_hosts_file));
    out += fmt::format("    alationShell: {}\n", scalar(spec.alation_shell));
    if (spec.privilege) out += fmt::format("    privilege: {}\n", scalar(*spec.privilege));
}

}  // namespace

std::string to_yaml(const model::PairSpec& pair) {
    std::string out;
    out += fmt::format("apiVersion: {}\n", scalar(pair.api_version));
    out += fmt::format("kind: {}\n", scalar(pair.kind));
    out += "metadata:\n";
    out += fmt::format("  name: {}\n", scalar(pair.name));
    out += "spec:\n";
    if (pair.release) out += fmt::format("  release: \"{}\"\n", pair.release->str());
    host(out, "primary", pair.primary);
    host(out, "secondary", pair.secondary);
    out += "  replication:\n";
    out += fmt::format("    maxWalSenders: {}\n", pair.replication.max_wal_senders);
    out += fmt::format("    postgres: {}\n", boolean(pair.replication.postgres));
    out += fmt::format("    kvstore: {}\n", boolean(pair.replication.kvstore));
    out += fmt::format("    eventBus: {}\n", boolean(pair.replication.event_bus));
    out += fmt::format("  backupV2: {}\n", boolean(pair.backup_v2));
    out += "  paths:\n";
    out += fmt::format("    data: {}\n", scalar(pair.paths.data));
    out += fmt::format("    install: {}\n", scalar(pair.paths.install));
    out += fmt::format("    state: {}\n", scalar(pair.paths.state));
    out += fmt::format("  monitorUrl: {}\n", scalar(pair.monitor_url));
    out += fmt::format("  state: {}\n", model::to_string(pair.state));
    out += "  policy:\n";
    out += fmt::format("    allowDestructive: {}\n", boolean(pair.policy.allow_destructive));
    out += fmt::format("    allowFailover: {}\n", boolean(pair.policy.allow_failover));
    out += fmt::format("    maxFailoverLagBytes: {}\n", pair.policy.max_failover_lag_bytes);
    return out;
}

}  // namespace hactl::config
