// The satisfied-when predicates of the catalogue's rows.
#include <algorithm>

#include "hactl/facts/fact_keys.hpp"
#include "hactl/facts/parse.hpp"
#include "hactl/plan/catalogue.hpp"

namespace hactl::plan {

namespace {

using facts::HostFacts;
using facts::Lag;
using model::Role;
using Kind = Decision::Kind;

std::string fact_name(Role role, std::string_view key) {
    return std::string(model::to_string(role)) + "." + std::string(key);
}

/// Collects the facts a guard reads and builds its decision.
class Reader {
public:
    explicit Reader(const GuardInput& in) : m_in(in) {}

    const HostFacts& host(Role role) const { return m_in.observed.host(role); }
    const model::PairSpec& desired() const { return m_in.desired; }

    void note(Role role, std::string_view key, std::string value) {
        m_facts.push_back({fact_name(role, key), std::move(value)});
    }

    /// Unknown decision: `key` of `role` could not be read.
    Decision unknown(Role role, std::string_view key) {
        const auto& unknown = host(role).unknown;
        auto it = unknown.find(std::string(key));
        std::string why = it == unknown.end() ? std::string("not probed") : it->second;
        note(role, key, "unknown");
        return {Kind::unknown, fact_name(role, key) + " unknown (" + why + ")", std::move(m_facts)};
    }
    Decision satisfied(std::string reason) { return {Kind::satisfied, std::move(reason), std::move(m_facts)}; }
    Decision unsatisfied(std::string reason) { return {Kind::unsatisfied, std::move(reason), std::move(m_facts)}; }

private:
    const GuardInput& m_in;
    std::vector<FactValue> m_facts;
};

const char* word(bool b) { return b ? "True" : "False"; }

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

std::string lag_text(const Lag& lag) {
    switch (lag.kind) {
        case Lag::Kind::absent: return "absent";
        case Lag::Kind::unknown: return "unknown";
        case Lag::Kind::numeric: return std::to_string(lag.bytes);
    }
    return "?";
}

/// The part of a reason about hactl's own job for `step` on the secondary.
std::string job_note(const HostFacts& secondary, std::string_view step) {
    const auto it = secondary.jobs.find(std::string(step));
    if (it == secondary.jobs.end()) return {};
    const auto& job = it->second;
    switch (job.state) {
        case facts::JobRecord::State::running:
            return "; hactl's job is still running" + (job.started_at.empty() ? "" : " since " + job.started_at) +
                   " (apply reattaches, it does not restart it)";
        case facts::JobRecord::State::failed:
            return "; hactl's last run failed (exit " + std::to_string(job.exit_code) + ")";
        case facts::JobRecord::State::lost: return "; hactl's last run was lost (no exit status, its process is gone)";
        case facts::JobRecord::State::succeeded: return "; hactl's last run succeeded, replication broke since";
    }
    return {};
}

/// A guard on one monitor lag of the primary.
Decision lag_guard(const GuardInput& in, Lag facts::MonitorFacts::*member, std::string_view service,
                   std::string_view fact_key, std::string_view step) {
    Reader r(in);
    const auto& primary = r.host(Role::primary);
    if (!primary.monitor) return r.unknown(Role::primary, facts::key::monitor);
    const Lag& lag = (*primary.monitor).*member;
    r.note(Role::primary, fact_key, lag_text(lag));
    const std::string name(service);
    if (lag.numeric()) return r.satisfied("monitor shows " + name + " lag " + std::to_string(lag.bytes) + " bytes");
    const auto note = job_note(r.host(Role::secondary), step);
    if (lag.kind == Lag::Kind::unknown) {
        return r.unsatisfied("monitor says " + name +
                             " lag unknown: replication is broken or was never built; rebuilding wipes the "
                             "secondary's " + name + " data" + note);
    }
    const auto mode = primary.monitor->mode ? std::string(facts::to_string(*primary.monitor->mode)) : "not given";
    return r.unsatisfied("monitor reports no " + name + " replication (monitor mode " + mode + ")" + note);
}

}  // namespace

Decision guard_generate_keys(const GuardInput& in) {
    Reader r(in);
    const auto& h = r.host(in.host);
    if (!h.public_key) return r.unknown(in.host, facts::key::public_key);
    r.note(in.host, facts::key::public_key, h.public_key->empty() ? "absent" : "present");
    if (h.public_key->empty()) return r.unsatisfied("no cluster key (id_cluster.pub absent)");
    return r.satisfied("cluster key present");
}

Decision guard_exchange_keys(const GuardInput& in) {
    Reader r(in);
    const auto& p = r.host(Role::primary);
    const auto& s = r.host(Role::secondary);
    for (Role role : {Role::primary, Role::secondary}) {
        const auto& h = r.host(role);
        if (!h.public_key) return r.unknown(role, facts::key::public_key);
        if (h.public_key->empty()) {
            r.note(role, facts::key::public_key, "absent");
            return r.unsatisfied(std::string(model::to_string(role)) + " has no cluster key yet");
        }
    }
    for (Role role : {Role::primary, Role::secondary}) {
        const auto& h = r.host(role);
        if (!h.authorized_keys) return r.unknown(role, facts::key::authorized_keys);
        if (!h.cluster_hosts) return r.unknown(role, facts::key::cluster_hosts);
    }
    std::vector<std::string> missing;
    const bool p_trusts = facts::trusts(*p.authorized_keys, *s.public_key);
    const bool s_trusts = facts::trusts(*s.authorized_keys, *p.public_key);
    r.note(Role::primary, facts::key::authorized_keys, p_trusts ? "trusts secondary" : "does not trust secondary");
    r.note(Role::secondary, facts::key::authorized_keys, s_trusts ? "trusts primary" : "does not trust primary");
    if (!p_trusts) missing.push_back("the primary does not trust the secondary's key");
    if (!s_trusts) missing.push_back("the secondary does not trust the primary's key");
    const std::vector<std::string> want = {in.desired.primary.address, in.desired.secondary.address};
    for (Role role : {Role::primary, Role::secondary}) {
        const auto& hosts = *r.host(role).cluster_hosts;
        r.note(role, facts::key::cluster_hosts, join(hosts));
        const bool both = std::all_of(want.begin(), want.end(), [&](const std::string& a) {
            return std::find(hosts.begin(), hosts.end(), a) != hosts.end();
        });
        if (!both) {
            missing.push_back(std::string(model::to_string(role)) + " cluster hosts are '" + join(hosts) +
                              "', want " + join(want));
        }
    }
    if (!missing.empty()) {
        std::string reason;
        for (const auto& m : missing) reason += (reason.empty() ? "" : "; ") + m;
        return r.unsatisfied(reason);
    }
    return r.satisfied("keys exchanged, both hosts list " + join(want));
}

Decision guard_enter_master_mode(const GuardInput& in) {
    Reader r(in);
    const auto& p = r.host(Role::primary);
    if (!p.mode) return r.unknown(Role::primary, facts::key::mode);
    r.note(Role::primary, facts::key::mode, facts::to_string(*p.mode));
    if (*p.mode == facts::Mode::master) return r.satisfied("mode is master");
    return r.unsatisfied(std::string("mode is ") + facts::to_string(*p.mode) + ", want master");
}

Decision guard_unprotect_secondary(const GuardInput& in) {
    Reader r(in);
    const auto& s = r.host(Role::secondary);
    if (!s.protected_instance) return r.unknown(Role::secondary, facts::key::protected_instance);
    r.note(Role::secondary, facts::key::protected_instance, word(*s.protected_instance));
    if (!*s.protected_instance) return r.satisfied("protected_instance is False");
    return r.unsatisfied("protected_instance is True, want False");
}

Decision guard_override_ip(const GuardInput& in) {
    Reader r(in);
    const auto& h = r.host(in.host);
    const auto& want = in.desired.host(in.host).address;
    if (!h.override_ip) return r.unknown(in.host, facts::key::override_ip);
    if (!h.override_ip_enabled) return r.unknown(in.host, facts::key::override_ip_enabled);
    r.note(in.host, facts::key::override_ip, *h.override_ip);
    r.note(in.host, facts::key::override_ip_enabled, word(*h.override_ip_enabled));
    std::string reason;
    if (*h.override_ip != want) reason = "override_ip is '" + *h.override_ip + "', want " + want;
    if (!*h.override_ip_enabled) reason += (reason.empty() ? "" : "; ") + std::string("enable_override_ip is False, want True");
    if (!reason.empty()) return r.unsatisfied(reason);
    return r.satisfied("override_ip is " + want + " and enabled");
}

Decision guard_add_secondary(const GuardInput& in) {
    Reader r(in);
    const auto& s = r.host(Role::secondary);
    if (!s.mode) return r.unknown(Role::secondary, facts::key::mode);
    r.note(Role::secondary, facts::key::mode, facts::to_string(*s.mode));
    if (*s.mode == facts::Mode::slave) return r.satisfied("secondary mode is slave");
    return r.unsatisfied(std::string("secondary mode is ") + facts::to_string(*s.mode) +
                         ", want slave (cluster_add_slaves wipes the secondary's instance data)");
}

Decision guard_max_wal_senders(const GuardInput& in) {
    Reader r(in);
    const auto& s = r.host(Role::secondary);
    const int want = in.desired.replication.max_wal_senders;
    if (!s.max_wal_senders) return r.unknown(Role::secondary, facts::key::max_wal_senders);
    r.note(Role::secondary, facts::key::max_wal_senders, std::to_string(*s.max_wal_senders));
    if (*s.max_wal_senders != want) {
        return r.unsatisfied("max_wal_senders is " + std::to_string(*s.max_wal_senders) + ", want " +
                             std::to_string(want));
    }
    const std::string step_id(step::max_wal_senders);
    const bool receipt = std::find(s.receipts.begin(), s.receipts.end(), step_id) != s.receipts.end();
    r.note(Role::secondary, facts::key::receipts, receipt ? "max-wal-senders" : "none");
    if (receipt) return r.satisfied("max_wal_senders is " + std::to_string(want) + ", deployed (hactl's receipt)");
    const auto& p = r.host(Role::primary);
    if (!p.monitor) return r.unknown(Role::primary, facts::key::monitor);
    r.note(Role::primary, "monitor.postgres.lag", lag_text(p.monitor->postgres));
    if (p.monitor->postgres.numeric()) {
        return r.satisfied("max_wal_senders is " + std::to_string(want) + ", deployed (PostgreSQL streams)");
    }
    return r.unsatisfied("max_wal_senders is configured " + std::to_string(want) +
                         " but not known to be deployed (no receipt of deploy_conf_all, PostgreSQL not streaming)");
}

Decision guard_replicate_postgres(const GuardInput& in) {
    return lag_guard(in, &facts::MonitorFacts::postgres, "PostgreSQL", "monitor.postgres.lag", step::replicate_postgres);
}

Decision guard_copy_kvstore(const GuardInput& in) {
    return lag_guard(in, &facts::MonitorFacts::kvstore, "KV store", "monitor.kvstore.lag", step::copy_kvstore);
}

Decision guard_start_kafka_sync(const GuardInput& in) {
    Reader r(in);
    const auto& p = r.host(Role::primary);
    if (!p.monitor) return r.unknown(Role::primary, facts::key::monitor);
    const auto& sync = p.monitor->eventbus_sync;
    r.note(Role::primary, "monitor.eventbus.sync", sync ? *sync : "absent");
    if (sync && *sync == contract::monitor_field::sync_running) return r.satisfied("event-bus sync is running");
    if (!sync) return r.unsatisfied("monitor does not report event-bus sync, want running" +
                                    job_note(r.host(Role::secondary), step::start_kafka_sync));
    return r.unsatisfied("event-bus sync is " + *sync + ", want running" +
                         job_note(r.host(Role::secondary), step::start_kafka_sync));
}

Decision guard_enable_backup_v2(const GuardInput& in) {
    Reader r(in);
    const auto& p = r.host(Role::primary);
    if (!p.backup_v2) return r.unknown(Role::primary, facts::key::backup_v2);
    r.note(Role::primary, facts::key::backup_v2, word(*p.backup_v2));
    if (*p.backup_v2) return r.satisfied("enable_backup_v2 is True");
    return r.unsatisfied("enable_backup_v2 is False, want True");
}

}  // namespace hactl::plan
