#include "hactl/output/facts_json.hpp"

#include <fmt/core.h>

#include "hactl/output/printable.hpp"
#include "json_values.hpp"

namespace hactl::output {

using nlohmann::json;

namespace {

template <typename T>
json opt(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

json lag_json(const facts::Lag& lag) {
    switch (lag.kind) {
        case facts::Lag::Kind::absent: return nullptr;
        case facts::Lag::Kind::unknown: return "unknown";
        case facts::Lag::Kind::numeric: return lag.bytes;
    }
    return nullptr;
}

std::string text_of(const json& value) {
    if (value.is_null()) return "(unknown)";
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        return s.empty() ? "(empty)" : s;
    }
    return json_text(value);
}

}  // namespace

json host_facts_to_json(const facts::HostFacts& h) {
    json j{{"role", model::to_string(h.role)}, {"address", h.address}, {"reachable", h.reachable()}};
    if (!h.reachable()) {
        j["error"] = transport::to_string(h.connection_error);
        j["message"] = h.connection_message;
        return j;
    }
    j["release"] = opt(h.release_raw);
    j["mode"] = h.mode ? json(facts::to_string(*h.mode)) : json(nullptr);
    j["protectedInstance"] = opt(h.protected_instance);
    j["overrideIp"] = opt(h.override_ip);
    j["overrideIpEnabled"] = opt(h.override_ip_enabled);
    j["clusterHosts"] = opt(h.cluster_hosts);
    j["maxWalSenders"] = opt(h.max_wal_senders);
    j["backupV2"] = opt(h.backup_v2);
    // The public key is not secret, but only its presence matters to an operator.
    j["publicKey"] = h.public_key ? json(h.public_key->empty() ? "absent" : "present") : json(nullptr);
    j["trustedKeys"] = h.authorized_keys ? json(h.authorized_keys->size()) : json(nullptr);
    j["dataBytes"] = opt(h.data_bytes);
    j["installBytes"] = opt(h.install_bytes);
    if (h.monitor) {
        const auto& m = *h.monitor;
        j["monitor"] = {{"mode", m.mode ? json(facts::to_string(*m.mode)) : json(nullptr)},
                        {"postgresLag", lag_json(m.postgres)},
                        {"kvstoreLag", lag_json(m.kvstore)},
                        {"eventbusSync", opt(m.eventbus_sync)}};
    }
    j["receipts"] = h.receipts;
    json jobs = json::object();
    for (const auto& [step, job] : h.jobs) {
        jobs[step] = {{"state", facts::to_string(job.state)},
                      {"exitCode", job.exit_code},
                      {"startedAt", job.started_at},
                      {"lastLine", job.last_line},
                      {"elapsedSeconds", opt(job.elapsed_seconds)}};
    }
    j["jobs"] = jobs;
    if (h.lock) {
        j["lock"] = {{"owner", h.lock->owner},
                     {"pid", h.lock->pid},
                     {"startedAt", h.lock->started_at},
                     {"expiresAt", h.lock->expires_at}};
    }
    j["unknown"] = h.unknown;
    return j;
}

json pair_facts_to_json(const facts::PairFacts& pair) {
    return {{"format", facts_format},
            {"primary", host_facts_to_json(pair.primary)},
            {"secondary", host_facts_to_json(pair.secondary)}};
}

std::string facts_json(const facts::PairFacts& pair) { return json_text(pair_facts_to_json(pair), 2); }

std::string render_facts(const facts::PairFacts& pair, const Style& style) {
    std::string out;
    for (const auto* host : {&pair.primary, &pair.secondary}) {
        out += style.bold(fmt::format("{} {}", model::to_string(host->role), printable_line(host->address))) + "\n";
        json j = host_facts_to_json(*host);
        for (const auto& [key, value] : j.items()) {
            if (key == "role" || key == "address" || key == "unknown") continue;
            out += fmt::format("  {} {}\n", pad(key, 18), printable(text_of(value)));
        }
        for (const auto& [key, why] : host->unknown) {
            out += fmt::format("  {} {}\n", pad(printable_line("unknown " + key), 18), style.yellow(printable(why)));
        }
        out += '\n';
    }
    return out;
}

}  // namespace hactl::output
