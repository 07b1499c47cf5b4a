#include "apply/records_fake.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "fake/mini_shell.hpp"
#include "hactl/contract/state_dir.hpp"

namespace hactl::test {

namespace sd = contract::state_dir;
using transport::CommandResult;

apply::ApplyOptions quick_apply_options(const std::string& owner, long pid) {
    apply::ApplyOptions o;
    o.allow_destructive = true;
    o.owner = apply::LockOwner{owner, "", pid, ""};
    o.effect_wait = transport::Millis(0);
    o.poll_interval = transport::Millis(0);
    return o;
}

bool CrashBudget::spend() {
    if (remaining == 0) crashed = true;
    if (crashed) return false;
    if (remaining > 0) --remaining;
    return true;
}

namespace {

CommandResult ok(std::string out = {}) {
    CommandResult r;
    r.exit_code = 0;
    r.out = std::move(out);
    return r;
}

CommandResult exited(int code, std::string err) {
    CommandResult r;
    r.exit_code = code;
    r.err = std::move(err);
    return r;
}

CommandResult dead() {
    CommandResult r;
    r.status = transport::Status::transport_error;
    r.error = transport::TransportError::unreachable;
    r.message = "hactl is dead";
    return r;
}

std::string first_line_of(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string value_or_empty(const std::string* text) { return text == nullptr ? std::string() : *text; }

std::string value_of(const std::string& record, const std::string& key) {
    auto pos = record.find(key + "=");
    if (pos == std::string::npos) return {};
    auto end = record.find('\n', pos);
    return record.substr(pos + key.size() + 1, end - pos - key.size() - 1);
}

}  // namespace

CommandResult RecordsFake::run(const std::string& command, transport::Millis deadline) {
    if (!m_budget.spend()) return dead();
    if (auto op = parse_op(command)) {
        if (m_host.connection_error() != transport::TransportError::none) return m_host.run(command, deadline);
        // Through a privilege prefix the host refuses (sudo wanting a password).
        if (!m_host.privilege_denial().empty() && !command.starts_with("sh -c ")) {
            return exited(1, m_host.privilege_denial() + "\n");
        }
        return host_op(*op, deadline);
    }
    return m_host.run(command, deadline);
}

std::unique_ptr<transport::Interaction> RecordsFake::start_interactive(const std::string& command,
                                                                       CommandResult& error) {
    if (!m_budget.spend()) {
        error = dead();
        return nullptr;
    }
    return m_host.start_interactive(command, error);
}

bool RecordsFake::still_running(const std::string& dir, std::string& log) {
    auto timed = m_timed.find(dir);
    if (clock == nullptr || timed == m_timed.end()) return false;
    auto& job = timed->second;
    const auto ran = clock->now() - job.started;
    const long minutes = ran / std::chrono::minutes(1);
    while (job.lines < minutes) log += fmt::format("progress: {} min\n", ++job.lines);
    return ran < job.duration;
}

std::optional<RecordsFake::Op> RecordsFake::parse_op(const std::string& command) {
    std::vector<std::string> words;
    if (!fake::split_words(command, words)) return std::nullopt;
    // Any privilege prefix, then: sh -c SCRIPT NAME ARG...
    for (std::size_t i = 0; i + 3 < words.size(); ++i) {
        if (words[i] == "sh" && words[i + 1] == "-c" && words[i + 3].starts_with("hactl-")) {
            return Op{words[i + 3], std::vector<std::string>(words.begin() + static_cast<long>(i + 4), words.end())};
        }
    }
    return std::nullopt;
}

CommandResult RecordsFake::host_op(const Op& op, transport::Millis deadline) {
    auto& files = m_host.state().host_files;
    auto& live = m_host.state().live_pids;
    const auto& a = op.args;
    auto file = [&](const std::string& path) -> std::string* {
        auto it = files.find(path);
        return it == files.end() ? nullptr : &it->second;
    };
    if (op.name == "hactl-state-check") return ok("ok\n");  // STATE
    if (op.name == "hactl-job-start") {  // STATE STEP COMMAND
        const auto dir = sd::job_path(a[0], a[1]);
        if (auto* pid = file(dir + "/pid"); pid != nullptr && !file(dir + "/exit") && live.count(std::stol(*pid))) {
            return exited(3, "job already running");
        }
        for (auto it = files.lower_bound(dir + "/"); it != files.end() && it->first.starts_with(dir + "/");) {
            it = files.erase(it);
        }
        const long pid = m_next_pid++;
        files[dir + "/command"] = a[2] + "\n";
        files[dir + "/pid"] = std::to_string(pid) + "\n";
        files[dir + "/started_at"] = fmt::format("t{}\n", seconds());
        files[dir + "/log"] = "";
        live.insert(pid);  // it runs on the host until someone looks (poll-job)
        m_timed.erase(dir);
        for (const auto& [action, duration] : job_durations) {
            if (clock != nullptr && a[2].find(action) != std::string::npos)
                m_timed[dir] = {clock->now(), duration};
        }
        return ok(std::to_string(pid) + "\n");
    }
    if (op.name == "hactl-job-poll") {  // STATE STEP OFFSET MAX
        const auto dir = sd::job_path(a[0], a[1]);
        auto* pid = file(dir + "/pid");
        if (pid == nullptr) return ok("state=missing\n---\n");
        if (!file(dir + "/exit") && !live.count(std::stol(*pid))) {
            return ok("state=lost\npid=" + first_line_of(*pid) + "\n---\n");  // killed, or the host rebooted
        }
        if (!file(dir + "/exit") && still_running(dir, files[dir + "/log"])) {
            const auto& log = files[dir + "/log"];
            return ok("state=running\n---\n" +
                      log.substr(std::min<std::size_t>(std::stoul(a[2]), log.size())));
        }
        if (!file(dir + "/exit")) {
            // The job runs to its end on the host, with or without hactl watching.
            auto r = m_host.run(first_line_of(*file(dir + "/command")), deadline);
            files[dir + "/log"] += r.out + r.err;
            files[dir + "/exit"] = std::to_string(r.exit_code) + "\n";
            live.erase(std::stol(*pid));
        }
        std::string out = "state=finished\nexit=" + value_or_empty(file(dir + "/exit")) + "---\n";
        const auto& log = files[dir + "/log"];
        const auto offset = std::stoul(a[2]);
        if (offset < log.size()) out += log.substr(offset);
        return ok(out);
    }
    if (op.name == "hactl-receipt-write") {  // STATE STEP DETAILS...
        std::string content = fmt::format("completed_at=t{}\n", seconds());
        for (std::size_t i = 2; i < a.size(); ++i) content += a[i] + "\n";
        files[sd::receipt_path(a[0], a[1])] = content;
        return ok();
    }
    if (op.name == "hactl-receipt-remove") {  // STATE STEP
        files.erase(sd::receipt_path(a[0], a[1]));
        return ok();
    }
    if (op.name != "hactl-lock") return exited(127, "unknown host op " + op.name);
    // OP STATE TTL TOKEN OWNER MACHINE PID PID_START STEAL_TOKEN
    const auto& verb = a[0];
    const auto path = sd::lock_path(a[1]);
    const long ttl = std::stol(a[2]);
    const auto& token = a[3];
    const long now_s = seconds();
    auto content = [&](const std::string& since) {
        return fmt::format("owner={}\nmachine={}\npid={}\npid_start={}\ntoken={}\nstarted_at={}\nexpires_at=t{}\n"
                           "expires_epoch={}\n",
                           a[4], a[5], a[6], a[7], token, since, now_s + ttl, now_s + ttl);
    };
    auto* held = file(path);
    if (verb == "acquire") {
        if (held == nullptr) {
            files[path] = content(fmt::format("t{}", now_s));
            return ok("acquired\n");
        }
        const std::string previous = *held;
        if (value_of(previous, "token") == token) {
            files[path] = content(value_of(previous, "started_at"));
            return ok("acquired\n");
        }
        const bool expired = std::stol(value_of(previous, "expires_epoch")) < now_s;
        const bool stolen = !a[8].empty() && value_of(previous, "token") == a[8];
        if (!expired && !stolen) return ok("held\n" + previous);
        files[path] = content(fmt::format("t{}", now_s));
        return ok("taken_over\n" + previous);
    }
    if (verb == "refresh") {
        if (held == nullptr || value_of(*held, "token") != token) {
            return ok("lost\n" + (held == nullptr ? std::string() : *held));
        }
        files[path] = content(value_of(*held, "started_at"));
        return ok("refreshed\n");
    }
    if (verb == "release") {
        if (held != nullptr && value_of(*held, "token") == token) files.erase(path);
        return ok("released\n");
    }
    return exited(2, "unknown lock operation " + verb);
}

}  // namespace hactl::test
