#include "hactl/plan/preflight.hpp"

#include <algorithm>

#include "hactl/facts/access.hpp"
#include "hactl/facts/fact_keys.hpp"
#include "hactl/facts/parse.hpp"
#include "hactl/plan/planner.hpp"

namespace hactl::plan {

namespace {

using facts::HostFacts;
using facts::Mode;
using model::Role;

constexpr Role roles[] = {Role::primary, Role::secondary};

std::string label(const model::PairSpec& desired, Role role) {
    return std::string(model::to_string(role)) + " " + desired.host(role).address;
}

std::string unknown_why(const HostFacts& h, std::string_view key) {
    const auto it = h.unknown.find(std::string(key));
    return it == h.unknown.end() ? std::string("not probed") : it->second;
}

class Checks {
public:
    Checks(const model::PairSpec& desired, const facts::PairFacts& observed) : m_d(desired), m_o(observed) {}

    std::vector<Refusal> run() {
        if (failover_only()) {
            // The secondary is down and the primary a slave: a real failover. Only
            // what the primary alone shows can be checked.
            if (!m_d.policy.allow_failover) {
                add(refusal::unreachable, Role::secondary, unreachable_text(Role::secondary));
                add(refusal::roles_swapped, Role::primary,
                    "the file names " + m_d.primary.address + " primary but it is a slave of " +
                        m_d.secondary.address + ", which is unreachable: if " + m_d.secondary.address +
                        " should stay primary, fix the file and bring it back; to fail over to " +
                        m_d.primary.address + ", use --allow-failover");
                return std::move(m_out);
            }
            primary_release();
            addresses();
            return std::move(m_out);
        }
        connections();
        if (!m_out.empty()) return std::move(m_out);
        alation_shells();
        if (!m_out.empty()) return std::move(m_out);
        releases();
        roles_check();
        partitions();
        addresses();
        return std::move(m_out);
    }

private:
    void add(std::string_view code, std::optional<Role> host, std::string message) {
        m_out.push_back({std::string(code), host, std::move(message)});
    }

    bool need(Role role, bool known, std::string_view key) {
        if (known) return true;
        add(refusal::unknown_fact, role,
            std::string(model::to_string(role)) + "." + std::string(key) + " unknown (" +
                unknown_why(m_o.host(role), key) + "): hactl cannot check the pair without it");
        return false;
    }

    /// The primary answered and is a slave, the secondary cannot be reached at
    /// all (not a key or login problem), and the pair should replicate.
    bool failover_only() const {
        const auto& p = m_o.primary;
        const auto& s = m_o.secondary;
        return m_d.state == model::PairState::paired && p.reachable() && p.alation_shell_error.empty() &&
               p.mode == Mode::slave && s.connection_error == transport::TransportError::unreachable;
    }

    std::string unreachable_text(Role role) const {
        const auto& h = m_o.host(role);
        const std::string detail =
            h.connection_message.empty() ? transport::to_string(h.connection_error) : h.connection_message;
        return label(m_d, role) + " unreachable: " + detail;
    }

    void primary_release() {
        const auto& r = m_o.primary.release;
        if (!need(Role::primary, r.has_value(), facts::key::release)) return;
        if (m_d.release && *r != *m_d.release) {
            add(refusal::release_differs, Role::primary,
                label(m_d, Role::primary) + " runs " + r->str() + ", the pair file wants " + m_d.release->str());
        }
    }

    void connections() {
        for (Role role : roles) {
            const auto& h = m_o.host(role);
            if (h.reachable()) continue;
            const std::string detail = h.connection_message.empty() ? transport::to_string(h.connection_error)
                                                                    : h.connection_message;
            switch (h.connection_error) {
                case transport::TransportError::host_key_unknown:
                case transport::TransportError::host_key_changed:
                    add(refusal::host_key, role,
                        label(m_d, role) + ": " + transport::to_string(h.connection_error) + ": " + detail);
                    break;
                case transport::TransportError::auth_failed:
                    add(refusal::auth_failed, role, label(m_d, role) + ": authentication failed: " + detail);
                    break;
                default: add(refusal::unreachable, role, unreachable_text(role)); break;
            }
        }
    }

    // A wrapper that cannot be entered (sudo wanting a password...) makes every
    // Alation fact unknown: one refusal naming the cause and the fix, not one per fact.
    void alation_shells() {
        for (Role role : roles) {
            const auto& h = m_o.host(role);
            if (h.alation_shell_error.empty()) continue;
            const std::string field = "spec." + std::string(model::to_string(role)) + ".alationShell";
            auto fix = facts::access_fix(h.alation_shell_error, field);
            if (fix.empty()) fix = "Fix: check that " + field + " runs a command on that host";
            add(refusal::alation_shell, role,
                "the Alation shell wrapper `" + m_d.host(role).alation_shell +
                    "` failed (" + h.alation_shell_error + "). " + fix);
        }
    }

