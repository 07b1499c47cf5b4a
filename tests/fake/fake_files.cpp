// FakeHost: files (cat, test), df, curl and hactl's state-directory listings.
#include <cctype>
#include <charconv>

#include "fake_host.hpp"

namespace hactl::fake {

namespace {
std::string path_join(const std::string& dir, const std::string& name) {
    return dir.empty() || dir.back() != '/' ? dir + "/" + name : dir + name;
}

std::string last_nonblank_line(const std::string& text) {
    std::string last;
    std::string line;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            if (line.find_first_not_of(" \t") != std::string::npos) last = line;
            line.clear();
        } else {
            line += c;
        }
    }
    if (line.find_first_not_of(" \t") != std::string::npos) last = line;
    return last;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
}  // namespace

bool FakeHost::exists(const std::string& path, bool alation, bool* is_dir) const {
    const auto& files = alation ? m_state.alation_files : m_state.host_files;
    if (is_dir) *is_dir = false;
    if (files.count(path)) return true;
    const std::string prefix = path.back() == '/' ? path : path + "/";
    for (const auto& [p, content] : files) {
        if (p.starts_with(prefix)) {
            if (is_dir) *is_dir = true;
            return true;
        }
    }
    return false;
}

FakeHost::Output FakeHost::file_command(const std::vector<std::string>& words, bool alation) {
    Output out;
    const auto& files = alation ? m_state.alation_files : m_state.host_files;
    if (words[0] == "cat") {
        for (std::size_t i = 1; i < words.size(); ++i) {
            bool dir = false;
            const auto it = files.find(words[i]);
            if (it != files.end()) {
                out.out += it->second;
            } else {
                out.status = 1;
                out.err += "cat: " + words[i] + (exists(words[i], alation, &dir) && dir ? ": Is a directory\n"
                                                                                        : ": No such file or directory\n");
            }
        }
        return out;
    }
    std::vector<std::string> args(words.begin() + 1, words.end());
    if (words[0] == "[") {
        if (args.empty() || args.back() != "]") {
            out.status = 2;
            out.err = "[: missing ]\n";
            return out;
        }
        args.pop_back();
    }
    bool negate = false;
    if (!args.empty() && args[0] == "!") {
        negate = true;
        args.erase(args.begin());
    }
    if (args.size() != 2) {
        out.status = 2;
        out.err = "test: form not modelled\n";
        return out;
    }
    bool dir = false;
    const bool there = exists(args[1], alation, &dir);
    bool result = false;
    if (args[0] == "-e") {
        result = there;
    } else if (args[0] == "-f") {
        result = there && !dir;
    } else if (args[0] == "-d") {
        result = there && dir;
    } else {
        out.status = 2;
        out.err = "test: operator not modelled\n";
        return out;
    }
    out.status = (result != negate) ? 0 : 1;
    return out;
}

FakeHost::Output FakeHost::df(const std::vector<std::string>& words) {
    Output out;
    out.out = "Filesystem                                   1-blocks         Used    Available Capacity Mounted on\n";
    for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i].starts_with("-")) continue;
        const auto it = m_state.partitions.find(words[i]);
        if (it == m_state.partitions.end()) {
            out.status = 1;
            out.err += "df: " + words[i] + ": No such file or directory\n";
            continue;
        }
        std::string device = "/dev/mapper/vg_alation-lv";
        for (char c : words[i]) device += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        device += "_volume_with_a_long_device_name";
        const auto used = it->second / 7;
        out.out += device + " " + std::to_string(it->second) + " " + std::to_string(used) + " " +
                   std::to_string(it->second - used) + " 15% " + words[i] + "\n";
    }
    return out;
}

FakeHost::Output FakeHost::curl(const std::vector<std::string>& words) {
    Output out;
    const std::string url = words.back();
    if (m_monitor_down || url.find("://") == std::string::npos) {
        out.status = 7;
        out.err = "curl: (7) Failed to connect to " + url + ": Connection refused\n";
        return out;
    }
    out.out = monitor_body();
    return out;
}

FakeHost::Output FakeHost::receipts_listing(const std::string& dir) {
    Output out;
    const std::string prefix = path_join(dir, "");
    for (const auto& [path, content] : m_state.host_files) {
        if (!path.starts_with(prefix)) continue;
        const auto name = path.substr(prefix.size());
        if (!name.empty() && name.find('/') == std::string::npos) out.out += name + "\n";
    }
    return out;
}

FakeHost::Output FakeHost::jobs_listing(const std::string& dir) {
    Output out;
    const std::string prefix = path_join(dir, "");
    std::set<std::string> names;
    for (const auto& [path, content] : m_state.host_files) {
        if (!path.starts_with(prefix)) continue;
        const auto rest = path.substr(prefix.size());
        const auto slash = rest.find('/');
        if (slash != std::string::npos && slash > 0) names.insert(rest.substr(0, slash));
    }
    auto file = [&](const std::string& job, const char* name) -> const std::string* {
        const auto it = m_state.host_files.find(prefix + job + "/" + name);
        return it == m_state.host_files.end() ? nullptr : &it->second;
    };
    for (const auto& job : names) {
        out.out += "job " + job + "\n";
        bool alive = false;
        if (const auto* pid = file(job, "pid")) {
            long value = 0;
            const auto line = first_line(*pid);
            std::from_chars(line.data(), line.data() + line.size(), value);
            alive = m_state.live_pids.count(value) > 0;
        }
        out.out += alive ? "alive 1\n" : "alive 0\n";
        if (const auto* exit = file(job, "exit")) out.out += "exit " + first_line(*exit) + "\n";
        if (const auto* started = file(job, "started_at")) out.out += "started " + first_line(*started) + "\n";
        if (const auto* log = file(job, "log")) out.out += "last " + last_nonblank_line(*log) + "\n";
    }
    return out;
}

}  // namespace hactl::fake
