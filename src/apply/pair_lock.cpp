#include "hactl/apply/pair_lock.hpp"

#include <pwd.h>
#include <unistd.h>

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

// Reads "key=value" lines of the lock as a one-line description.
constexpr const char* k_describe_lock =
    "describe() { sed -n 's/^owner=//p;s/^pid=/pid /p;s/^started_at=/since /p;s/^expires_at=/until /p' \"$1\" "
    "| tr '\\n' ' '; echo; }\n";

}  // namespace

PairLock::PairLock(transport::Transport& primary, std::string state_dir, std::string owner, long pid,
                   std::chrono::seconds ttl)
    : m_host(primary), m_state(std::move(state_dir)), m_owner(std::move(owner)), m_pid(pid), m_ttl(ttl),
      m_token(random_token()) {}

std::string PairLock::op_line(std::string_view op) const {
    return host_op_line({std::string(op), {m_state, m_owner, std::to_string(m_pid), m_token, std::to_string(m_ttl.count())}});
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

LockOutcome PairLock::acquire() {
    const std::string lock = shell_quote(contract::state_dir::lock_path(m_state));
    std::string script = op_line("lock-acquire") + "mkdir -p " + shell_quote(m_state) + " || exit 1\nlock=" + lock +
                         "\n" + content_script() +
                         k_describe_lock;
    // noclobber makes the creation atomic: of two applies, one wins.
    script += "if ( set -C; content > \"$lock\" ) 2>/dev/null; then echo acquired; exit 0; fi\n";
    script += "old=$(sed -n 's/^expires_epoch=//p' \"$lock\")\n";
    script += "if [ -n \"$old\" ] && [ \"$now\" -le \"$old\" ] 2>/dev/null; then echo held; describe \"$lock\"; exit 0; fi\n";
    // Expired (or unreadable): replace it atomically, then check that we won.
    script += "prev=$(describe \"$lock\")\n";
    script += "content > \"$lock.$$\" && mv \"$lock.$$\" \"$lock\" || exit 1\n";
    script += "if grep -qx 'token='" + shell_quote(m_token) + " \"$lock\"; then echo taken_over; echo \"$prev\"; "
              "else echo held; describe \"$lock\"; fi\n";
    auto r = m_host.run(script, k_lock_deadline);
    LockOutcome outcome;
    if (!r.succeeded()) {
        outcome.message = r.status == transport::Status::ok ? "cannot write the lock: " + r.err : r.message;
        return outcome;
    }
    auto nl = r.out.find('\n');
    std::string verdict = r.out.substr(0, nl);
    if (nl != std::string::npos) {
        outcome.holder = r.out.substr(nl + 1);
        while (!outcome.holder.empty() && (outcome.holder.back() == '\n' || outcome.holder.back() == ' ')) {
            outcome.holder.pop_back();
        }
    }
    if (verdict == "acquired") outcome.kind = LockOutcome::Kind::acquired;
    else if (verdict == "taken_over") outcome.kind = LockOutcome::Kind::taken_over;
    else if (verdict == "held") outcome.kind = LockOutcome::Kind::held;
    else outcome.message = "unexpected answer from the lock: " + verdict;
    m_held = outcome.kind == LockOutcome::Kind::acquired || outcome.kind == LockOutcome::Kind::taken_over;
    return outcome;
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
