#pragma once
/// An in-memory Alation host that implements the host contract
/// (shared/alation-host-contract.md) behind the Transport seam: alation_conf,
/// alation_action (preconditions and effects), replication_helper (a real
/// dialogue with prompts), the release and cluster key files, df, the
/// replication monitor, and hactl's state directory as a small file map.
/// Commands are interpreted (mini_shell.hpp), never matched as whole strings,
/// and every command that ran is recorded.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "hactl/contract/host_profile.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/model/release.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::fake {

/// What a host holds. Tests may read and change it directly to set up states.
struct HostState {
    std::string release_raw = "2023.1.0";
    std::map<std::string, std::string> conf;           ///< alation_conf store (key -> value as printed)
    std::map<std::string, std::string> alation_files;  ///< files seen inside the Alation shell
    std::map<std::string, std::string> host_files;     ///< files seen by host commands (state dir)
    std::map<std::string, std::uint64_t> partitions;   ///< df: path -> size in bytes
    int deployed_max_wal_senders = 10;                 ///< what the services run with
    bool postgres_standby = false;  ///< this host's PostgreSQL streams from its peer (a secondary)
    bool kvstore_synced = false;    ///< this host's KV store was copied from its peer and stays in sync
    bool kafka_sync = false;        ///< event-bus sync from the peer runs on this host
    std::set<long> live_pids;       ///< processes alive on the host (for hactl's job records)

    // Audit, for test oracles.
    int instance_wipes = 0;
    int postgres_wipes = 0;
    int kvstore_wipes = 0;
    int service_restarts = 0;
    int key_generations = 0;
};

class FakeHost;

/// A command that ran, for "nothing ran" assertions.
struct CommandRecord {
    bool alation_shell = false;      ///< ran inside the Alation shell wrapper
    std::vector<std::string> words;  ///< the simple command, quotes removed
    int exit_code = 0;
    std::string text() const;        ///< words joined by spaces
};

class FakeHost : public transport::Transport {
public:
    /// A fresh host (as installed) at `address` with `release` (e.g. "2021.4.2"),
    /// answering through `alation_shell` (the pair file's wrapper) and with
    /// partitions at the spec's data and install paths. `pair_mutex` is shared
    /// with the peer (FakePair) so both hosts can be probed in parallel.
    /// `host` is how this host really is where the contract only assumes
    /// (its file paths, key and action names, monitor shape, prompt words,
    /// HA ports, fresh max_wal_senders): the contract's values by default.
    FakeHost(const model::HostSpec& spec, const model::Paths& paths, std::string release,
             std::shared_ptr<std::recursive_mutex> pair_mutex = std::make_shared<std::recursive_mutex>(),
             contract::HostProfile host = {});

    // Transport
    transport::CommandResult run(const std::string& command, transport::Millis deadline) override;
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override;
    std::string describe() const override;

    /// The other host of the pair (FakePair links them); nullptr when alone.
    void set_peer(FakeHost* peer) { m_peer = peer; }
    FakeHost* peer() const { return m_peer; }

    const std::string& address() const { return m_address; }
    /// How this host differs from the contract (see the constructor).
    const contract::HostProfile& profile() const { return m_profile; }
    HostState& state() { return m_state; }
    const HostState& state() const { return m_state; }
    std::optional<model::Release> release() const;

    // Faults.
    /// The next `n` simple commands whose text contains `needle` fail (exit 1,
    /// `message` on stderr) without effect.
    void fail_next(std::string needle, int n, std::string message = "injected failure");
    /// Every run fails with this transport error until cleared with `none`.
    void set_connection_error(transport::TransportError error, std::string message = {});
    /// hactl's privilege prefix (e.g. `sudo -n`) fails on this host with
    /// `message` on stderr (e.g. "sudo: a password is required"); "" grants it again.
    void deny_privilege(std::string message) { m_privilege_denial = std::move(message); }
    const std::string& privilege_denial() const { return m_privilege_denial; }
    /// The monitor's web server is down (curl fails).
    void set_monitor_down(bool down) { m_monitor_down = down; }
    /// alation_conf prints its answer with blank lines and trailing spaces.
    void set_odd_output(bool odd) { m_odd_output = odd; }

    // Record.
    /// Every command string given to run() / start_interactive(), in order.
    const std::vector<std::string>& runs() const { return m_runs; }
    /// Every simple command executed, in order.
    const std::vector<CommandRecord>& commands() const { return m_commands; }
    /// The commands that change the host (alation_action, alation_conf -s,
    /// replication_helper), as text.
    std::vector<std::string> changes() const;
    void clear_record();

    // Contract details (public for FakePair presets and tests).
    std::string conf(const std::string& key) const;
    std::string mode() const;
    std::string public_key() const;                 ///< "" when absent
    std::vector<std::string> authorized_keys() const;
    bool trusts(const std::string& key) const;
    void add_authorized_key(const std::string& key);
    void generate_keys();
    /// The monitor's JSON body as this host serves it.
    std::string monitor_body() const;

private:
    friend class HelperDialogue;

    /// The script's shell functions by name: the body of a one-line
    /// definition `NAME() { BODY }`, empty for a multi-line one (the fake
    /// models those by name).
    using Functions = std::map<std::string, std::string>;

    struct Output {
        int status = 0;
        std::string out;
        std::string err;
    };

    Output run_line(const std::string& line, bool alation, std::map<std::string, std::string>& vars,
                    const Functions& functions);
    /// A multi-line script, on the host or (alation) inside the Alation shell.
    Output run_script(const std::string& script, bool alation);
    Output run_simple(const std::vector<std::string>& words, bool alation,
                      std::map<std::string, std::string>& vars, const Functions& functions);
    Output conf_command(const std::vector<std::string>& words);
    Output action(const std::string& name);
    Output port_check();
    Output file_command(const std::vector<std::string>& words, bool alation);
    Output df(const std::vector<std::string>& words);
    Output curl(const std::vector<std::string>& words);
    Output receipts_listing(const std::string& dir);
    Output jobs_listing(const std::string& dir);
    bool exists(const std::string& path, bool alation, bool* is_dir) const;

    std::string m_address;
    contract::HostProfile m_profile;
    std::vector<std::string> m_wrapper;
    std::vector<std::string> m_privilege;  ///< hactl's privilege prefix for this host, granted by the fake
    std::shared_ptr<std::recursive_mutex> m_mutex;
    FakeHost* m_peer = nullptr;
    HostState m_state;
    struct Failure {
        std::string needle;
        int remaining;
        std::string message;
    };
    std::vector<Failure> m_failures;
    transport::TransportError m_connection_error = transport::TransportError::none;
    std::string m_connection_message;
    bool m_monitor_down = false;
    std::string m_privilege_denial;
    bool m_odd_output = false;
    std::vector<std::string> m_runs;
    std::vector<CommandRecord> m_commands;
};

}  // namespace hactl::fake
