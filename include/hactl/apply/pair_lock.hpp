#pragma once
/// One apply per pair at a time: a lock file in the primary's state directory
/// (contract/state_dir.hpp) naming its owner (apply/lock_owner.hpp), start time
/// and expiry. Every change (acquire, take over, refresh, release) runs inside
/// one critical section on the host (flock), so check-and-write is atomic
/// against concurrent applies, and the content is complete before anyone can
/// read it. A lock is taken over only when it expired, or when its holder is
/// proven dead on this very machine; release and refresh act only on a lock
/// that is still ours.
#include <chrono>
#include <string>

#include "hactl/apply/lock_owner.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::apply {

struct LockOutcome {
    enum class Kind { acquired, taken_over, held, error };
    Kind kind = Kind::error;
    std::string holder;   ///< held / taken_over: who had it ("root@ops1 pid 4242 since ... until ...")
    std::string message;  ///< error: why, in one line that names the fix
};

/// What a refresh found.
enum class LockRefresh {
    refreshed,  ///< still ours, expiry pushed forward
    lost,       ///< the lock is gone or someone else's: stop at once
    failed,     ///< the host could not be asked (transport): ours as far as we know
};

class PairLock {
public:
    /// `privilege` is the primary's privilege prefix; `ttl` how long the lock
    /// holds without a refresh.
    PairLock(transport::Transport& primary, std::string state_dir, std::string privilege, LockOwner owner,
             std::chrono::seconds ttl = std::chrono::seconds(300));

    /// Takes the lock. Never waits for it: a live lock of another owner gives `held`.
    LockOutcome acquire();

    /// Pushes the expiry forward when the lock is still ours.
    LockRefresh refresh();

    /// Removes the lock if it is still ours. Returns false when the host could
    /// not be asked.
    bool release();

    bool held() const { return m_held; }
    /// After `lost`: who holds the lock now ("nobody" when it is gone).
    const std::string& lost_to() const { return m_lost_to; }
    std::chrono::seconds ttl() const { return m_ttl; }

private:
    /// One run of the lock script; `steal_token` only for acquire.
    transport::CommandResult run(std::string_view op, const std::string& steal_token = {});
    LockOutcome try_acquire(const std::string& steal_token, std::string& previous);

    transport::Transport& m_host;
    std::string m_state;
    std::string m_privilege;
    LockOwner m_owner;
    std::chrono::seconds m_ttl;
    std::string m_token;
    bool m_held = false;
    std::string m_lost_to;
};

/// For people: "alice@ops1 pid 4242 since ... until ..." from a lock file's content.
std::string describe_lock_holder(std::string_view content);

}  // namespace hactl::apply
