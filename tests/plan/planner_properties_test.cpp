// Properties of the planner over generated observed states (RapidCheck).
// The oracles here are written from the design brief's step table, apart
// from the planner's guards, so that the two can disagree.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "hactl/plan/catalogue.hpp"
#include "hactl/plan/planner.hpp"

using namespace hactl;
using facts::HostFacts;
using facts::Lag;
using facts::Mode;
using model::Release;
using model::Role;
using plan::StepStatus;

namespace {

const std::string P = "10.0.0.1";
const std::string S = "10.0.0.2";
const std::string X = "10.0.0.9";  // another pair's host

const std::vector<std::string> keys = {
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa cluster@p",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cluster@s",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICccccccccccccccccccccccccccccccccccccccccc cluster@old",
};

// rapidcheck's integer generators grow with the test size; these draw
// uniformly whatever the size, so that probabilities mean what they say.
template <class T>
T pick(const std::vector<T>& v) {
    return *rc::gen::resize(rc::kNominalSize, rc::gen::elementOf(v));
}
bool chance(int percent) { return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, 100)) < percent; }

/// Worlds are noisy (preflight problems, unknown facts) 40% of the time, so
/// that most generated worlds reach the steps.
bool g_noisy = false;
bool fault(int percent) { return g_noisy && chance(percent); }

/// A fact that is unknown 2% of the time.
template <class T>
std::optional<T> fact(HostFacts& h, const char* key, T value) {
    if (fault(3)) {
        h.unknown[key] = "generated unknown";
        return std::nullopt;
    }
    return value;
}

const std::vector<Release> releases = {{2020, 3}, {2020, 4}, {2021, 1}, {2021, 2}, {2021, 3}, {2021, 4}, {2023, 1}};

HostFacts gen_host(Role role, Release release) {
    HostFacts h;
    h.role = role;
    const std::string& own = role == Role::primary ? P : S;
    const std::string& peer = role == Role::primary ? S : P;
    h.address = own;
    if (fault(5)) {
        h.connection_error = pick<transport::TransportError>(
            {transport::TransportError::unreachable, transport::TransportError::host_key_unknown,
             transport::TransportError::host_key_changed, transport::TransportError::auth_failed});
        h.connection_message = "generated";
        return h;
    }
    if (fault(10)) release = pick(releases);
    if (auto r = fact(h, "release", release)) {
        h.release = r;
        h.release_raw = r->str() + ".0";
    }
    h.mode = role == Role::primary ? fact(h, "mode", pick<Mode>({Mode::standalone, Mode::master, Mode::master,
                                                                  Mode::master, Mode::master, fault(30) ? Mode::slave : Mode::master}))
                                   : fact(h, "mode", pick<Mode>({Mode::standalone, Mode::slave, Mode::slave,
                                                                  Mode::slave, Mode::slave, fault(30) ? Mode::master : Mode::slave}));
    h.protected_instance = fact(h, "protected_instance", chance(40));
    h.override_ip = fact(h, "override_ip", fault(5) ? X : pick<std::string>({"", own, own, own}));
    h.override_ip_enabled = fact(h, "override_ip_enabled", chance(70));
    std::vector<std::string> hosts = pick<std::vector<std::string>>({{}, {own}, {own, peer}, {own, peer}, {peer, own}});
    if (fault(5)) hosts.push_back(X);
    h.cluster_hosts = fact(h, "cluster_hosts", hosts);
    h.max_wal_senders = fact(h, "max_wal_senders", pick<int>({4, 4, 10}));
    h.backup_v2 = fact(h, "backup_v2", chance(60));
    const std::string& own_key = keys[role == Role::primary ? 0 : 1];
    h.public_key = fact(h, "public_key", chance(80) ? own_key : std::string());
    const std::string& peer_key = keys[role == Role::primary ? 1 : 0];
    std::vector<std::string> trusted;
    if (chance(70)) trusted.push_back(peer_key);
    if (chance(20)) trusted.push_back(keys[2]);
    h.authorized_keys = fact(h, "authorized_keys", trusted);
    h.data_bytes = fact<std::uint64_t>(h, "data_bytes", fault(5) ? 1024 : 68719476736ULL);
    h.install_bytes = fact<std::uint64_t>(h, "install_bytes", fault(5) ? 2048 : 107374182400ULL);
    if (role == Role::primary) {
        facts::MonitorFacts m;
        m.mode = h.mode;
        auto lag = [] {
            Lag l;
            l.kind = pick<Lag::Kind>({Lag::Kind::absent, Lag::Kind::unknown, Lag::Kind::numeric, Lag::Kind::numeric});
            if (l.kind == Lag::Kind::numeric) l.bytes = *rc::gen::inRange<std::uint64_t>(0, 1 << 20);
            return l;
        };
        m.postgres = lag();
        m.kvstore = lag();
        if (chance(70)) m.eventbus_sync = pick<std::string>({"running", "running", "stopped", "starting"});
        h.monitor = fact(h, "monitor", m);
    }
    if (chance(40)) h.receipts.push_back("max-wal-senders");
    if (chance(20)) h.receipts.push_back("generate-keys");
    if (chance(15)) {
        facts::JobRecord job;
        job.step = pick<std::string>({"replicate-postgres", "copy-kvstore"});
        job.state = pick<facts::JobRecord::State>({facts::JobRecord::State::running, facts::JobRecord::State::failed,
                                                   facts::JobRecord::State::succeeded});
        h.jobs[job.step] = job;
    }
    return h;
}

