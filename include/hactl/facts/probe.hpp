#pragma once
/// Probing: every fact of contract section 2 and hactl's records (section 7)
/// of one host in ONE remote exec, both hosts in parallel.
///
/// The probe is one POSIX sh script (run as `sh -c SCRIPT`). After a short
/// header (shell functions), each line defines one section:
///
///     hactl_p_NAME() { COMMAND; }
///
/// and the last line runs them: `hactl_run hactl_p_alation_shell ...`.
/// hactl_run starts every section at once in the background, each into its
/// own files in a fresh `mktemp -d` directory, then prints them framed, in
/// order, each as soon as it and the ones before it have finished (with
/// shell builtins: no process per section beyond its command), and removes
/// the directory (also when the reader goes away). Without a temporary
/// directory it runs the sections one after another; the output is the same.
///
/// The host script's sections are host commands (df, curl), one section,
/// hactl_state, that reads hactl's own records (the state-file functions
/// hactl_receipts and hactl_jobs, the lock) through the host's privilege prefix
/// ONCE (`sudo -n sh -c SCRIPT` for a non-root login), and one section, alation_shell,
/// that calls the host's alationShell wrapper ONCE
/// (transport::in_alation_shell) with a second script of the same shape: the
/// sections of every Alation fact (release file, alation_conf reads, key
/// files), concurrent in there too. One sudo/su per probe, not one per fact;
/// a probe costs about its slowest Alation read. If the wrapper fails, every
/// Alation fact is unknown with the wrapper's message.
///
/// Each section's stdout and stderr are framed by marker lines
///     "\n<TOKEN> begin NAME\n" ... "\n<TOKEN> end NAME RC\n"   (stdout)
///     "\n<TOKEN> begin NAME\n" ... "\n<TOKEN> end NAME\n"      (stderr)
/// where TOKEN is 128 random bits per run, so no host output can forge a
/// section boundary; the Alation shell's sections are nested in the
/// alation_shell section, the records' sections in hactl_state. The one-line-per-section shape lets the in-memory
/// fake host answer the script without a shell.
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
