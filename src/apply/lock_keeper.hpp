#pragma once
// Keeps the pair's lock while apply runs (internal to apply): a refresh every
// `every` by apply's clock. The only place apply refreshes the lock.
#include <string>

#include "hactl/apply/clock.hpp"
#include "hactl/apply/pair_lock.hpp"

namespace hactl::apply {

class LockKeeper {
public:
    enum class State {
        held,   ///< refreshed, not due yet, or a failed refresh with time left to retry
        lost,   ///< a refresh found the lock no longer ours
        stale,  ///< not refreshed for half the lock's lifetime (the host could not be reached)
    };

    LockKeeper(PairLock& lock, Clock& clock, Clock::Millis every, Clock::Millis ttl);

    /// Starts the cadence: the lock was just taken.
    void taken();
    /// When the next refresh is due, on the clock's timeline.
    Clock::Millis due() const { return m_due; }
    /// Refreshes the lock now. A refresh that fails for a transport reason is
    /// due again at `retry_at`. Returns lost or stale (see State) on failure.
    State refresh(Clock::Millis retry_at);
    /// Why apply must stop, for a lost or stale state: for lost, who holds the
    /// lock now when the lock file says; for stale, how long it went without a
    /// refresh. Empty for held.
    std::string stop_reason(State state);

private:
    PairLock& m_lock;
    Clock& m_clock;
    Clock::Millis m_every;
    Clock::Millis m_ttl;
    Clock::Millis m_refreshed{0};
    Clock::Millis m_due{0};
};

}  // namespace hactl::apply
