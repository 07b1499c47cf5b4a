// Host profile files: bytes -> text checks -> YAML -> schema + semantic rules -> contract::HostProfile.
#include "hactl/config/profile.hpp"
#include "hactl/config/sha256.hpp"
#include "build_model.hpp"
#include "read_file.hpp"
#include "schema_check.hpp"
#include "semantics.hpp"
#include "text_util.hpp"
#include "yaml_json.hpp"

namespace hactl::config {

namespace {

using nlohmann::json;
using detail::member;

/// Largest profile file accepted; checked before parsing.
constexpr std::size_t max_profile_bytes = 1024 * 1024;

void text(const json& object, const char* name, std::string& field) {
    const json& value = member(object, name);
    if (value.is_string()) field = value.get<std::string>();
}

contract::HostProfile build_profile(const json& root) {
    contract::HostProfile p;
    text(member(root, "metadata"), "name", p.name);
    const json& spec = member(root, "spec");
    text(spec, "releaseFile", p.release_file);
    text(spec, "releaseKey", p.release_key);
    text(spec, "clusterKeyFile", p.cluster_key_file);
    text(spec, "authorizedKeysFile", p.authorized_keys_file);
    const json& conf = member(spec, "confKeys");
    text(conf, "replicationMode", p.conf_keys.replication_mode);
    text(conf, "protectedInstance", p.conf_keys.protected_instance);
    text(conf, "overrideIp", p.conf_keys.override_ip);
    text(conf, "enableOverrideIp", p.conf_keys.enable_override_ip);
    text(conf, "clusterHosts", p.conf_keys.cluster_hosts);
    text(conf, "maxWalSenders", p.conf_keys.max_wal_senders);
    text(conf, "backupV2", p.conf_keys.backup_v2);
    const json& actions = member(spec, "actions");
    text(actions, "generateKeys", p.actions.generate_keys);
    text(actions, "enterMasterMode", p.actions.enter_master_mode);
    text(actions, "addSlaves", p.actions.add_slaves);
    text(actions, "deployConf", p.actions.deploy_conf);
    text(actions, "replicatePostgres", p.actions.replicate_postgres);
    text(actions, "kvstoreCopy", p.actions.kvstore_copy);
    text(actions, "startKafkaSync", p.actions.start_kafka_sync);
    text(actions, "replicateFiles", p.actions.replicate_files);
    text(actions, "failover", p.actions.failover);
    text(actions, "enterStandaloneMode", p.actions.enter_standalone_mode);
    const json& monitor = member(spec, "monitor");
    text(monitor, "mode", p.monitor.mode);
    text(monitor, "postgresLag", p.monitor.postgres_lag);
    text(monitor, "kvstoreLag", p.monitor.kvstore_lag);
    text(monitor, "eventBusSync", p.monitor.event_bus_sync);
    if (const json& words = member(spec, "helperPromptWords"); words.is_array()) {
        p.helper_prompt_words.clear();
        for (const auto& word : words) p.helper_prompt_words.push_back(word.get<std::string>());
    }
    if (const json& ports = member(spec, "haPorts"); ports.is_array()) {
        p.ha_ports.clear();
        for (const auto& port : ports) p.ha_ports.push_back(static_cast<int>(port.get<std::int64_t>()));
    }
    if (const json& fresh = member(spec, "freshMaxWalSenders"); fresh.is_number_integer()) {
        p.fresh_max_wal_senders = static_cast<int>(fresh.get<std::int64_t>());
    }
    return p;
}

ProfileLoadResult load_checked_text(std::string_view text, const std::string& label) {
    ProfileLoadResult result;
    if (auto problem = detail::check_text(text)) {
        problem->file = label;
        result.errors.push_back(*problem);
        return result;
    }
    YamlDocument doc = parse_yaml(text);
    for (auto& error : doc.errors) {
        error.file = label;
        result.errors.push_back(error);
    }
    if (!doc.parsed) return result;
    std::vector<Finding> semantic;
    for (auto& f : check_profile_semantics(doc.root)) {
        if (!doc.is_suppressed(f.pointer)) semantic.push_back(std::move(f));
    }
    for (const auto& finding : merge_findings(check_schema(profile_schema(), doc), semantic)) {
        result.errors.push_back(locate(doc, finding, label));
    }
    sort_diagnostics(result.errors);
    if (result.errors.empty()) result.profile = build_profile(doc.root);
    return result;
}

ProfileLoadResult failed(const std::string& label, const std::string& message) {
    ProfileLoadResult result;
    result.errors.push_back(Diagnostic{label, 0, 0, message});
    return result;
}

}  // namespace

ProfileLoadResult load_profile_text(std::string_view text, const std::string& label) {
    try {
        if (text.size() > max_profile_bytes) {
            return failed(label, "file is larger than 1024 KiB; a host profile is a few hundred bytes");
        }
        return load_checked_text(text, label);
    } catch (const std::exception& e) {
        return failed(label, std::string("cannot load: ") + e.what());
    }
}

ProfileLoadResult load_profile_file(const std::string& path) {
    try {
        auto file = detail::read_pair_file(path, max_profile_bytes);
        if (file.error) {
            ProfileLoadResult result;
            result.errors.push_back(*file.error);
            result.unreadable = true;
            return result;
        }
        return load_checked_text(*file.bytes, path);
    } catch (const std::exception& e) {
        auto result = failed(path, std::string("cannot load: ") + e.what());
        result.unreadable = true;
        return result;
    }
}

std::string profile_digest(const contract::HostProfile& profile) {
    return "sha256:" + sha256_hex(profile_yaml(profile));
}

std::string document_kind(const std::string& path) {
    try {
        auto file = detail::read_pair_file(path, max_profile_bytes);
        if (!file.bytes || detail::check_text(*file.bytes)) return "";
        const YamlDocument doc = parse_yaml(*file.bytes);
        if (!doc.parsed) return "";
        const json& kind = member(doc.root, "kind");
        return kind.is_string() ? kind.get<std::string>() : "";
    } catch (const std::exception&) {
        return "";
    }
}

}  // namespace hactl::config
