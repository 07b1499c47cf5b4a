#include "hactl/apply/pair_lock.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <random>

#include <fmt/core.h>

#include "hactl/apply/host_op.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

using transport::shell_quote;

namespace {

constexpr transport::Millis k_lock_deadline{30000};

std::string random_token() {
    std::random_device rd;
    return fmt::format("{:08x}{:08x}{:08x}{:08x}", rd(), rd(), rd(), rd());
}


}  // namespace

PairLock::PairLock(transport::Transport& primary, std::string state_dir, std::string owner, long pid,
                   std::chrono::seconds ttl)
    : m_host(primary), m_state(std::move(state_dir)), m_owner(std::move(owner)), m_pid(pid), m_ttl(ttl),
      m_token(random_token()) {}

std::string PairLock::op_line(std::string_view op, const std::string& steal_token) const {
    return host_op_line({std::string(op),
                         {m_state, m_owner, std::to_string(m_pid), m_token, std::to_string(m_ttl.count()), steal_token}});
}

std::string PairLock::content_script() const {
    // Prints the lock's content; times are the host's, so clocks of operator
    // machines never matter.
    return fmt::format(
        "now=$(date +%s); exp=$((now + {ttl}))\n"
        "content() {{ printf 'owner=%s\\npid=%s\\ntoken=%s\\nstarted_at=%s\\nexpires_at=%s\\nexpires_epoch=%s\\n' "
        "{owner} {pid} {token} \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$(date -u -d \"@$exp\" +%Y-%m-%dT%H:%M:%SZ)\" "
        "\"$exp\"; }}\n",
        fmt::arg("ttl", m_ttl.count()), fmt::arg("owner", shell_quote(m_owner)),
        fmt::arg("pid", m_pid), fmt::arg("token", shell_quote(m_token)));
}

