#pragma once
/// One apply per pair at a time: a lock file in the primary's state directory
/// with its owner (user@host, pid), start time and expiry. A lock past its
/// expiry is taken over (and the takeover reported); a live one is refused.
#include <chrono>
#include <string>

#include "hactl/transport/transport.hpp"

namespace hactl::apply {

struct LockOutcome {
    enum class Kind { acquired, taken_over, held, error };
    Kind kind = Kind::error;
    std::string holder;   ///< held / taken_over: who had it ("root@ops1 pid 4242 since ... until ...")
    std::string message;  ///< error: why
};

class PairLock {
public:
    /// `owner` is "user@host" of this hactl; `ttl` how long the lock holds without a refresh.
    PairLock(transport::Transport& primary, std::string state_dir, std::string owner, long pid,
             std::chrono::seconds ttl = std::chrono::seconds(300));

    /// Takes the lock. Never waits: a live lock of another owner gives `held`.
    /// A lock left by a dead hactl of the same user@host (its pid no longer
    /// runs here) is taken over at once, as is any expired lock.
    LockOutcome acquire();

    /// Pushes the expiry forward. Returns false when the lock is no longer ours.
    bool refresh();

    /// Removes the lock if it is still ours. Returns false on failure.
    bool release();

    bool held() const { return m_held; }

private:
    std::string content_script() const;
    /// One attempt; replaces a live lock only when its token is `steal_token`.
    /// `previous` receives the lock file's former content.
    LockOutcome try_acquire(const std::string& steal_token, std::string& previous);
    /// The host-op line (apply/host_op.hpp): STATE OWNER PID TOKEN TTL_SECONDS STEAL_TOKEN
    /// (STEAL_TOKEN: the token of a dead holder's lock to replace, or empty).
    std::string op_line(std::string_view op, const std::string& steal_token = {}) const;

    transport::Transport& m_host;
    std::string m_state;
    std::string m_owner;
    long m_pid;
    std::chrono::seconds m_ttl;
    std::string m_token;
    bool m_held = false;
};

/// "user@hostname" of this process (USER or the uid's name; the machine's hostname).
std::string local_owner();

}  // namespace hactl::apply
