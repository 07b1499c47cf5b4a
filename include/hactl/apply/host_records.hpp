#pragma once
/// hactl's records on one host (contract section 7): detached long jobs and
/// receipts, kept under the state directory (layout: contract/state_dir.hpp),
/// through the host's privilege prefix (apply/host_script.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/apply/host_script.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::apply {

/// What a poll of a job found.
struct JobPoll {
    /// lost: no exit status and its process is gone (killed, or the host rebooted)
    enum class State { missing, running, finished, lost };
    State state = State::missing;
    int exit_code = -1;           ///< when finished
    std::string output;           ///< log bytes from the offset asked for
    std::size_t next_offset = 0;  ///< offset to ask for next time
    transport::CommandResult probe;  ///< the poll command itself; not ok -> the poll failed
};

class HostRecords {
public:
    /// `state_dir` is the pair file's paths.state; `privilege` the host's
    /// privilege prefix (model::effective_privilege), empty for none.
    HostRecords(transport::Transport& host, std::string state_dir, std::string privilege = {});

    /// Starts `command_line` detached from the SSH session (setsid), its output
    /// appended to the job's log and its exit status recorded when it ends, so it
    /// survives hactl dying or the link dropping. Refuses (exit 3, nothing
    /// started) when a job for `step` still runs (the same process: pid, start
    /// time and boot id). Returns the starting command's result.
    transport::CommandResult start_job(std::string_view step, std::string_view command_line);

    /// Reads the job's state and its log from byte `offset` (at most 64 KiB at a time).
    JobPoll poll_job(std::string_view step, std::size_t offset);

    /// Records that `step` completed on this host, with extra key=value `details`.
    transport::CommandResult write_receipt(std::string_view step, const std::vector<std::string>& details = {});

    /// Forgets a receipt (when the host's state it vouched for was reset).
    transport::CommandResult remove_receipt(std::string_view step);

    /// Proves that hactl can keep its records here: the privilege prefix works
    /// without a password or a terminal, the state directory exists (created if
    /// needed) and is writable, and the host has the tools the records need.
    /// Returns an empty string when it holds, else one line saying what is wrong
    /// and how to fix it (`who` names the host in it, e.g. "the primary").
    /// `unreachable`, when given, is set when the host could not be reached at
    /// all (a connection error, not a refusal of the privilege).
    std::string check_access(std::string_view who, bool* unreachable = nullptr);

    /// The log's path on the host, for messages.
    std::string log_path(std::string_view step) const;

    transport::Transport& transport() { return m_host; }

private:
    transport::CommandResult run(HostOp op, std::vector<std::string> args);

    transport::Transport& m_host;
    std::string m_state;
    std::string m_privilege;
};

}  // namespace hactl::apply