struct World {
    model::PairSpec desired;
    facts::PairFacts observed;
};

World gen_world() {
    g_noisy = chance(40);
    World w;
    w.desired.primary.address = P;
    w.desired.secondary.address = S;
    w.desired.replication.postgres = chance(85);
    w.desired.replication.kvstore = chance(85);
    w.desired.replication.event_bus = chance(80);
    w.desired.backup_v2 = chance(60);
    w.desired.state = chance(15) ? model::PairState::split : model::PairState::paired;
    w.desired.policy.allow_failover = chance(50);
    const Release release = pick(releases);
    if (chance(15)) w.desired.release = fault(50) ? pick(releases) : release;
    w.observed.primary = gen_host(Role::primary, release);
    w.observed.secondary = gen_host(Role::secondary, release);
    return w;
}

// ---- Oracles, from the design brief's table ---------------------------------

bool same_key(const std::string& a, const std::string& b) {
    return a.substr(0, a.rfind(' ')) == b.substr(0, b.rfind(' '));
}
bool lists(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

/// The primary a slave, the secondary out of reach: only the failover is decided.
bool failover_only(const World& w) {
    const auto& p = w.observed.primary;
    return w.desired.state == model::PairState::paired && p.reachable() && p.alation_shell_error.empty() &&
           p.mode == Mode::slave && w.observed.secondary.connection_error == transport::TransportError::unreachable;
}

/// Whether the step applies (spec.state, release and pair-file gates).
bool applies(const std::string& id, const World& w, Release r) {
    const auto& d = w.desired;
    if (failover_only(w)) return id == "failover";
    if (id == "split") return d.state == model::PairState::split;
    if (d.state == model::PairState::split) return false;
    if (id == "override-ip") return r >= Release{2020, 4};
    if (id == "max-wal-senders") return r >= Release{2021, 3};
    if (id == "replicate-postgres") return d.replication.postgres;
    if (id == "copy-kvstore") return d.replication.kvstore;
    if (id == "start-kafka-sync") return r >= Release{2021, 4} && d.replication.event_bus;
    if (id == "enable-backup-v2") return r < Release{2021, 2} && d.backup_v2;
    return true;
}

/// The step's own satisfied-when; nullopt when a fact it needs is unknown.
std::optional<bool> satisfied(const std::string& id, Role host, const World& w) {
    const auto& p = w.observed.primary;
    const auto& s = w.observed.secondary;
    const auto& h = w.observed.host(host);
    if (id == "failover") return p.mode ? std::optional<bool>(*p.mode != Mode::slave) : std::nullopt;
    if (id == "demote") return s.mode ? std::optional<bool>(*s.mode != Mode::master) : std::nullopt;
    if (id == "split") return h.mode ? std::optional<bool>(*h.mode == Mode::standalone) : std::nullopt;
    if (id == "generate-keys") {
        if (!h.public_key) return std::nullopt;
        return !h.public_key->empty();
    }
    if (id == "exchange-keys") {
        if (!p.public_key || !s.public_key) return std::nullopt;
        if (p.public_key->empty() || s.public_key->empty()) return false;
        if (!p.authorized_keys || !s.authorized_keys || !p.cluster_hosts || !s.cluster_hosts) return std::nullopt;
        auto trusts = [](const std::vector<std::string>& ak, const std::string& k) {
            return std::any_of(ak.begin(), ak.end(), [&](const std::string& l) { return same_key(l, k); });
        };
        return trusts(*p.authorized_keys, *s.public_key) && trusts(*s.authorized_keys, *p.public_key) &&
               lists(*p.cluster_hosts, P) && lists(*p.cluster_hosts, S) && lists(*s.cluster_hosts, P) &&
               lists(*s.cluster_hosts, S);
    }
    if (id == "enter-master-mode") return p.mode ? std::optional<bool>(*p.mode == Mode::master) : std::nullopt;
    if (id == "unprotect-secondary") {
        return s.protected_instance ? std::optional<bool>(!*s.protected_instance) : std::nullopt;
    }
    if (id == "override-ip") {
        if (!h.override_ip || !h.override_ip_enabled) return std::nullopt;
        return *h.override_ip == w.desired.host(host).address && *h.override_ip_enabled;
    }
    if (id == "add-secondary") return s.mode ? std::optional<bool>(*s.mode == Mode::slave) : std::nullopt;
    if (id == "max-wal-senders") {
        if (!s.max_wal_senders) return std::nullopt;
        if (*s.max_wal_senders != w.desired.replication.max_wal_senders) return false;
        if (lists(s.receipts, "max-wal-senders")) return true;
        if (!p.monitor) return std::nullopt;
        return p.monitor->postgres.numeric();
    }
    if (!p.monitor && (id == "replicate-postgres" || id == "copy-kvstore" || id == "start-kafka-sync")) {
        return std::nullopt;
    }
    if (id == "replicate-postgres") return p.monitor->postgres.numeric();
    if (id == "copy-kvstore") return p.monitor->kvstore.numeric();
    if (id == "start-kafka-sync") return p.monitor->eventbus_sync == std::optional<std::string>("running");
    if (id == "enable-backup-v2") return p.backup_v2 ? std::optional<bool>(*p.backup_v2) : std::nullopt;
    return std::nullopt;
}

/// Each host trusts the other's key; nullopt when a key fact is unknown.
std::optional<bool> keys_exchanged(const World& w) {
    const auto& p = w.observed.primary;
    const auto& s = w.observed.secondary;
    if (!p.public_key || !s.public_key || !p.authorized_keys || !s.authorized_keys) return std::nullopt;
    auto trusts = [](const std::vector<std::string>& ak, const std::string& k) {
        return std::any_of(ak.begin(), ak.end(), [&](const std::string& l) { return same_key(l, k); });
    };
    return !p.public_key->empty() && !s.public_key->empty() && trusts(*p.authorized_keys, *s.public_key) &&
           trusts(*s.authorized_keys, *p.public_key);
}

bool foreign_address(const HostFacts& h, const std::string& own) {
    if (h.override_ip && !h.override_ip->empty() && *h.override_ip != own) return true;
    return h.cluster_hosts && lists(*h.cluster_hosts, X);
}

/// Whether preflight must refuse, from the brief's list (facts it needs known).
bool must_refuse(const World& w) {
    const auto& p = w.observed.primary;
    const auto& s = w.observed.secondary;
    const bool gate = w.desired.policy.allow_failover;
    if (failover_only(w)) {
        // A real failover: without the gate, refused; with it, only what the primary shows is checked.
        if (!gate || !p.release) return true;
        if (w.desired.release && *w.desired.release != *p.release) return true;
        return foreign_address(p, P);
    }
    if (!p.reachable() || !s.reachable()) return true;
    if (!p.release || !s.release || !p.mode || !s.mode) return true;
    if (*p.release != *s.release) return true;
    if (w.desired.release && *w.desired.release != *p.release) return true;
    if (*p.mode == Mode::master && *s.mode == Mode::master) return true;  // split brain, in every state
    if (w.desired.state == model::PairState::paired) {
        if (*p.mode == Mode::slave && *s.mode == Mode::slave) return true;
        if (*p.mode == Mode::slave && !gate) return true;  // a switchover needs the gate
        if (*p.mode != Mode::slave && *s.mode == Mode::master) {
            // The primary standalone: a demotion needs the keys exchanged and the gate.
            const auto exchanged = keys_exchanged(w);
            if (!exchanged || !*exchanged || !gate) return true;
        }
    }
    for (auto m : {&HostFacts::data_bytes, &HostFacts::install_bytes}) {
        if (!(p.*m) || !(s.*m) || *(p.*m) != *(s.*m)) return true;
    }
    for (const auto* h : {&p, &s}) {
        const auto& own = h == &p ? P : S;
        if (h->override_ip && !h->override_ip->empty() && *h->override_ip != own) return true;
        if (h->cluster_hosts && lists(*h->cluster_hosts, X)) return true;
    }
    return false;
}

Role role_of(plan::Target t) { return t == plan::Target::secondary ? Role::secondary : Role::primary; }

std::size_t catalogue_index(const std::string& id) {
    for (std::size_t i = 0; i < plan::catalogue.size(); ++i) {
        if (plan::catalogue[i].id == id) return i;
    }
    return plan::catalogue.size();
}

/// Each property run checks this many worlds: 100 runs x 10 = 1000 states per property.
constexpr int worlds_per_run = 10;

}  // namespace

