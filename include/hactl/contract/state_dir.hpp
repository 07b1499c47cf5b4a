#pragma once
/// hactl's own records on each host (contract section 7), under the pair
/// file's paths.state (default /var/lib/hactl). These files are hactl's, not
/// Alation's: a host without them is a host hactl has not touched.
///
///   STATE/receipts/STEP          a step hactl completed on this host; key=value
///                                lines: completed_at=ISO, and step details
///   STATE/jobs/STEP/command      the command line of a long job (one line)
///   STATE/jobs/STEP/pid          the job's process id (written by the job itself)
///   STATE/jobs/STEP/started_at   ISO-8601 UTC
///   STATE/jobs/STEP/log          stdout+stderr of the job, appended as it runs
///   STATE/jobs/STEP/exit         the exit status, written once the job ended
///                                (absent while it runs; absent with a dead pid = vanished)
///   STATE/lock                   primary only: the pair's apply lock; key=value lines
///                                owner=user@host pid=N token=RANDOM started_at=ISO
///                                expires_at=ISO expires_epoch=SECONDS
///
/// A job is running when its pid names a live process and it has no exit file;
/// finished (succeeded / failed by its exit status) when exit exists; vanished
/// when neither.
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
inline constexpr std::string_view job_started_at = "started_at";
inline constexpr std::string_view job_log = "log";
inline constexpr std::string_view job_exit = "exit";

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
/// STATE/lock
inline std::string lock_path(std::string_view state) { return std::string(state) + "/" + std::string(lock_file); }

}  // namespace hactl::contract::state_dir
