#include "lock_keeper.hpp"

#include <fmt/core.h>

#include "hactl/model/duration.hpp"

namespace hactl::apply {

LockKeeper::LockKeeper(PairLock& lock, Clock& clock, Clock::Millis every, Clock::Millis ttl)
    : m_lock(lock), m_clock(clock), m_every(every), m_ttl(ttl) {}

void LockKeeper::taken() {
    m_refreshed = m_clock.now();
    m_due = m_refreshed + m_every;
}

LockKeeper::State LockKeeper::refresh(Clock::Millis retry_at) {
    const auto now = m_clock.now();
    switch (m_lock.refresh()) {
        case LockRefresh::refreshed:
            m_refreshed = now;
            m_due = now + m_every;
            return State::held;
        case LockRefresh::lost: return State::lost;
        case LockRefresh::failed: break;
    }
    m_due = retry_at;
    return now - m_refreshed >= m_ttl / 2 ? State::stale : State::held;
}

std::string LockKeeper::stop_reason(State state) {
    switch (state) {
        case State::lost:
            return fmt::format("the pair's lock on the primary is no longer this apply's (held now by {}); stopping",
                               m_lock.lost_to());
        case State::stale:
            return fmt::format(
                "the pair's lock on the primary could not be refreshed for {} (half its {} lifetime); "
                "stopping rather than run on without it",
                model::format_duration(m_clock.now() - m_refreshed), model::format_duration(m_ttl));
        case State::held: break;
    }
    return {};
}

}  // namespace hactl::apply
