#include "build_model.hpp"

#include "hactl/model/defaults.hpp"

namespace hactl::config::detail {

const nlohmann::json& member(const nlohmann::json& object, const char* name) {
    using nlohmann::json;
    static const json absent;
    if (!object.is_object()) return absent;
    const auto it = object.find(name);
    return it == object.end() ? absent : *it;
}

namespace {

using nlohmann::json;
namespace defaults = model::defaults;

std::string text(const json& object, const char* name, std::string_view fallback) {
    const json& value = member(object, name);
    return value.is_string() ? value.get<std::string>() : std::string(fallback);
}

std::optional<std::string> optional_text(const json& object, const char* name) {
    const json& value = member(object, name);
    if (!value.is_string()) return std::nullopt;
    return value.get<std::string>();
}

bool flag(const json& object, const char* name, bool fallback) {
    const json& value = member(object, name);
    return value.is_boolean() ? value.get<bool>() : fallback;
}

int integer(const json& object, const char* name, int fallback) {
    const json& value = member(object, name);
    if (!value.is_number_integer()) return fallback;
    const auto n = value.get<std::int64_t>();
    return n >= INT32_MIN && n <= INT32_MAX ? static_cast<int>(n) : fallback;
}

model::HostSpec host(const json& node) {
    model::HostSpec spec;
    spec.address = text(node, "address", "");
    const json& ssh = member(node, "ssh");
    spec.ssh.user = text(ssh, "user", "");
    spec.ssh.port = integer(ssh, "port", defaults::ssh_port);
    spec.ssh.identity_file = optional_text(ssh, "identityFile");
    spec.ssh.known_hosts_file = optional_text(ssh, "knownHostsFile");
    spec.alation_shell = text(node, "alationShell", defaults::alation_shell);
    spec.privilege = optional_text(node, "privilege");
    return spec;
}

}  // namespace

model::PairSpec build_pair(const json& root) {
    model::PairSpec pair;
    pair.api_version = text(root, "apiVersion", defaults::api_version);
    pair.kind = text(root, "kind", defaults::kind);
    pair.name = text(member(root, "metadata"), "name", "");
    const json& spec = member(root, "spec");
    if (auto release = optional_text(spec, "release")) pair.release = model::Release::parse(*release);
    pair.primary = host(member(spec, "primary"));
    pair.secondary = host(member(spec, "secondary"));
    const json& replication = member(spec, "replication");
    pair.replication.max_wal_senders = integer(replication, "maxWalSenders", defaults::max_wal_senders);
    pair.replication.postgres = flag(replication, "postgres", defaults::replicate_postgres);
    pair.replication.kvstore = flag(replication, "kvstore", defaults::replicate_kvstore);
    pair.replication.event_bus = flag(replication, "eventBus", defaults::replicate_event_bus);
    pair.backup_v2 = flag(spec, "backupV2", defaults::backup_v2);
    const json& paths = member(spec, "paths");
    pair.paths.data = text(paths, "data", defaults::data_path);
    pair.paths.install = text(paths, "install", defaults::install_path);
    pair.paths.state = text(paths, "state", defaults::state_path);
    pair.monitor_url = text(spec, "monitorUrl", defaults::monitor_url);
    pair.host_profile_path = optional_text(spec, "hostProfile");
    const json& policy = member(spec, "policy");
    pair.policy.allow_destructive = flag(policy, "allowDestructive", defaults::allow_destructive);
    pair.policy.allow_failover = flag(policy, "allowFailover", defaults::allow_failover);
    const json& lag = member(policy, "maxFailoverLagBytes");
    if (lag.is_number_unsigned()) {
        pair.policy.max_failover_lag_bytes = lag.get<std::uint64_t>();
    } else if (lag.is_number_integer() && lag.get<std::int64_t>() >= 0) {
        pair.policy.max_failover_lag_bytes = static_cast<std::uint64_t>(lag.get<std::int64_t>());
    }
    pair.state = text(spec, "state", "paired") == "split" ? model::PairState::split : model::PairState::paired;
    return pair;
}

}  // namespace hactl::config::detail
