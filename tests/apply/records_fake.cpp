#include "apply/records_fake.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hactl/apply/host_op.hpp"
#include "hactl/contract/state_dir.hpp"

namespace hactl::test {

namespace sd = contract::state_dir;
using transport::CommandResult;

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
    if (apply::parse_host_op(command)) return host_op(command, deadline);
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

CommandResult RecordsFake::host_op(const std::string& command, transport::Millis deadline) {
    const auto op = *apply::parse_host_op(command);
    auto& files = m_host.state().host_files;
    auto& live = m_host.state().live_pids;
    const auto& a = op.args;
    auto file = [&](const std::string& path) -> std::string* {
        auto it = files.find(path);
        return it == files.end() ? nullptr : &it->second;
    };
    if (op.name == "start-job") {  // STATE STEP COMMAND
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
    if (op.name == "poll-job") {  // STATE STEP OFFSET
        const auto dir = sd::job_path(a[0], a[1]);
        auto* pid = file(dir + "/pid");
        if (pid == nullptr) return ok("state=missing\n---\n");
        if (!file(dir + "/exit") && live.count(std::stol(*pid)) && still_running(dir, files[dir + "/log"])) {
            const auto& log = files[dir + "/log"];
            return ok("state=running\n---\n" +
                      log.substr(std::min<std::size_t>(std::stoul(a[2]), log.size())));
        }
        if (!file(dir + "/exit") && live.count(std::stol(*pid))) {
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
    if (op.name == "write-receipt") {  // STATE STEP DETAILS...
        std::string content = fmt::format("completed_at=t{}\n", seconds());
        for (std::size_t i = 2; i < a.size(); ++i) content += a[i] + "\n";
        files[sd::receipt_path(a[0], a[1])] = content;
        return ok();
    }
    if (op.name == "remove-receipt") {  // STATE STEP
        files.erase(sd::receipt_path(a[0], a[1]));
        return ok();
    }
    // Lock operations: STATE OWNER PID TOKEN TTL STEAL_TOKEN.
    const auto path = sd::lock_path(a[0]);
    const long now_s = seconds();
    const std::string content =
        fmt::format("owner={}\npid={}\ntoken={}\nstarted_at=t{}\nexpires_at=t{}\nexpires_epoch={}\n", a[1],
                    a[2], a[3], now_s, now_s + std::stol(a[4]), now_s + std::stol(a[4]));
    auto* held = file(path);
    if (op.name == "lock-acquire") {
        if (held == nullptr) {
            files[path] = content;
            return ok("acquired\n");
        }
        const std::string previous = *held;
        const bool expired = std::stol(value_of(previous, "expires_epoch")) < now_s;
        const bool stolen = !a[5].empty() && value_of(previous, "token") == a[5];
        if (!expired && !stolen) return ok("held\n" + previous);
        files[path] = content;
        return ok("taken_over\n" + previous);
    }
    if (op.name == "lock-refresh") {
        if (held == nullptr || value_of(*held, "token") != a[3]) return exited(3, "not our lock");
        files[path] = content;
        return ok();
    }
    if (op.name == "lock-release") {
        if (held != nullptr && value_of(*held, "token") == a[3]) files.erase(path);
        return ok();
    }
    return exited(127, "unknown host op " + op.name);
}

}  // namespace hactl::test
