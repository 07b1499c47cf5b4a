#pragma once
/// `hactl doctor`: which of the host contract's assumptions hold on a pair's
/// hosts, checked read-only against the host profile in force
/// (`spec.profile`).
///
/// One command per host, both hosts in parallel: a POSIX sh script (built by
/// build_doctor_script) whose sections are host commands (the login user, the
/// tools hactl relies on, a `test -w` of the state directory through the
/// privilege prefix, the monitor on the primary) and ONE call of the Alation
/// shell wrapper running a second script: a trivial command, the release
/// file, each alation_conf key the contract reads, the cluster key files.
/// In both scripts the sections run concurrently (each into its own file in a
/// `mktemp -d` directory, removed on exit; one after another without one) and
/// are printed in order. Each section's output (stderr merged into stdout) is
/// framed by marker lines
///     "\n<TOKEN> begin NAME\n" ... "\n<TOKEN> end NAME RC\n"
/// with a random token, so no host output can forge a boundary. Nothing in
/// the script writes anything: the state directory is tested with `test -w`.
///
/// parse_doctor_output turns that output into one Check per assumption, each
/// naming what was expected, what was seen and, for a mismatch, the field
/// that adapts it: a host profile field (YAML name, `spec.releaseFile`) or a
/// pair-file field (`spec.primary.ssh.knownHostsFile`).
#include <string>
#include <string_view>
#include <vector>

#include "hactl/model/pair.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::doctor {

/// ok: the assumption holds; mismatch: it does not (exit 1); skipped: not
/// checked here (not applicable yet, or it cannot be checked without changing
/// the host).
enum class Outcome { ok, mismatch, skipped };

/// "ok", "mismatch", "skipped".
const char* to_string(Outcome outcome);

/// One assumption on one host.
struct Check {
    std::string id;  ///< stable: "ssh", "login-user", "confKeys.clusterHosts", "tool.curl", ...
    std::string
        subject;  ///< for people: "release file /opt/alation/...", "alation_conf alation.cluster.hosts"
    std::string expected;  ///< what the profile and the contract expect
    std::string seen;      ///< what the host showed (host text: pass through output::printable())
    Outcome outcome = Outcome::ok;
    /// The field that adapts a mismatch: a host profile field ("spec.releaseFile")
    /// or a pair-file field ("spec.primary.alationShell"); empty when none does.
    std::string field;
    std::string fix;  ///< what to do, one sentence; empty when ok
    bool operator==(const Check&) const = default;
};

/// The checks of one host, in a fixed order.
struct HostReport {
    model::Role role = model::Role::primary;
    std::string address;
    std::vector<Check> checks;
    /// True when no check is a mismatch.
    bool clean() const;
    bool operator==(const HostReport&) const = default;
};

struct Report {
    std::string profile;  ///< spec.hostProfile as written; "" for the compiled-in default
    HostReport primary;
    HostReport secondary;
    bool clean() const { return primary.clean() && secondary.clean(); }
};

/// The doctor's command for `role`'s host (`sh -c '<script>'`), framed with
/// `token` (a fresh random one when empty). Never fails.
std::string build_doctor_script(const model::PairSpec& spec, model::Role role, std::string_view token = {});

/// The checks from the script's result. A transport error (or a timeout
/// before any section) gives one mismatch, `ssh`, naming the fix. Never throws.
HostReport parse_doctor_output(const transport::CommandResult& result, std::string_view token,
                               const model::PairSpec& spec, model::Role role);

/// Runs the doctor on one host (one command, `deadline`).
HostReport doctor_host(const model::PairSpec& spec, model::Role role, transport::Transport& host,
                       transport::Millis deadline);

/// Both hosts in parallel. Never throws for remote failures.
Report doctor_pair(const model::PairSpec& spec, transport::Transport& primary,
                   transport::Transport& secondary, transport::Millis deadline);

}  // namespace hactl::doctor
