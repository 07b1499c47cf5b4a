#include "hactl/config/emit.hpp"
#include "hactl/config/profile.hpp"

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
    if (pair.host_profile_path) out += fmt::format("  hostProfile: {}\n", scalar(*pair.host_profile_path));
    out += "  policy:\n";
    out += fmt::format("    allowDestructive: {}\n", boolean(pair.policy.allow_destructive));
    return out;
}

namespace {

/// `key: value` preceded by `# comment`, indented by `indent` spaces.
void field(std::string& out, int indent, std::string_view comment, std::string_view key, const std::string& value) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    out += fmt::format("{}# {}\n{}{}: {}\n", pad, comment, pad, key, value);
}

std::string flow_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items) {
        if (out.size() > 1) out += ", ";
        out += nlohmann::json(item).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return out + "]";
}

std::string flow_list(const std::vector<int>& items) {
    std::string out = "[";
    for (const int item : items) out += fmt::format("{}{}", out.size() > 1 ? ", " : "", item);
    return out + "]";
}

}  // namespace

std::string profile_yaml(const contract::HostProfile& p) {
    std::string out;
    out += "# A host profile (schemas/hostprofile.schema.json): the details of your Alation hosts\n";
    out += "# that the host contract assumes. Every field is optional: delete the ones your hosts\n";
    out += "# share with the contract (the values below are the profile in force). Point a pair\n";
    out += "# file at it with spec.hostProfile: PATH (relative to the pair file).\n";
    out += "apiVersion: hactl/v1\n";
    out += "kind: HostProfile\n";
    if (p.name.empty()) {
        out += "# metadata: { name: site-2024 }   # a name for the profile (a DNS label)\n";
    } else {
        out += "metadata:\n";
        field(out, 2, "A name for the profile (a DNS label).", "name", scalar(p.name));
    }
    out += "spec:\n";
    field(out, 2, "The file holding the release line (KEY = \"YEAR.N.PATCH\"), read in the Alation shell.",
          "releaseFile", scalar(p.release_file));
    field(out, 2, "The name on the left of the release line.", "releaseKey", scalar(p.release_key));
    field(out, 2, "The cluster public key (absent before generateKeys).", "clusterKeyFile",
          scalar(p.cluster_key_file));
    field(out, 2, "The peer keys a host trusts (absent or empty before the key exchange).", "authorizedKeysFile",
          scalar(p.authorized_keys_file));
    out += "  # alation_conf key names.\n";
    out += "  confKeys:\n";
    const auto& k = p.conf_keys;
    field(out, 4, "Replication mode: standalone, master or slave.", "replicationMode", scalar(k.replication_mode));
    field(out, 4, "Whether the host is protected (True/False).", "protectedInstance", scalar(k.protected_instance));
    field(out, 4, "The host's own address (release 2020.4 and later).", "overrideIp", scalar(k.override_ip));
    field(out, 4, "Whether overrideIp is used (release 2020.4 and later).", "enableOverrideIp",
          scalar(k.enable_override_ip));
    field(out, 4, "The pair's addresses, comma-separated.", "clusterHosts", scalar(k.cluster_hosts));
    field(out, 4, "PostgreSQL's max_wal_senders.", "maxWalSenders", scalar(k.max_wal_senders));
    field(out, 4, "The Backup V2 feature flag.", "backupV2", scalar(k.backup_v2));
    out += "  # alation_action names.\n";
    out += "  actions:\n";
    const auto& a = p.actions;
    field(out, 4, "Generates the cluster key pair.", "generateKeys", scalar(a.generate_keys));
    field(out, 4, "Makes the primary a master.", "enterMasterMode", scalar(a.enter_master_mode));
    field(out, 4, "Adds the secondary as a slave.", "addSlaves", scalar(a.add_slaves));
    field(out, 4, "Deploys the configuration.", "deployConf", scalar(a.deploy_conf));
    field(out, 4, "Replicates PostgreSQL (wipes the secondary's).", "replicatePostgres",
          scalar(a.replicate_postgres));
    field(out, 4, "Copies the KV store (wipes the secondary's).", "kvstoreCopy", scalar(a.kvstore_copy));
    field(out, 4, "Starts event-bus (Kafka) sync (release 2021.4 and later).", "startKafkaSync",
          scalar(a.start_kafka_sync));
    field(out, 4, "Replicates the file store.", "replicateFiles", scalar(a.replicate_files));
    field(out, 4, "Makes a slave the master.", "failover", scalar(a.failover));
    field(out, 4, "Makes a host standalone.", "enterStandaloneMode", scalar(a.enter_standalone_mode));
    out += "  # Where the replication monitor's JSON body holds each value: JSON pointers (RFC 6901).\n";
    out += "  monitor:\n";
    const auto& m = p.monitor;
    field(out, 4, "The replication mode.", "mode", scalar(m.mode));
    field(out, 4, "PostgreSQL's lag in bytes (a number or \"unknown\").", "postgresLag", scalar(m.postgres_lag));
    field(out, 4, "The KV store's lag in bytes (a number or \"unknown\").", "kvstoreLag", scalar(m.kvstore_lag));
    field(out, 4, "Event-bus sync state, \"running\" when it runs (release 2021.4 and later).", "eventBusSync",
          scalar(m.event_bus_sync));
    field(out, 2, "Words in replication_helper's prompts: for the peer's public key, for its IP address.",
          "helperPromptWords",
          flow_list(p.helper_prompt_words));
    field(out, 2, "The HA ports replication_port_check tries.", "haPorts", flow_list(p.ha_ports));
    field(out, 2, "max_wal_senders as installed (also what addSlaves resets it to on the secondary).",
          "freshMaxWalSenders", std::to_string(p.fresh_max_wal_senders));
    return out;
}

}  // namespace hactl::config
