#pragma once
/// Two FakeHosts linked as an HA pair: actions on one affect the other as the
/// contract says (cluster_add_slaves on the primary wipes the secondary; the
/// primary's monitor reports the secondary's replication).
#include <memory>
#include <string>

#include "fake_host.hpp"
#include "hactl/model/pair.hpp"

namespace hactl::fake {

/// Starting states, as the simulated pair's presets.
enum class Preset {
    fresh,      ///< as installed
    half,       ///< keys generated and exchanged, primary in master mode
    converged,  ///< as after a correct full setup, replicating
    swapped,    ///< converged, then a failover: the host named primary is the slave
};

struct FakePairOptions {
    std::string release = "2023.1.0";
    std::string secondary_release;  ///< empty: same as release
    Preset preset = Preset::fresh;
    /// How both hosts differ from the contract (their real paths, names,
    /// monitor shape...): the contract's values by default. A pair file
    /// must carry the same profile (spec.profile) for hactl to meet them.
    contract::HostProfile host;
};

/// Options in one call: opts("2021.3.1", Preset::half).
inline FakePairOptions opts(std::string release, Preset preset = Preset::fresh, std::string secondary_release = {}) {
    FakePairOptions o;
    o.release = std::move(release);
    o.secondary_release = std::move(secondary_release);
    o.preset = preset;
    return o;
}

class FakePair {
public:
    FakePair(const model::PairSpec& spec, const FakePairOptions& options);
    FakePair(const FakePair&) = delete;
    FakePair& operator=(const FakePair&) = delete;

    FakeHost& primary() { return *m_primary; }
    FakeHost& secondary() { return *m_secondary; }
    FakeHost& host(model::Role role) { return role == model::Role::primary ? *m_primary : *m_secondary; }
    const model::PairSpec& spec() const { return m_spec; }

    /// Runs the vendor procedure's steps on the fake hosts directly (not
    /// through hactl), as a person at the console would, up to and including
    /// `last` (a catalogue step id). Returns false on the first failing action.
    bool set_up_by_hand(std::string_view last);

    /// Changes made on both hosts since the record was cleared.
    std::vector<std::string> changes() const;
    void clear_record();

private:
    model::PairSpec m_spec;
    std::shared_ptr<std::recursive_mutex> m_mutex;
    std::unique_ptr<FakeHost> m_primary;
    std::unique_ptr<FakeHost> m_secondary;
    bool m_done_to_last = false;
};

/// A pair file for tests: primary 10.0.0.1, secondary 10.0.0.2, defaults
/// otherwise (release unset, postgres/kvstore/eventBus on, backupV2 on).
model::PairSpec test_spec();

}  // namespace hactl::fake
