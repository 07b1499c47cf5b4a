#include "hactl/apply/lock_owner.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace hactl::apply {

namespace {

std::string first_line_of_file(const char* path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
}

std::string link_target(const char* path) {
    char buffer[256] = {};
    const auto n = ::readlink(path, buffer, sizeof buffer - 1);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

std::optional<std::string> process_start_time(long pid) {
    if (pid <= 0) return std::nullopt;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) return std::nullopt;
    // The command name (field 2) may hold spaces and parentheses: fields
    // resume after the LAST ')'.
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream rest(stat.substr(close + 1));
    std::vector<std::string> fields;
    for (std::string f; rest >> f;) fields.push_back(f);
    // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
    if (fields.size() < 20 || fields[0] == "Z") return std::nullopt;
    return fields[19];
}

LockOwner local_lock_owner() {
    LockOwner self;
    std::string user;
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) user = pw->pw_name;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    self.name = (user.empty() ? "unknown" : user) + "@" + host;
    std::string machine_id = first_line_of_file("/etc/machine-id");
    if (machine_id.empty()) machine_id = first_line_of_file("/var/lib/dbus/machine-id");
    const std::string boot_id = first_line_of_file("/proc/sys/kernel/random/boot_id");
    const std::string pid_ns = link_target("/proc/self/ns/pid");
    // Without a boot id or a pid namespace, "same machine" cannot be proven.
    if (!boot_id.empty() && !pid_ns.empty()) {
        self.machine = (machine_id.empty() ? std::string(host) : machine_id) + "/" + boot_id + "/" + pid_ns;
    }
    self.pid = static_cast<long>(getpid());
    self.pid_start = process_start_time(self.pid).value_or("");
    return self;
}

bool holder_proven_dead(const facts::LockRecord& holder, const LockOwner& self) {
    if (holder.machine.empty() || self.machine.empty() || holder.machine != self.machine) return false;
    // Processes are looked up here: only valid when "self" is this machine.
    static const std::string here = local_lock_owner().machine;
    if (self.machine != here) return false;
    if (holder.pid <= 0) return false;
    if (holder.pid == self.pid && holder.pid_start == self.pid_start) return false;  // that is us
    const auto start = process_start_time(holder.pid);
    if (!start) return true;                                   // no such process here any more
    return !holder.pid_start.empty() && *start != holder.pid_start;  // the pid now names another process
}

}  // namespace hactl::apply