namespace {

// "owner pid N since S until U" from the lock file's key=value lines; also its token and pid.
struct Holder {
    std::string description;
    std::string owner;
    std::string token;
    long pid = 0;
};

Holder parse_holder(std::string_view record) {
    Holder h;
    std::string since;
    std::string until;
    std::size_t pos = 0;
    while (pos < record.size()) {
        auto end = record.find('\n', pos);
        auto line = record.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        auto eq = line.find('=');
        if (eq != std::string_view::npos) {
            auto key = line.substr(0, eq);
            std::string value(line.substr(eq + 1));
            if (key == "owner") h.owner = value;
            if (key == "token") h.token = value;
            if (key == "pid") h.pid = std::strtol(value.c_str(), nullptr, 10);
            if (key == "started_at") since = value;
            if (key == "expires_at") until = value;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    h.description = fmt::format("{} pid {} since {} until {}", h.owner.empty() ? "unknown" : h.owner, h.pid,
                                since.empty() ? "?" : since, until.empty() ? "?" : until);
    return h;
}

bool alive_here(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

}  // namespace

LockOutcome PairLock::try_acquire(const std::string& steal_token, std::string& previous) {
    const std::string lock = shell_quote(contract::state_dir::lock_path(m_state));
    std::string script = op_line("lock-acquire", steal_token) + "mkdir -p " + shell_quote(m_state) + " || exit 1\nlock=" + lock +
                         "\n" + content_script();
    // noclobber makes the creation atomic: of two applies, one wins.
    script += "if ( set -C; content > \"$lock\" ) 2>/dev/null; then echo acquired; exit 0; fi\n";
    script += "prev=$(cat \"$lock\" 2>/dev/null)\n";
    script += "old=$(printf '%s\\n' \"$prev\" | sed -n 's/^expires_epoch=//p')\n";
    script += "tok=$(printf '%s\\n' \"$prev\" | sed -n 's/^token=//p')\n";
    // A live lock is kept, unless it is the one we were asked to replace (its holder died).
    script += "if [ -z " + shell_quote(steal_token) + " ] || [ \"$tok\" != " + shell_quote(steal_token) + " ]; then\n";
    script += "  if [ -n \"$old\" ] && [ \"$now\" -le \"$old\" ] 2>/dev/null; then echo held; printf '%s\\n' \"$prev\"; exit 0; fi\n";
    script += "fi\n";
    // Expired, abandoned or unreadable: replace it atomically, then check that we won.
    script += "content > \"$lock.$$\" && mv \"$lock.$$\" \"$lock\" || exit 1\n";
    script += "if grep -qx 'token='" + shell_quote(m_token) +
              " \"$lock\"; then echo taken_over; else echo held; prev=$(cat \"$lock\"); fi\n";
    script += "printf '%s\\n' \"$prev\"\n";
    auto r = m_host.run(script, k_lock_deadline);
    LockOutcome outcome;
    if (!r.succeeded()) {
        outcome.message = r.status == transport::Status::ok ? "cannot write the lock: " + r.err : r.message;
        return outcome;
    }
    auto nl = r.out.find('\n');
    std::string verdict = r.out.substr(0, nl);
    previous = nl == std::string::npos ? std::string() : r.out.substr(nl + 1);
    if (verdict == "acquired") outcome.kind = LockOutcome::Kind::acquired;
    else if (verdict == "taken_over") outcome.kind = LockOutcome::Kind::taken_over;
    else if (verdict == "held") outcome.kind = LockOutcome::Kind::held;
    else outcome.message = "unexpected answer from the lock: " + verdict;
    if (outcome.kind != LockOutcome::Kind::acquired) outcome.holder = parse_holder(previous).description;
    m_held = outcome.kind == LockOutcome::Kind::acquired || outcome.kind == LockOutcome::Kind::taken_over;
    return outcome;
}

LockOutcome PairLock::acquire() {
    std::string previous;
    auto outcome = try_acquire("", previous);
    if (outcome.kind == LockOutcome::Kind::taken_over) outcome.holder += " (expired)";
    if (outcome.kind != LockOutcome::Kind::held) return outcome;
    // A lock of this very user@host whose process is gone was left by a hactl
    // that died (kill -9, a crash): it is taken over at once, not after expiry.
    auto holder = parse_holder(previous);
    if (holder.owner != m_owner || holder.pid == m_pid || alive_here(holder.pid) || holder.token.empty()) {
        return outcome;
    }
    auto stolen = try_acquire(holder.token, previous);
    if (stolen.kind == LockOutcome::Kind::taken_over) {
        stolen.holder += fmt::format(" (its process {} is no longer running)", holder.pid);
    }
    return stolen;
}

bool PairLock::refresh() {
    if (!m_held) return false;
    const std::string lock = shell_quote(contract::state_dir::lock_path(m_state));
    std::string script = op_line("lock-refresh") + "lock=" + lock + "\n" + content_script();
    script += "grep -qx 'token='" + shell_quote(m_token) + " \"$lock\" || exit 3\n";
    script += "content > \"$lock.$$\" && mv \"$lock.$$\" \"$lock\"\n";
    auto r = m_host.run(script, k_lock_deadline);
    if (r.status == transport::Status::ok && r.exit_code == 3) m_held = false;
    return r.succeeded();
}

bool PairLock::release() {
    if (!m_held) return true;
    const std::string lock = shell_quote(contract::state_dir::lock_path(m_state));
    auto r = m_host.run(op_line("lock-release") + "lock=" + lock + "\nif grep -qx 'token='" + shell_quote(m_token) +
                            " \"$lock\" 2>/dev/null; then rm -f \"$lock\"; fi",
                        k_lock_deadline);
    if (r.succeeded()) m_held = false;
    return r.succeeded();
}

std::string local_owner() {
    std::string user;
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) user = pw->pw_name;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return (user.empty() ? "unknown" : user) + "@" + host;
}

}  // namespace hactl::apply
