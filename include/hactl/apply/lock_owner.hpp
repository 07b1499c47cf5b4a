#pragma once
/// Who holds the pair's lock, in terms that stay true across machines: a name
/// for people, and an identity that tells whether the holder ran on THIS
/// machine (machine id, boot id and pid namespace: two CI runners that both
/// call themselves root@localhost, or two containers, differ) and whether its
/// process still runs (pid AND process start time: a reused pid is another
/// process).
#include <optional>
#include <string>

#include "hactl/facts/facts.hpp"

namespace hactl::apply {

struct LockOwner {
    std::string name;     ///< "user@host", for people
    std::string machine;  ///< "MACHINE_ID/BOOT_ID/PID_NAMESPACE" of the machine running hactl
    long pid = 0;
    std::string pid_start;  ///< the process's start time (clock ticks since boot)
};

/// This process as a lock owner. Parts that cannot be read are left empty (a
/// holder with an empty machine is never proven dead).
LockOwner local_lock_owner();

/// The start time of process `pid` on this machine (field 22 of
/// /proc/PID/stat); nullopt when it does not run or is a zombie.
std::optional<std::string> process_start_time(long pid);

/// True only when `holder` is proven dead: it ran on this very machine (the
/// same non-empty machine identity as `self`, which must be this machine's),
/// it is not `self`, and its process
/// no longer runs or is another process now (a different start time).
bool holder_proven_dead(const facts::LockRecord& holder, const LockOwner& self);

}  // namespace hactl::apply
