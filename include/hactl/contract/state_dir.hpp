#pragma once
/// hactl's own records on each host (contract section 7), under the pair
/// file's paths.state (default /var/lib/hactl). These files are hactl's, not
/// Alation's: a host without them is a host hactl has not touched.
///
///   STATE/receipts/STEP          a step hactl completed on this host; key=value
///                                lines: completed_at=ISO, and step details
///   STATE/jobs/STEP/command      the command line of a long job (one line)
///   STATE/jobs/STEP/pid          the job's process id (written by the job itself, last)
///   STATE/jobs/STEP/pid_start    the job process's start time (field 22 of /proc/PID/stat)
///   STATE/jobs/STEP/boot_id      the host's boot id when the job started
///   STATE/jobs/STEP/started_at   ISO-8601 UTC
///   STATE/jobs/STEP/log          stdout+stderr of the job, appended as it runs
///   STATE/jobs/STEP/exit         the exit status, written once the job ended
///                                (absent while it runs; absent with its process gone = lost)
///   STATE/lock                   primary only: the pair's apply lock; key=value lines
///                                owner=user@host machine=ID pid=N pid_start=T
///                                token=RANDOM started_at=ISO expires_at=ISO
///                                expires_epoch=SECONDS (parsed by facts::parse_lock)
///   STATE/lock.mutex             primary only: flock(1) serialises every change of the lock
///
/// A job is running when its process is alive (`alive_functions` below: the
/// same boot, the same pid AND the same process start time, not a zombie) and
/// it has no exit file; finished (succeeded / failed by its exit status) when
/// exit exists; lost when neither (killed, or the host rebooted): hactl never
/// waits on a lost job, the next plan decides from the facts.
///
/// hactl writes these files with umask 022 (through the pair file's privilege
/// prefix, `sudo -n` for a non-root login), so that the login user can read them.
///
/// Receipts never replace a fact the host reports. The only decision that reads
/// one is max-wal-senders: the deployed value cannot be read back, so the
/// secondary's `max-wal-senders` receipt (written after deploy_conf_all
/// succeeded with the desired value configured) says it was deployed. Apply
/// deletes that receipt before it runs add-secondary (cluster_add_slaves resets
/// the deployed value), so that it cannot outlive the deployment it records.
#include <string>
#include <string_view>

namespace hactl::contract::state_dir {

inline constexpr std::string_view receipts_dir = "receipts";
inline constexpr std::string_view jobs_dir = "jobs";
inline constexpr std::string_view lock_file = "lock";

inline constexpr std::string_view job_command = "command";
inline constexpr std::string_view job_pid = "pid";
inline constexpr std::string_view job_pid_start = "pid_start";
inline constexpr std::string_view job_boot_id = "boot_id";
inline constexpr std::string_view job_started_at = "started_at";
inline constexpr std::string_view job_log = "log";
inline constexpr std::string_view job_exit = "exit";

/// Where a Linux host keeps its boot id (a new one at every boot).
inline constexpr std::string_view boot_id_file = "/proc/sys/kernel/random/boot_id";

/// The one definition of "this job's process is still running", as POSIX sh
/// functions for hactl's host scripts (job start and poll, the probe's job listing):
///   hactl_start_of PID      prints the process's start time; fails when it is
///                           gone or a zombie
///   hactl_alive PID START BOOT
///                           true when that very process runs: the host has not
///                           rebooted since (BOOT), PID exists, is not a zombie and
///                           started at START (a pid reused after a reboot or a
///                           wrap-around is another process). START and BOOT may be
///                           empty (records of older hactl versions): then the pid
///                           alone decides.
inline constexpr std::string_view alive_functions =
    R"SH(hactl_start_of() {
  hactl_st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  hactl_st=${hactl_st##*) }
  set -- $hactl_st
  [ $# -ge 20 ] && [ "$1" != Z ] || return 1
  printf '%s\n' "${20}"
}
hactl_alive() {
  [ -n "$1" ] || return 1
  if [ -n "$3" ] && [ "$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)" != "$3" ]; then return 1; fi
  if [ -d /proc/self ]; then
    hactl_at=$(hactl_start_of "$1") || return 1
    [ -z "$2" ] || [ "$hactl_at" = "$2" ]
  else
    kill -0 "$1" 2>/dev/null
  fi
}
)SH";

/// STATE/receipts
inline std::string receipts_root(std::string_view state) {
    return std::string(state) + "/" + std::string(receipts_dir);
}
/// STATE/jobs
inline std::string jobs_root(std::string_view state) { return std::string(state) + "/" + std::string(jobs_dir); }
/// STATE/receipts/STEP
inline std::string receipt_path(std::string_view state, std::string_view step) {
    return std::string(state) + "/" + std::string(receipts_dir) + "/" + std::string(step);
}
/// STATE/jobs/STEP
inline std::string job_path(std::string_view state, std::string_view step) {
    return std::string(state) + "/" + std::string(jobs_dir) + "/" + std::string(step);
}
/// STATE/jobs/STEP/log: the job's output, where apply and status point the operator
inline std::string job_log_path(std::string_view state, std::string_view step) {
    return job_path(state, step) + "/" + std::string(job_log);
}
/// STATE/lock
inline std::string lock_path(std::string_view state) { return std::string(state) + "/" + std::string(lock_file); }

}  // namespace hactl::contract::state_dir
