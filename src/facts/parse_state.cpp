// hactl's own records under the state directory (contract section 7, state_dir.hpp).
#include <charconv>

#include "hactl/facts/parse.hpp"

namespace hactl::facts {


std::vector<std::pair<std::string, std::string>> parse_key_values(std::string_view content) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto line : split_lines(content)) {
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string k(trim(line.substr(0, eq)));
        std::string v(trim(line.substr(eq + 1)));
        if (k.empty()) continue;
        bool replaced = false;
        for (auto& kv : out) {
            if (kv.first == k) {
                kv.second = v;
                replaced = true;
            }
        }
        if (!replaced) out.emplace_back(std::move(k), std::move(v));
    }
    return out;
}

Parsed<std::optional<LockRecord>> parse_lock(std::string_view content) {
    using Result = Parsed<std::optional<LockRecord>>;
    if (trim(content).empty()) return Result::ok(std::nullopt);
    LockRecord lock;
    for (const auto& [k, v] : parse_key_values(content)) {
        if (k == "owner") lock.owner = v;
        if (k == "machine") lock.machine = v;
        if (k == "pid") std::from_chars(v.data(), v.data() + v.size(), lock.pid);
        if (k == "pid_start") lock.pid_start = v;
        if (k == "token") lock.token = v;
        if (k == "started_at") lock.started_at = v;
        if (k == "expires_at") lock.expires_at = v;
        if (k == "expires_epoch") std::from_chars(v.data(), v.data() + v.size(), lock.expires_epoch);
    }
    if (lock.owner.empty()) return Result::fail("the lock file names no owner");
    return Result::ok(lock);
}

std::vector<std::string> parse_receipts(std::string_view listing) {
    std::vector<std::string> out;
    for (auto line : split_lines(listing)) {
        auto id = trim(line);
        if (!id.empty()) out.emplace_back(id);
    }
    return out;
}

Parsed<std::map<std::string, JobRecord>> parse_jobs(std::string_view listing) {
    using Result = Parsed<std::map<std::string, JobRecord>>;
    struct Raw {
        bool alive = false;
        std::optional<int> exit;
        JobRecord record;
    };
    std::map<std::string, Raw> raw;
    Raw* current = nullptr;
    for (auto line : split_lines(listing)) {
        if (trim(line).empty()) continue;
        const auto sp = line.find(' ');
        const auto word = line.substr(0, sp);
        const auto rest = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
        if (word == "job") {
            const std::string id(trim(rest));
            if (id.empty()) return Result::fail("job line without a step id");
            current = &raw[id];
            current->record.step = id;
            continue;
        }
        if (current == nullptr) return Result::fail("job listing line before any 'job' line");
        if (word == "alive") {
            current->alive = trim(rest) == "1";
        } else if (word == "exit") {
            int code = 0;
            const auto v = trim(rest);
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), code);
            if (ec != std::errc{} || ptr != v.data() + v.size()) {
                return Result::fail("job " + current->record.step + ": exit status '" + std::string(v) + "'");
            }
            current->exit = code;
        } else if (word == "started") {
            current->record.started_at = std::string(trim(rest));
        } else if (word == "elapsed") {
            long long seconds = 0;
            const auto v = trim(rest);
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
            if (ec == std::errc{} && ptr == v.data() + v.size()) current->record.elapsed_seconds = seconds;
        } else if (word == "last") {
            current->record.last_line = std::string(trim(rest));
        } else {
            return Result::fail("unexpected job listing line: '" + std::string(line.substr(0, 60)) + "'");
        }
    }
    std::map<std::string, JobRecord> out;
    for (auto& [id, r] : raw) {
        JobRecord job = r.record;
        if (r.exit) {
            job.exit_code = *r.exit;
            job.state = *r.exit == 0 ? JobRecord::State::succeeded : JobRecord::State::failed;
        } else {
            job.state = r.alive ? JobRecord::State::running : JobRecord::State::lost;
        }
        out.emplace(id, std::move(job));
    }
    return Result::ok(std::move(out));
}

}  // namespace hactl::facts
