#pragma once
/// hactl's records on one host (contract section 7): detached long jobs and
/// receipts, kept under the state directory (layout: contract/state_dir.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/transport/transport.hpp"

namespace hactl::apply {

/// What a poll of a job found.
struct JobPoll {
    enum class State { missing, running, finished, vanished };
    State state = State::missing;
    int exit_code = -1;           ///< when finished
    std::string output;           ///< log bytes from the offset asked for
    std::size_t next_offset = 0;  ///< offset to ask for next time
    transport::CommandResult probe;  ///< the poll command itself; not ok -> the poll failed
};

class HostRecords {
public:
    /// `state_dir` is the pair file's paths.state.
    HostRecords(transport::Transport& host, std::string state_dir);

    /// Starts `command_line` detached from the SSH session (setsid), its output
    /// appended to the job's log and its exit status recorded when it ends, so it
    /// survives hactl dying or the link dropping. Refuses (exit 3, nothing
    /// started) when a job for `step` still runs. Returns the starting command's result.
    transport::CommandResult start_job(std::string_view step, std::string_view command_line);

    /// Reads the job's state and its log from byte `offset` (at most 64 KiB at a time).
    JobPoll poll_job(std::string_view step, std::size_t offset);

    /// Records that `step` completed on this host, with extra key=value `details`.
    transport::CommandResult write_receipt(std::string_view step, const std::vector<std::string>& details = {});

    /// Forgets a receipt (when the host's state it vouched for was reset).
    transport::CommandResult remove_receipt(std::string_view step);

    transport::Transport& transport() { return m_host; }

private:
    transport::Transport& m_host;
    std::string m_state;
};

}  // namespace hactl::apply
