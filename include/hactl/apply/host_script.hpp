#pragma once
/// hactl's own operations on a host's state directory (contract/state_dir.hpp):
/// the lock, detached jobs, receipts. Each is a CONSTANT POSIX sh script, sent as
///
///     [PRIVILEGE] sh -c 'SCRIPT' NAME 'ARG'...
///
/// Every value reaches the host as a quoted positional argument, never as
/// script text; NAME ($0, e.g. `hactl-lock`) names the operation in the host's
/// process list and in the script's own error messages. PRIVILEGE is the pair
/// file's privilege prefix for the host (`sudo -n` for a non-root login by
/// default, model::effective_privilege).
#include <string>
#include <string_view>
#include <vector>

namespace hactl::apply {

enum class HostOp {
    /// $1 acquire|refresh|release, $2 STATE, $3 TTL_SECONDS, $4 TOKEN, $5 OWNER,
    /// $6 MACHINE, $7 PID, $8 PID_START, $9 STEAL_TOKEN (acquire: the token of a
    /// holder proven dead, whose live-looking lock may be replaced; else empty).
    /// Prints a verdict line (acquired, held, taken_over, refreshed, lost,
    /// released) and, for held/taken_over/lost, the lock's former content.
    lock,
    /// $1 STATE, $2 STEP, $3 COMMAND: starts COMMAND detached (setsid) as the
    /// job STEP; prints its pid. Exit 3 (nothing started) when it still runs.
    job_start,
    /// $1 STATE, $2 STEP, $3 OFFSET, $4 MAX_BYTES: `state=missing|running|finished|lost`,
    /// `exit=N` when finished, `pid=N`, a line `---`, then the log from OFFSET.
    job_poll,
    /// $1 STATE, $2 STEP, then key=value detail lines: writes the receipt.
    receipt_write,
    /// $1 STATE, $2 STEP: removes the receipt.
    receipt_remove,
    /// $1 STATE: creates the state directory if needed and proves it writable,
    /// and that the host has the tools the other operations use. Prints `ok`.
    state_check,
};

/// The operation's $0, e.g. "hactl-lock".
std::string_view host_op_name(HostOp op);

/// The operation's script text (constant).
const std::string& host_op_script(HostOp op);

/// The command line that runs `op` with `args` on a host, through `privilege`
/// (empty: as the login user).
std::string host_op_command(std::string_view privilege, HostOp op, const std::vector<std::string>& args);

}  // namespace hactl::apply
