#include "integration/sim_pair.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "hactl/transport/shell_quote.hpp"

namespace hactl::test {

namespace {
const std::string k_pair = std::string(HACTL_SOURCE_DIR) + "/tests/sim/pair";
// Integration tests run one at a time (RUN_SERIAL); this pair's addresses are
// theirs: NET.2 and NET.3, NET being $HACTL_IT_NET (127.0.30 by default), so
// that two checkouts can run their integration tests side by side.
std::string it_net() {
    const char* net = std::getenv("HACTL_IT_NET");
    return net != nullptr && *net != '\0' ? net : "127.0.30";
}
// The login of a pair whose test does not choose one: $HACTL_IT_LOGIN (e.g. root), else
// alationops, an ordinary user with sudo as on a hardened host.
std::string it_login() {
    const char* login = std::getenv("HACTL_IT_LOGIN");
    return login != nullptr && *login != '\0' ? login : "alationops";
}
const std::string k_primary_ip = it_net() + ".2";
const std::string k_secondary_ip = it_net() + ".3";
}  // namespace

int count(const std::vector<std::string>& commands, const std::string& needle) {
    return static_cast<int>(std::count_if(commands.begin(), commands.end(),
                                          [&](const std::string& c) { return c.find(needle) != std::string::npos; }));
}

Shell sh(const std::string& command) {
    Shell result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.out.append(buf.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

SimPair::SimPair(const std::vector<std::string>& args) {
    char tmpl[] = "/tmp/hactl-it-XXXXXX";
    m_dir = mkdtemp(tmpl);
    std::vector<std::string> cmd = {k_pair, "up", m_dir, "--primary-ip", k_primary_ip, "--secondary-ip", k_secondary_ip};
    cmd.insert(cmd.end(), args.begin(), args.end());
    const auto login = std::find(args.begin(), args.end(), "--login");
    if (login == args.end() || login + 1 == args.end()) {
        m_login = it_login();
        cmd.insert(cmd.end(), {"--login", m_login});
    } else {
        m_login = *(login + 1);
    }
    auto r = sh(transport::shell_join(cmd) + " >&2");
    m_up = r.exit_code == 0;
}

SimPair::~SimPair() {
    sh(transport::shell_join({k_pair, "down", m_dir}) + " >&2");
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

nlohmann::json SimPair::state() const {
    auto r = sh(transport::shell_join({k_pair, "state", m_dir}));
    return nlohmann::json::parse(r.out, nullptr, false);
}

int SimPair::fault(const std::string& node, const std::string& kind, const std::vector<std::string>& args) const {
    std::vector<std::string> cmd = {k_pair, "fault", m_dir, node, kind};
    cmd.insert(cmd.end(), args.begin(), args.end());
    return sh(transport::shell_join(cmd) + " >&2").exit_code;
}

int SimPair::reboot(const std::string& node) const {
    return sh(transport::shell_join({k_pair, "reboot", m_dir, node}) + " >&2").exit_code;
}

std::vector<std::string> SimPair::changing_commands(const nlohmann::json& state, const std::string& node) {
    std::vector<std::string> out;
    for (const auto& entry : state.at(node).at("commands")) {
        const auto command = entry.at("command").get<std::string>();
        if (command.rfind("alation_action", 0) == 0 || command.find(" -s ") != std::string::npos ||
            command.rfind("replication_helper", 0) == 0) {
            out.push_back(command);
        }
    }
    return out;
}

Shell SimPair::ssh(const std::string& node, const std::string& command) const {
    const std::string ip = node == "primary" ? k_primary_ip : k_secondary_ip;
    return sh(transport::shell_join({"ssh", "-i", m_dir + "/id_ed25519", "-o",
                                     "UserKnownHostsFile=" + m_dir + "/known_hosts", "-o", "BatchMode=yes",
                                     m_login + "@" + ip, command}));
}

Shell SimPair::sql(const std::string& node, const std::string& statement) const {
    const std::string ip = node == "primary" ? k_primary_ip : k_secondary_ip;
    return sh(transport::shell_join({"/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                     "-h", ip, "-U", "postgres", "-d", "postgres", "-c", statement}));
}

}  // namespace hactl::test