RC_GTEST_PROP(PlannerProperties, RefusedPlansHaveNoStepsAndRefusalFollowsPreflight, ()) {
    for (int world = 0; world < worlds_per_run; ++world) {
        const World w = gen_world();
        const auto plan = plan::make_plan(w.desired, w.observed);
        RC_CLASSIFY(plan.refused(), "refused");
        if (plan.refused()) RC_TAG(plan.refusals[0].code);
        if (plan.refused()) {
            RC_ASSERT(plan.steps.empty());
            RC_ASSERT(plan.to_run().empty());
            RC_ASSERT(!plan.has_changes());
            for (const auto& r : plan.refusals) RC_ASSERT(!r.message.empty());
        }
        // Every preflight condition refuses; a state without one may still be
        // refused, but only for an unknown fact that a step's decision needs.
        if (must_refuse(w)) RC_ASSERT(plan.refused());
        if (plan.refused() && !must_refuse(w)) {
            for (const auto& r : plan.refusals) RC_ASSERT(r.code == std::string("unknown-fact"));
        }
    }
}

RC_GTEST_PROP(PlannerProperties, PlanOrderRespectsEveryDependency, ()) {
    for (int world = 0; world < worlds_per_run; ++world) {
        const World w = gen_world();
        const auto plan = plan::make_plan(w.desired, w.observed);
        if (plan.refused()) continue;
        // Rows come in catalogue order, each row once per target.
        RC_ASSERT(plan.steps.size() == 17u);
        for (std::size_t i = 1; i < plan.steps.size(); ++i) {
            RC_ASSERT(catalogue_index(plan.steps[i - 1].id) <= catalogue_index(plan.steps[i].id));
        }
        for (std::size_t i = 0; i < plan.steps.size(); ++i) {
            if (plan.steps[i].status != StepStatus::planned) continue;
            const auto* def = plan::find_step(plan.steps[i].id);
            RC_ASSERT(def != nullptr);
            for (auto dep : def->depends_on) {
                if (dep.empty()) continue;
                for (std::size_t j = 0; j < plan.steps.size(); ++j) {
                    if (plan.steps[j].id == dep && plan.steps[j].status == StepStatus::planned) RC_ASSERT(j < i);
                }
            }
        }
    }
}

