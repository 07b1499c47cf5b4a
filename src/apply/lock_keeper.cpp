#include "lock_keeper.hpp"

#include <fmt/core.h>

#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/facts/parse.hpp"
#include "hactl/model/duration.hpp"

namespace hactl::apply {

namespace {

constexpr transport::Millis k_read_deadline{30000};

}  // namespace

LockKeeper::LockKeeper(PairLock& lock, Clock& clock, Clock::Millis every, Clock::Millis ttl,
                       transport::Transport& primary, std::string state_dir)
    : m_lock(lock),
      m_clock(clock),
      m_every(every),
      m_ttl(ttl),
      m_primary(primary),
      m_state(std::move(state_dir)) {}

void LockKeeper::taken() {
    m_refreshed = m_clock.now();
    m_due = m_refreshed + m_every;
}

LockKeeper::State LockKeeper::refresh(Clock::Millis retry_at) {
    const auto now = m_clock.now();
    if (m_lock.refresh()) {
        m_refreshed = now;
        m_due = now + m_every;
        return State::held;
    }
    if (!m_lock.held()) return State::lost;
    m_due = retry_at;
    return now - m_refreshed >= m_ttl / 2 ? State::stale : State::held;
}

std::string LockKeeper::stop_reason(State state) {
    switch (state) {
        case State::lost: {
            const auto read = m_primary.run(
                contract::read_optional_file_command(contract::state_dir::lock_path(m_state)), k_read_deadline);
            const auto holder = read.succeeded() ? facts::parse_lock(read.out).value : std::nullopt;
            if (holder && *holder) {
                return fmt::format(
                    "the pair's lock on the primary is no longer this apply's: {} pid {} holds it since {}; "
                    "stopping",
                    (*holder)->owner, (*holder)->pid, (*holder)->started_at);
            }
            return "the pair's lock on the primary is no longer this apply's (another apply took it over, or it "
                   "was removed); stopping";
        }
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
