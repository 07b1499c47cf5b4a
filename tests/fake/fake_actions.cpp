// FakeHost: alation_conf, alation_action, replication_port_check and the
// monitor, with the contract's preconditions and effects.
#include <algorithm>
#include <charconv>

#include "fake_host.hpp"
#include <nlohmann/json.hpp>

#include "hactl/contract/host_contract.hpp"

namespace hactl::fake {

namespace {

bool is_ipv4(const std::string& s) {
    int parts = 0;
    std::size_t i = 0;
    while (i <= s.size()) {
        auto end = s.find('.', i);
        if (end == std::string::npos) end = s.size();
        const auto part = s.substr(i, end - i);
        if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
        int v = 0;
        auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        if (ec != std::errc{} || ptr != part.data() + part.size() || v > 255) return false;
        ++parts;
        i = end + 1;
        if (end == s.size()) break;
    }
    return parts == 4;
}

bool is_bool(const std::string& v) {
    std::string l;
    for (char c : v) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l == "true" || l == "false";
}

std::string canonical_bool(const std::string& v) { return (v[0] == 't' || v[0] == 'T') ? "True" : "False"; }

std::vector<std::string> split_list(const std::string& v) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= v.size()) {
        auto end = v.find(',', i);
        if (end == std::string::npos) end = v.size();
        if (end > i) out.push_back(v.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

std::string key_type_blob(const std::string& line) {
    const auto a = line.find(' ');
    if (a == std::string::npos) return line;
    const auto b = line.find(' ', a + 1);
    return line.substr(0, b);
}
}  // namespace

std::string FakeHost::conf(const std::string& k) const {
    const auto it = m_state.conf.find(k);
    return it == m_state.conf.end() ? std::string() : it->second;
}

std::string FakeHost::mode() const { return conf(m_profile.conf_keys.replication_mode); }

std::string FakeHost::public_key() const {
    const auto it = m_state.alation_files.find(m_profile.cluster_key_file);
    if (it == m_state.alation_files.end()) return {};
    std::string k = it->second;
    while (!k.empty() && (k.back() == '\n' || k.back() == ' ')) k.pop_back();
    return k;
}

std::vector<std::string> FakeHost::authorized_keys() const {
    const auto it = m_state.alation_files.find(m_profile.authorized_keys_file);
    std::vector<std::string> out;
    if (it == m_state.alation_files.end()) return out;
    std::size_t i = 0;
    const auto& text = it->second;
    while (i < text.size()) {
        auto end = text.find('\n', i);
        if (end == std::string::npos) end = text.size();
        if (end > i) out.push_back(text.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

bool FakeHost::trusts(const std::string& k) const {
    if (k.empty()) return false;
    const auto want = key_type_blob(k);
    for (const auto& line : authorized_keys()) {
        if (key_type_blob(line) == want) return true;
    }
    return false;
}

void FakeHost::add_authorized_key(const std::string& k) {
    if (trusts(k)) return;
    m_state.alation_files[m_profile.authorized_keys_file] += k + "\n";
}

void FakeHost::generate_keys() {
    ++m_state.key_generations;
    static constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::uint64_t seed = std::hash<std::string>{}(m_address) ^ (0x9E3779B97F4A7C15ULL * m_state.key_generations);
    std::string blob = "AAAAC3NzaC1lZDI1NTE5AAAAI";
    for (int i = 0; i < 43; ++i) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        blob += b64[(seed >> 33) % 64];
    }
    m_state.alation_files[m_profile.cluster_key_file] =
        "ssh-ed25519 " + blob + " alation-cluster@" + m_address + "\n";
}

bool FakeHost::write_data() {
    if (mode() == "slave") return false;
    ++m_state.data_generation;
    if (mode() == "master" && m_peer && m_peer->mode() == "slave" && m_peer->m_state.postgres_standby) {
        m_peer->m_state.data_generation = m_state.data_generation;
    }
    return true;
}

std::string FakeHost::monitor_body() const {
    // The values sit where this host's monitor puts them (its JSON pointers).
    using nlohmann::json;
    const auto& at = m_profile.monitor;
    const std::string m = mode();
    json body = json::object();
    body[json::json_pointer(at.mode)] = m;
    if (m != "master") {
        body["served_by"] = m_address;
        return body.dump();
    }
    body["checked_at"] = "2026-11-26T10:00:00Z";
    const bool slave = m_peer && m_peer->mode() == "slave";
    auto lag = [](bool numeric, std::uint64_t bytes) { return numeric ? json(bytes) : json("unknown"); };
    const std::uint64_t pg_lag = slave ? m_peer->state().postgres_lag_bytes : 0;
    const std::uint64_t kv_lag = slave ? m_peer->state().kvstore_lag_bytes : 0;
    body[json::json_pointer(at.postgres_lag)] = lag(slave && m_peer->state().postgres_standby, pg_lag);
    body[json::json_pointer(at.kvstore_lag)] = lag(slave && m_peer->state().kvstore_synced, kv_lag);
    const auto r = release();
    if (r && *r >= contract::event_bus_since) {
        body[json::json_pointer(at.event_bus_sync)] = slave && m_peer->state().kafka_sync ? "running" : "stopped";
    }
    return body.dump();
}

FakeHost::Output FakeHost::conf_command(const std::vector<std::string>& words) {
    Output out;
    if (words.size() == 2) {
        const auto it = m_state.conf.find(words[1]);
        if (it == m_state.conf.end()) {
            out.status = 1;
            out.err = "alation_conf: unknown key " + words[1] + "\n";
            return out;
        }
        out.out = m_odd_output ? "\n" + it->first + "  =  " + it->second + "   \n\n" : it->first + " = " + it->second + "\n";
        return out;
    }
    if (words.size() < 4 || (words.size() - 1) % 3 != 0) {
        out.status = 1;
        out.err = "usage: alation_conf KEY [-s VALUE] ...\n";
        return out;
    }
    std::vector<std::pair<std::string, std::string>> writes;
    for (std::size_t i = 1; i + 2 < words.size(); i += 3) {
        const auto& k = words[i];
        if (words[i + 1] != contract::conf_set_flag) {
            out.status = 1;
            out.err = "usage: alation_conf KEY -s VALUE\n";
            return out;
        }
        std::string v = words[i + 2];
        const auto& key = m_profile.conf_keys;
        bool ok = m_state.conf.count(k) > 0;
        if (ok && (k == key.protected_instance || k == key.enable_override_ip || k == key.backup_v2)) {
            ok = is_bool(v);
            if (ok) v = canonical_bool(v);
        } else if (ok && k == key.max_wal_senders) {
            int n = 0;
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            ok = !v.empty() && ec == std::errc{} && ptr == v.data() + v.size() && n > 0;
        } else if (ok && k == key.override_ip) {
            ok = v.empty() || is_ipv4(v);
        } else if (ok && k == key.replication_mode) {
            ok = v == "standalone" || v == "master" || v == "slave";
        } else if (ok && k == key.cluster_hosts) {
            for (const auto& h : split_list(v)) ok = ok && is_ipv4(h);
        }
        if (!ok) {
            out.status = 1;
            out.err = "alation_conf: " + k + " does not accept '" + words[i + 2] + "'\n";
            return out;
        }
        writes.emplace_back(k, v);
    }
    for (auto& [k, v] : writes) m_state.conf[k] = v;
    return out;
}

FakeHost::Output FakeHost::action(const std::string& name) {
    Output out;
    auto fail = [&](std::string message) {
        out.status = 1;
        out.err = name + ": " + message + "\n";
        return out;
    };
    const auto r = release().value_or(model::Release{});
    const auto& a = m_profile.actions;
    const auto& key = m_profile.conf_keys;
    if (name == a.generate_keys) {
        generate_keys();
        out.out = "Generating cluster keys... done\n";
    } else if (name == a.enter_master_mode) {
        if (public_key().empty()) return fail("no cluster keys; run cluster_generate_keys first");
        if (mode() == "slave") return fail("this host is a slave");
        if (mode() != "master") {
            m_state.conf[key.replication_mode] = "master";
            ++m_state.service_restarts;
        }
        out.out = "Entering master mode... done\n";
    } else if (name == a.add_slaves) {
        if (mode() != "master") return fail("this host is not in master mode");
        std::vector<std::string> others;
        for (const auto& h : split_list(conf(key.cluster_hosts))) {
            if (h != m_address) others.push_back(h);
        }
        if (others.size() != 1) return fail("alation.cluster.hosts must name exactly one other host");
        FakeHost* peer = m_peer;
        if (!peer || peer->address() != others[0] || peer->m_connection_error != transport::TransportError::none) {
            return fail("cannot reach " + others[0]);
        }
        if (!peer->trusts(public_key()) || !trusts(peer->public_key())) return fail("keys are not exchanged");
        if (peer->conf(key.protected_instance) != "False") return fail("the peer is protected");
        if (peer->mode() == "master") {
            return fail("the peer is in master mode; run cluster_enter_standalone_mode on it first");
        }
        if (r >= contract::override_ip_since) {
            for (const FakeHost* h : {static_cast<const FakeHost*>(this), static_cast<const FakeHost*>(peer)}) {
                if (h->conf(key.enable_override_ip) != "True" ||
                    h->conf(key.override_ip) != h->address()) {
                    return fail("override_ip is not set and enabled on " + h->address());
                }
            }
        }
        auto& ps = peer->m_state;
        ps.conf[key.replication_mode] = "slave";
        if (ps.data_generation > m_state.data_generation) ++ps.newest_data_wipes;
        ps.data_generation = 0;
        ++ps.instance_wipes;
        ++ps.postgres_wipes;
        ++ps.kvstore_wipes;
        ps.postgres_standby = false;
        ps.kvstore_synced = false;
        ps.kafka_sync = false;
        ps.conf[key.max_wal_senders] = std::to_string(m_profile.fresh_max_wal_senders);
        ps.deployed_max_wal_senders = m_profile.fresh_max_wal_senders;
        if (r < contract::backup_v2_default_since) {
            m_state.conf[key.backup_v2] = "False";
            ps.conf[key.backup_v2] = "False";
        }
        ++m_state.service_restarts;
        ++ps.service_restarts;
        out.out = "Adding " + peer->address() + " as a slave... done\n";
    } else if (name == a.deploy_conf) {
        int n = 0;
        const auto v = conf(key.max_wal_senders);
        std::from_chars(v.data(), v.data() + v.size(), n);
        m_state.deployed_max_wal_senders = n;
        ++m_state.service_restarts;
        out.out = "Deploying configuration... done\n";
    } else if (name == a.replicate_postgres) {
        if (mode() != "slave") return fail("this host is not a slave");
        if (r >= contract::max_wal_senders_since && m_state.deployed_max_wal_senders != 4) {
            return fail("max_wal_senders must be 4 (deployed " + std::to_string(m_state.deployed_max_wal_senders) + ")");
        }
        const std::uint64_t source = m_peer ? m_peer->m_state.data_generation : 0;
        if (m_state.data_generation > source) ++m_state.newest_data_wipes;
        ++m_state.postgres_wipes;
        m_state.data_generation = source;
        m_state.postgres_standby = true;
        out.out = "Copying PostgreSQL data: 50%\nCopying PostgreSQL data: 100%\nStreaming.\n";
    } else if (name == a.kvstore_copy) {
        if (mode() != "slave") return fail("this host is not a slave");
        ++m_state.kvstore_wipes;
        m_state.kvstore_synced = true;
        out.out = "Copying KV store: 100%\n";
    } else if (name == a.start_kafka_sync) {
        if (mode() != "slave") return fail("this host is not a slave");
        if (r < contract::event_bus_since) return fail("needs release 2021.4 or later");
        m_state.kafka_sync = true;
        out.out = "Kafka sync started\n";
    } else if (name == a.replicate_files) {
        if (mode() != "slave") return fail("this host is not a slave");
        out.out = "rsync done\n";
    } else if (name == a.failover) {
        // Section 9: on a slave only; it keeps its data and serves it as its
        // own. The old master is not told (its mode stays master; its monitor
        // shows unknown lags from now on).
        if (mode() != "slave") return fail("this host is not a slave");
        m_state.conf[key.replication_mode] = "standalone";
        m_state.postgres_standby = false;
        m_state.kvstore_synced = false;
        m_state.kafka_sync = false;
        ++m_state.failovers;
        ++m_state.service_restarts;
        out.out = "Failing over: this host is now standalone and serves its own data... done\n";
    } else if (name == a.enter_standalone_mode) {
        const std::string was = mode();
        if (was == "standalone") {
            out.out = "Already in standalone mode\n";
            return out;
        }
        m_state.conf[key.replication_mode] = "standalone";
        if (was == "master") {
            // Stops serving replication: a slave keeps its mode, its stream ends.
            if (m_peer && m_peer->mode() == "slave") {
                m_peer->m_state.postgres_standby = false;
                m_peer->m_state.kvstore_synced = false;
                m_peer->m_state.kafka_sync = false;
            }
        } else {
            // A slave stops replicating and keeps its data.
            m_state.postgres_standby = false;
            m_state.kvstore_synced = false;
            m_state.kafka_sync = false;
        }
        ++m_state.standalone_entries;
        ++m_state.service_restarts;
        out.out = "Entering standalone mode... done\n";
    } else {
        return fail("unknown action");
    }
    return out;
}

FakeHost::Output FakeHost::port_check() {
    Output out;
    std::vector<std::string> others;
    for (const auto& h : split_list(conf(m_profile.conf_keys.cluster_hosts))) {
        if (h != m_address) others.push_back(h);
    }
    if (others.empty()) {
        out.status = 2;
        out.err = "replication_port_check: alation.cluster.hosts names no other host\n";
        return out;
    }
    for (const auto& h : others) {
        const bool up = m_peer && m_peer->address() == h && m_peer->m_connection_error == transport::TransportError::none;
        for (int port : m_profile.ha_ports) {
            out.out += h + ":" + std::to_string(port) + " " + std::string(up ? contract::port_open : contract::port_closed) + "\n";
            if (!up) out.status = 1;
        }
    }
    return out;
}

}  // namespace hactl::fake
