#include "fake_pair.hpp"

#include "hactl/contract/host_contract.hpp"
#include "hactl/model/defaults.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::fake {

namespace {
using model::Role;

/// Runs one command line in the Alation shell of `host`; true on exit 0.
bool in_shell(FakeHost& host, const model::PairSpec& spec, Role role, const std::string& line) {
    const auto& wrapper = spec.host(role).alation_shell;
    return host.run(transport::in_alation_shell(wrapper.empty() ? model::defaults::alation_shell : wrapper, line),
                    transport::Millis(1000))
        .succeeded();
}

bool helper(FakeHost& host, const model::PairSpec& spec, Role role, const std::string& remote_key,
            const std::string& remote_ip) {
    const auto& wrapper = spec.host(role).alation_shell;
    transport::CommandResult error;
    auto dialogue = host.start_interactive(
        transport::in_alation_shell(wrapper.empty() ? model::defaults::alation_shell : wrapper,
                                    std::string(contract::replication_helper_program)),
        error);
    if (!dialogue) return false;
    dialogue->read(transport::Millis(10));
    dialogue->write(remote_key + "\n");
    dialogue->read(transport::Millis(10));
    dialogue->write(remote_ip + "\n");
    return dialogue->finish(transport::Millis(1000)).succeeded();
}
}  // namespace

model::PairSpec test_spec() {
    model::PairSpec spec;
    spec.name = "catalog-test";
    spec.primary.address = "10.0.0.1";
    spec.primary.ssh.user = "alationops";
    spec.primary.alation_shell = std::string(model::defaults::alation_shell);
    spec.secondary.address = "10.0.0.2";
    spec.secondary.ssh.user = "alationops";
    spec.secondary.alation_shell = std::string(model::defaults::alation_shell);
    spec.backup_v2 = true;
    spec.monitor_url = std::string(model::defaults::monitor_url);
    return spec;
}

FakePair::FakePair(const model::PairSpec& spec, const FakePairOptions& options)
    : m_spec(spec), m_mutex(std::make_shared<std::recursive_mutex>()) {
    m_primary = std::make_unique<FakeHost>(spec.primary, spec.paths, options.release, m_mutex, options.host);
    m_secondary = std::make_unique<FakeHost>(
        spec.secondary, spec.paths, options.secondary_release.empty() ? options.release : options.secondary_release,
        m_mutex, options.host);
    m_primary->set_peer(m_secondary.get());
    m_secondary->set_peer(m_primary.get());
    switch (options.preset) {
        case Preset::fresh: break;
        case Preset::half: set_up_by_hand("enter-master-mode"); break;
        case Preset::converged: set_up_by_hand("enable-backup-v2"); break;
        case Preset::swapped: {
            set_up_by_hand("enable-backup-v2");
            // A failover: the secondary took over as master; the old primary
            // came back as its standby.
            const auto& mode_key = options.host.conf_keys.replication_mode;
            m_secondary->state().conf[mode_key] = "master";
            m_primary->state().conf[mode_key] = "slave";
            m_primary->state().postgres_standby = true;
            m_primary->state().kvstore_synced = true;
            m_secondary->state().postgres_standby = false;
            break;
        }
    }
    clear_record();
}

bool FakePair::set_up_by_hand(std::string_view last) {
    // By hand, as a person at the console would: with the hosts' own names.
    const auto& host = m_primary->profile();
    auto act = [&](std::string_view contract_action) {
        return contract::action_command(contract::action_in(host, contract_action));
    };
    auto set = [&](std::string_view contract_key, std::string_view value) {
        return contract::conf_write_command(contract::conf_key_in(host, contract_key), value);
    };
    namespace key = contract::conf_key;
    namespace a = contract::action;
    const auto release = m_primary->release().value_or(model::Release{});
    auto& p = *m_primary;
    auto& s = *m_secondary;
    const auto& spec = m_spec;
    auto step = [&](std::string_view id, auto&& body) -> bool {
        if (m_done_to_last) return true;
        const bool ok = body();
        if (id == last) m_done_to_last = true;
        return ok;
    };
    m_done_to_last = false;
    bool ok = true;
    ok = ok && step("generate-keys", [&] {
        return in_shell(p, spec, Role::primary, act(a::generate_keys)) &&
               in_shell(s, spec, Role::secondary, act(a::generate_keys));
    });
    ok = ok && step("exchange-keys", [&] {
        return helper(p, spec, Role::primary, s.public_key(), s.address()) &&
               helper(s, spec, Role::secondary, p.public_key(), p.address());
    });
    ok = ok && step("enter-master-mode",
                    [&] { return in_shell(p, spec, Role::primary, act(a::enter_master_mode)); });
    ok = ok && step("unprotect-secondary", [&] {
        return in_shell(s, spec, Role::secondary, set(key::protected_instance, "False"));
    });
    ok = ok && step("override-ip", [&] {
        if (release < contract::override_ip_since) return true;
        for (auto* h : {&p, &s}) {
            const Role role = h == &p ? Role::primary : Role::secondary;
            if (!in_shell(*h, spec, role, set(key::override_ip, h->address())) ||
                !in_shell(*h, spec, role, set(key::enable_override_ip, "True"))) {
                return false;
            }
        }
        return true;
    });
    ok = ok && step("add-secondary",
                    [&] { return in_shell(p, spec, Role::primary, act(a::add_slaves)); });
    ok = ok && step("max-wal-senders", [&] {
        if (release < contract::max_wal_senders_since) return true;
        return in_shell(s, spec, Role::secondary,
                        set(key::max_wal_senders, std::to_string(spec.replication.max_wal_senders))) &&
               in_shell(s, spec, Role::secondary, act(a::deploy_conf_all));
    });
    ok = ok && step("replicate-postgres", [&] {
        if (!spec.replication.postgres) return true;
        return in_shell(s, spec, Role::secondary, act(a::replicate_postgres));
    });
    ok = ok && step("copy-kvstore", [&] {
        if (!spec.replication.kvstore) return true;
        return in_shell(s, spec, Role::secondary, act(a::kvstore_copy));
    });
    ok = ok && step("start-kafka-sync", [&] {
        if (release < contract::event_bus_since || !spec.replication.event_bus) return true;
        return in_shell(s, spec, Role::secondary, act(a::start_kafka_sync));
    });
    ok = ok && step("enable-backup-v2", [&] {
        if (release >= contract::backup_v2_default_since || !spec.backup_v2) return true;
        return in_shell(p, spec, Role::primary, set(key::backup_v2, "True"));
    });
    return ok;
}

std::vector<std::string> FakePair::changes() const {
    auto out = m_primary->changes();
    for (auto& c : m_secondary->changes()) out.push_back(c);
    return out;
}

void FakePair::clear_record() {
    m_primary->clear_record();
    m_secondary->clear_record();
}

}  // namespace hactl::fake
