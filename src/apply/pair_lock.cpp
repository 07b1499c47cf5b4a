#include "hactl/apply/pair_lock.hpp"

#include <random>

#include <fmt/core.h>

#include "hactl/apply/host_script.hpp"
#include "hactl/apply/privilege.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::apply {

namespace {

constexpr transport::Millis k_lock_deadline{30000};

std::string random_token() {
    std::random_device rd;
    return fmt::format("{:08x}{:08x}{:08x}{:08x}", rd(), rd(), rd(), rd());
}

facts::LockRecord parse_record(std::string_view content) {
    auto parsed = facts::parse_lock(content);
    return parsed.value && *parsed.value ? **parsed.value : facts::LockRecord{};
}

// The verdict line and the rest (a former lock's content).
std::pair<std::string, std::string> verdict_of(const std::string& out) {
    const auto nl = out.find('\n');
    return {out.substr(0, nl), nl == std::string::npos ? std::string() : out.substr(nl + 1)};
}

}  // namespace

std::string describe_lock_holder(std::string_view content) {
    const auto h = parse_record(content);
    return fmt::format("{} pid {} since {} until {}", h.owner.empty() ? "unknown" : h.owner, h.pid,
                       h.started_at.empty() ? "?" : h.started_at, h.expires_at.empty() ? "?" : h.expires_at);
}

PairLock::PairLock(transport::Transport& primary, std::string state_dir, std::string privilege, LockOwner owner,
                   std::chrono::seconds ttl)
    : m_host(primary), m_state(std::move(state_dir)), m_privilege(std::move(privilege)), m_owner(std::move(owner)),
      m_ttl(ttl), m_token(random_token()) {}

transport::CommandResult PairLock::run(std::string_view op, const std::string& steal_token) {
    return m_host.run(host_op_command(m_privilege, HostOp::lock,
                                      {std::string(op), m_state, std::to_string(m_ttl.count()), m_token,
                                       m_owner.name, m_owner.machine, std::to_string(m_owner.pid),
                                       m_owner.pid_start, steal_token}),
                      k_lock_deadline);
}

LockOutcome PairLock::try_acquire(const std::string& steal_token, std::string& previous) {
    auto r = run("acquire", steal_token);
    LockOutcome outcome;
    if (!r.succeeded()) {
        outcome.message = explain_host_op_failure("primary", m_privilege, m_state, r);
        return outcome;
    }
    auto [verdict, rest] = verdict_of(r.out);
    previous = rest;
    if (verdict == "acquired") outcome.kind = LockOutcome::Kind::acquired;
    else if (verdict == "taken_over") outcome.kind = LockOutcome::Kind::taken_over;
    else if (verdict == "held") outcome.kind = LockOutcome::Kind::held;
    else outcome.message = "unexpected answer from the lock: " + verdict;
    if (outcome.kind != LockOutcome::Kind::acquired) outcome.holder = describe_lock_holder(previous);
    m_held = outcome.kind == LockOutcome::Kind::acquired || outcome.kind == LockOutcome::Kind::taken_over;
    return outcome;
}

LockOutcome PairLock::acquire() {
    std::string previous;
    auto outcome = try_acquire("", previous);
    if (outcome.kind == LockOutcome::Kind::taken_over) outcome.holder += " (expired)";
    if (outcome.kind != LockOutcome::Kind::held) return outcome;
    // A live-looking lock whose holder ran on this very machine and whose
    // process is gone was left by a hactl that died (kill -9, a crash): it is
    // taken over at once, not after expiry. Never a holder on another machine.
    const auto holder = parse_record(previous);
    if (holder.token.empty() || !holder_proven_dead(holder, m_owner)) return outcome;
    auto stolen = try_acquire(holder.token, previous);
    if (stolen.kind == LockOutcome::Kind::taken_over) {
        stolen.holder += fmt::format(" (its process {} is no longer running on this machine)", holder.pid);
    }
    return stolen;
}

LockRefresh PairLock::refresh() {
    if (!m_held) return LockRefresh::lost;
    auto r = run("refresh");
    if (!r.succeeded()) return LockRefresh::failed;
    auto [verdict, rest] = verdict_of(r.out);
    if (verdict == "refreshed") return LockRefresh::refreshed;
    if (verdict == "lost") {
        m_held = false;
        m_lost_to = parse_record(rest).owner.empty() ? std::string("nobody") : describe_lock_holder(rest);
        return LockRefresh::lost;
    }
    return LockRefresh::failed;
}

bool PairLock::release() {
    if (!m_held) return true;
    auto r = run("release");
    if (r.succeeded()) m_held = false;
    return r.succeeded();
}

}  // namespace hactl::apply