RC_GTEST_PROP(PlannerProperties, NoStepPlannedWhoseGuardIsSatisfied, ()) {
    for (int world = 0; world < worlds_per_run; ++world) {
        const World w = gen_world();
        const auto plan = plan::make_plan(w.desired, w.observed);
        if (plan.refused()) continue;
        const Release r = *w.observed.primary.release;
        std::size_t planned_count = 0;
        for (const auto& s : plan.steps) {
            RC_ASSERT((s.status == StepStatus::not_applicable) == !applies(s.id, w, r));
            if (s.status == StepStatus::not_applicable) continue;
            // Planned iff its own guard fails, or a dependency that undoes it is planned.
            RC_LOG() << "world " << world << " " << s.id << "@" << plan::to_string(s.target) << ": "
                     << plan::to_string(s.status) << ", " << s.reason << "\n";
            bool forced = false;
            for (auto by : plan::find_step(s.id)->undone_by) {
                for (const auto& other : plan.steps) {
                    forced = forced || (!by.empty() && other.id == by && other.status == StepStatus::planned);
                }
            }
            if (forced) {
                RC_ASSERT(s.status == StepStatus::planned);
            } else {
                const auto g = satisfied(s.id, role_of(s.target), w);
                RC_LOG() << "  oracle: " << (g ? (*g ? "satisfied" : "unsatisfied") : "unknown") << "\n";
                RC_ASSERT(g.has_value());  // an unplanned decision on an unknown fact would be a guess
                RC_ASSERT((s.status == StepStatus::planned) == !*g);
            }
            RC_ASSERT(!s.reason.empty());
            RC_ASSERT(s.fingerprint == plan::fingerprint(s.depends_on));
            if (s.status == StepStatus::planned) ++planned_count;
        }
        RC_CLASSIFY(planned_count == 0, "nothing to do");
    }
}