    void releases() {
        const auto& p = m_o.primary;
        const auto& s = m_o.secondary;
        const bool pk = need(Role::primary, p.release.has_value(), facts::key::release);
        const bool sk = need(Role::secondary, s.release.has_value(), facts::key::release);
        if (pk && sk && *p.release != *s.release) {
            add(refusal::release_differs, std::nullopt,
                "releases differ: primary runs " + p.release->str() + ", secondary runs " + s.release->str() +
                    " (the vendor requires the same release on both hosts)");
        }
        if (!m_d.release) return;
        for (Role role : roles) {
            const auto& r = m_o.host(role).release;
            if (r && *r != *m_d.release) {
                add(refusal::release_differs, role,
                    label(m_d, role) + " runs " + r->str() + ", the pair file wants " + m_d.release->str());
            }
        }
    }

    void roles_check() {
        const auto& p = m_o.primary;
        const auto& s = m_o.secondary;
        const bool pk = need(Role::primary, p.mode.has_value(), facts::key::mode);
        const bool sk = need(Role::secondary, s.mode.has_value(), facts::key::mode);
        if (!pk || !sk) return;
        const std::string fix =
            "update the pair file to the pair's real roles; hactl never overwrites data to restore roles";
        const std::string& x = m_d.primary.address;
        const std::string& y = m_d.secondary.address;
        if (*p.mode == Mode::master && *s.mode == Mode::master) {
            add(refusal::split_brain, std::nullopt, "both hosts are masters (split brain): " + fix);
            return;
        }
        // Split: each host enters standalone mode, keeping its data, whatever its role.
        if (m_d.state == model::PairState::split) return;
        if (*p.mode == Mode::slave && *s.mode == Mode::slave) {
            add(refusal::roles_swapped, std::nullopt,
                "both hosts are slaves: neither serves the data; a person must decide which host holds the "
                "newest data and name it primary after making it standalone");
        } else if (*p.mode == Mode::slave) {
            // The file asks for a switchover (failover, demote): the failover gate decides (planner).
        } else if (*s.mode == Mode::master) {
            // The primary is standalone. A failover done by hand (the file then updated) leaves
            // the keys exchanged: demote the secondary (failover gate). Otherwise the
            // secondary is a master of its own that would be wiped.
            if (!keys_exchanged()) {
                add(refusal::secondary_is_master, Role::secondary,
                    "the host named secondary (" + y + ") is a master and the primary (" + x +
                        ") has not exchanged keys with it: it would be wiped; " + fix);
            }
        }
    }

    /// Whether each host trusts the other's cluster key; unknown facts are refusals.
    bool keys_exchanged() {
        for (Role role : roles) {
            const auto& h = m_o.host(role);
            if (!need(role, h.public_key.has_value(), facts::key::public_key)) return true;
            if (!need(role, h.authorized_keys.has_value(), facts::key::authorized_keys)) return true;
        }
        const auto& p = m_o.primary;
        const auto& s = m_o.secondary;
        return !p.public_key->empty() && !s.public_key->empty() && facts::trusts(*p.authorized_keys, *s.public_key) &&
               facts::trusts(*s.authorized_keys, *p.public_key);
    }

    void partitions() {
        struct Part {
            std::string_view key;
            std::optional<std::uint64_t> HostFacts::*member;
            std::string path;
        };
        const Part parts[] = {{facts::key::data_bytes, &HostFacts::data_bytes, m_d.paths.data},
                              {facts::key::install_bytes, &HostFacts::install_bytes, m_d.paths.install}};
        for (const auto& part : parts) {
            const auto& pv = m_o.primary.*(part.member);
            const auto& sv = m_o.secondary.*(part.member);
            const bool pk = need(Role::primary, pv.has_value(), part.key);
            const bool sk = need(Role::secondary, sv.has_value(), part.key);
            if (pk && sk && *pv != *sv) {
                add(refusal::partitions_differ, std::nullopt,
                    "partition sizes of " + part.path + " differ: primary " + std::to_string(*pv) +
                        " bytes, secondary " + std::to_string(*sv) + " bytes (the vendor requires the same size)");
            }
        }
    }

    void addresses() {
        const std::vector<std::string> pair = {m_d.primary.address, m_d.secondary.address};
        for (Role role : roles) {
            const auto& h = m_o.host(role);
            const auto& own = m_d.host(role).address;
            if (h.override_ip && !h.override_ip->empty() && *h.override_ip != own) {
                add(refusal::address_mismatch, role,
                    label(m_d, role) + ": override_ip is " + *h.override_ip +
                        ", not this host's address in the pair file: the host belongs to another pair or the "
                        "pair moved (rebuild from a backup, never re-point)");
            }
            if (!h.cluster_hosts) continue;
            for (const auto& a : *h.cluster_hosts) {
                if (std::find(pair.begin(), pair.end(), a) == pair.end()) {
                    add(refusal::address_mismatch, role,
                        label(m_d, role) + ": alation.cluster.hosts names " + a + ", not in this pair (" +
                            pair[0] + ", " + pair[1] + "): another pair's host, or the pair moved");
                }
            }
        }
    }

    const model::PairSpec& m_d;
    const facts::PairFacts& m_o;
    std::vector<Refusal> m_out;
};

}  // namespace

std::vector<Refusal> preflight(const model::PairSpec& desired, const facts::PairFacts& observed) {
    return Checks(desired, observed).run();
}

}  // namespace hactl::plan
