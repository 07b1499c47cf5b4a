// check_semantics: the rules of rules.cpp applied to each field of a parsed pair file.
#include <functional>

#include <fmt/core.h>

#include "describe.hpp"
#include "hactl/config/rules.hpp"
#include "semantics.hpp"

namespace hactl::config {

namespace {

using nlohmann::json;
using Check = std::function<std::optional<std::string>(std::string_view)>;

/// The value at `pointer`, or nullptr when absent (or a parent is not a mapping).
const json* at(const json& root, const std::string& pointer) {
    const json* node = &root;
    for (const auto& segment : detail::pointer_segments(pointer)) {
        if (node->is_array()) {
            if (segment.empty() || segment.size() > 9 || segment.find_first_not_of("0123456789") != std::string::npos) {
                return nullptr;
            }
            const std::size_t index = std::stoul(segment);
            if (index >= node->size()) return nullptr;
            node = &(*node)[index];
            continue;
        }
        if (!node->is_object()) return nullptr;
        const auto it = node->find(segment);
        if (it == node->end()) return nullptr;
        node = &*it;
    }
    return node;
}

class Checker {
public:
    Checker(const json& root, std::vector<Finding>& out) : m_root(root), m_out(out) {}

    /// Applies `check` to the string at `pointer`, when there is one.
    void string(const std::string& pointer, const Check& check) {
        const json* value = at(m_root, pointer);
        if (!value || !value->is_string()) return;
        if (auto problem = check(value->get_ref<const std::string&>())) add(pointer, *problem);
    }

    void integer(const std::string& pointer, const std::function<std::optional<std::string>(std::int64_t)>& check) {
        const json* value = at(m_root, pointer);
        if (!value || !value->is_number_integer()) return;
        if (auto problem = check(value->get<std::int64_t>())) add(pointer, *problem);
    }

    void add(const std::string& pointer, const std::string& problem) {
        m_out.push_back({pointer, detail::field_name(pointer) + ": " + problem});
    }

    const json* get(const std::string& pointer) const { return at(m_root, pointer); }

private:
    const json& m_root;
    std::vector<Finding>& m_out;
};

}  // namespace

std::vector<Finding> check_semantics(const json& root) {
    std::vector<Finding> findings;
    Checker c(root, findings);
    c.string("/metadata/name", check_pair_name);
    c.string("/spec/release", check_release);
    for (const std::string host : {"/spec/primary", "/spec/secondary"}) {
        c.string(host + "/address", check_unicast);
        c.string(host + "/ssh/user", check_ssh_user);
        c.integer(host + "/ssh/port", check_port);
        c.string(host + "/ssh/identityFile", check_local_path);
        c.string(host + "/ssh/knownHostsFile", check_local_path);
        c.string(host + "/alationShell", check_shell_prefix);
        c.string(host + "/privilege", check_privilege_prefix);
    }
    c.integer("/spec/replication/maxWalSenders", check_max_wal_senders);
    for (const std::string path : {"data", "install", "state"}) c.string("/spec/paths/" + path, check_remote_path);
    c.string("/spec/monitorUrl", check_monitor_url);

    const json* primary = c.get("/spec/primary/address");
    const json* secondary = c.get("/spec/secondary/address");
    if (primary && secondary && primary->is_string() && *primary == *secondary &&
        !check_ipv4(primary->get_ref<const std::string&>())) {
        c.add("/spec/secondary/address",
              fmt::format("expected an address other than the primary's, found the same ({}): "
                          "the two hosts of a pair must differ",
                          primary->get<std::string>()));
    }
    return findings;
}

std::vector<Finding> check_profile_semantics(const json& root) {
    std::vector<Finding> findings;
    Checker c(root, findings);
    c.string("/metadata/name", check_pair_name);
    for (const char* file : {"releaseFile", "clusterKeyFile", "authorizedKeysFile"}) {
        c.string(std::string("/spec/") + file, check_remote_file);
    }
    c.string("/spec/releaseKey", check_identifier);
    for (const char* key : {"replicationMode", "protectedInstance", "overrideIp", "enableOverrideIp", "clusterHosts",
                            "maxWalSenders", "backupV2"}) {
        c.string(std::string("/spec/confKeys/") + key, check_host_name_word);
    }
    for (const char* action : {"generateKeys", "enterMasterMode", "addSlaves", "deployConf", "replicatePostgres",
                               "kvstoreCopy", "startKafkaSync", "replicateFiles", "failover", "enterStandaloneMode"}) {
        c.string(std::string("/spec/actions/") + action, check_host_name_word);
    }
    for (const char* pointer : {"mode", "postgresLag", "kvstoreLag", "eventBusSync"}) {
        c.string(std::string("/spec/monitor/") + pointer, check_json_pointer);
    }
    if (const json* words = c.get("/spec/helperPromptWords"); words && words->is_array()) {
        for (std::size_t i = 0; i < words->size(); ++i) {
            c.string("/spec/helperPromptWords/" + std::to_string(i), check_prompt_word);
        }
    }
    if (const json* ports = c.get("/spec/haPorts"); ports && ports->is_array()) {
        for (std::size_t i = 0; i < ports->size(); ++i) c.integer("/spec/haPorts/" + std::to_string(i), check_port);
    }
    c.integer("/spec/freshMaxWalSenders", [](std::int64_t value) -> std::optional<std::string> {
        if (value >= 1 && value <= 100) return std::nullopt;
        return fmt::format("expected an integer from 1 to 100, found {}", value);
    });
    return findings;
}

}  // namespace hactl::config