RC_GTEST_PROP(PlannerProperties, EveryDestructiveStepFallsOnTheSecondary, ()) {
    for (int world = 0; world < worlds_per_run; ++world) {
        const World w = gen_world();
        const auto plan = plan::make_plan(w.desired, w.observed);
        for (const auto* s : plan.to_run()) {
            if (s->risk != plan::Risk::destructive) continue;
            const auto* def = plan::find_step(s->id);
            // What is destroyed is the secondary's data: the step runs on the
            // secondary, or it is add-secondary, run on the primary, whose action
            // (cluster_add_slaves) wipes its peer, the secondary.
            RC_ASSERT(def->wipes == plan::Wipes::secondary);
            RC_ASSERT(s->target == plan::Target::secondary ||
                      (s->id == "add-secondary" && s->target == plan::Target::primary));
            RC_ASSERT(s->target != plan::Target::both);
        }
    }
}

RC_GTEST_PROP(PlannerProperties, PlanningIsAPureFunction, ()) {
    for (int world = 0; world < worlds_per_run; ++world) {
        const World w = gen_world();
        const auto a = plan::make_plan(w.desired, w.observed);
        const auto b = plan::make_plan(w.desired, w.observed);
        RC_ASSERT(a.refusals == b.refusals);
        RC_ASSERT(a.steps == b.steps);
    }
}
