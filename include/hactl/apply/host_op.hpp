#pragma once
/// Every script hactl sends to keep its own records on a host (jobs, receipts,
/// the lock) starts with one line naming the operation and its arguments:
///
///     : hactl-op start-job '/var/lib/hactl' 'replicate-postgres' '...'
///
/// `:` makes the line a no-op for the shell; an in-memory fake host reads it to
/// know what is asked without interpreting the shell script that follows.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hactl::apply {

struct HostOp {
    std::string name;               ///< start-job, poll-job, write-receipt, remove-receipt,
                                    ///< lock-acquire, lock-refresh, lock-release
    std::vector<std::string> args;  ///< as documented at each operation
    bool operator==(const HostOp&) const = default;
};

/// ": hactl-op NAME 'ARG'...\n", every argument quoted.
std::string host_op_line(const HostOp& op);

/// The operation a script starts with; nullopt when it does not start with a
/// well-formed host-op line.
std::optional<HostOp> parse_host_op(std::string_view script);

}  // namespace hactl::apply
