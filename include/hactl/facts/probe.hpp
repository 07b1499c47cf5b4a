#pragma once
/// Probing: every fact of contract section 2 and hactl's records (section 7)
/// of one host in ONE remote exec, both hosts in parallel.
///
/// The probe is one POSIX sh script (run as `sh -c SCRIPT`). After a short
/// header (shell functions), each line defines one section:
///
///     hactl_p_NAME() { hactl_begin NAME; COMMAND; hactl_end NAME $?; }
///
/// and the last line runs them: `hactl_run hactl_p_release hactl_p_mode ...`.
/// hactl_run starts every section at once in the background, each into its
/// own files in a fresh `mktemp -d` directory, then prints them in order,
/// each as soon as it and the ones before it have finished, and removes the
/// directory (also when the connection drops). A probe thus costs the
/// slowest section, not the sum of them. Without a temporary directory it
/// runs the sections one after another; the output is the same.
///
/// COMMAND is either an Alation command through the host's alationShell
/// wrapper (transport::in_alation_shell) or a host command (df, curl, state
/// files; the functions hactl_receipts and hactl_jobs of the header). Each
/// section's stdout and stderr are framed by marker lines
///     "\n<TOKEN> begin NAME\n" ... "\n<TOKEN> end NAME RC\n"   (stdout)
///     "\n<TOKEN> begin NAME\n" ... "\n<TOKEN> end NAME\n"      (stderr)
/// where TOKEN is 128 random bits per run, so no host output can forge a
/// section boundary. The one-line-per-section shape lets the in-memory fake
/// host answer the script without a shell.
#include <string>
#include <string_view>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::facts {

/// A fresh random token (32 lowercase hex digits). Never fails.
std::string new_probe_token();

/// The whole probe command for `role`'s host (`sh -c '<script>'`), framed
/// with `token` (a fresh random one when empty). Never fails.
std::string build_probe_script(const model::PairSpec& spec, model::Role role, std::string_view token = {});

/// The token a probe command was built with; empty when `script` is not one.
std::string probe_token(std::string_view script);

/// Facts from the probe's result. A transport error (or a timeout before any
/// section began) fills connection_error and leaves every fact unknown; a
/// section that failed, is missing or cannot be parsed leaves its fact(s)
/// nullopt with the reason in HostFacts::unknown. Never throws.
HostFacts parse_probe_output(const transport::CommandResult& result, std::string_view token,
                             const model::PairSpec& spec, model::Role role);

/// Probes one host: builds the script, runs it once with `deadline`, parses it.
HostFacts probe_host(const model::PairSpec& spec, model::Role role, transport::Transport& host,
                     transport::Millis deadline);

/// Probes both hosts in parallel (one thread per host). Never throws for
/// remote failures: they are in each HostFacts.
PairFacts probe_pair(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
                     transport::Millis deadline);

}  // namespace hactl::facts
