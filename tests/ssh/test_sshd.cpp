#include "test_sshd.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace hactl::ssh::test {

namespace {

std::string shell_word(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

}  // namespace

LocalResult run_local(const std::string& command) {
    LocalResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

void generate_key(const std::string& path) {
    const LocalResult made = run_local("ssh-keygen -q -t ed25519 -N '' -C hactl-test -f " + shell_word(path) +
                                       " </dev/null >/dev/null 2>&1");
    if (made.exit_code != 0) throw std::runtime_error("ssh-keygen failed for " + path);
}

std::string fingerprint_of(const std::string& public_key_path) {
    const LocalResult listed = run_local("ssh-keygen -l -E sha256 -f " + shell_word(public_key_path));
    std::istringstream words(listed.out);
    std::string bits, fingerprint;
    words >> bits >> fingerprint;
    return fingerprint;
}

int free_port(const std::string& address) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = 0;
    ::inet_pton(AF_INET, address.c_str(), &local.sin_addr);
    socklen_t length = sizeof local;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot find a free port on " + address);
    }
    ::close(fd);
    return ntohs(local.sin_port);
}

bool port_open(const std::string& address, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, address.c_str(), &peer.sin_addr);
    const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&peer), sizeof peer) == 0;
    ::close(fd);
    return open;
}

Sshd::Sshd(std::string dir, std::string address, int port, std::string host_key, std::string authorized_keys)
    : m_dir(std::move(dir)),
      m_address(std::move(address)),
      m_port(port),
      m_host_key(std::move(host_key)),
      m_authorized_keys(std::move(authorized_keys)) {
    std::filesystem::create_directories(m_dir + "/root");
    ::chmod((m_dir + "/root").c_str(), 0700);
    ::chmod(m_dir.c_str(), 0755);
    // A non-root login user, visible only inside sshd's mount namespace.
    std::filesystem::create_directories(user_home());
    if (::chown(user_home().c_str(), kUserId, kUserId) != 0) throw std::runtime_error("chown failed");
    write_text(m_dir + "/passwd", read_text("/etc/passwd") + std::string(kUser) +
                                      ":x:" + std::to_string(kUserId) + ":" + std::to_string(kUserId) +
                                      ":hactl test:" + user_home() + ":/bin/sh\n");
    write_text(m_dir + "/group",
               read_text("/etc/group") + std::string(kUser) + ":x:" + std::to_string(kUserId) + ":\n");
    std::filesystem::create_directories("/run/sshd");
    write_text(m_dir + "/sshd_config", "ListenAddress " + m_address + ":" + std::to_string(m_port) +
                                           "\n"
                                           "HostKey " +
                                           m_host_key +
                                           "\n"
                                           "AuthorizedKeysFile " +
                                           m_authorized_keys +
                                           "\n"
                                           "PidFile none\n"
                                           "StrictModes no\n"
                                           "UsePAM no\n"
                                           "PermitRootLogin prohibit-password\n"
                                           "PubkeyAuthentication yes\n"
                                           "PasswordAuthentication no\n"
                                           "KbdInteractiveAuthentication no\n"
                                           "PrintMotd no\n"
                                           "PrintLastLog no\n"
                                           "UseDNS no\n"
                                           "MaxStartups 64\n"
                                           "MaxSessions 64\n"
                                           "LogLevel VERBOSE\n");
}

Sshd::~Sshd() { stop(); }

void Sshd::start() {
    if (m_pid > 0) return;
    const std::string script = "mount --bind " + shell_word(m_dir + "/root") + " /root && mount --bind " +
                               shell_word(m_dir + "/passwd") + " /etc/passwd && mount --bind " +
                               shell_word(m_dir + "/group") + " /etc/group && exec /usr/sbin/sshd -D -f " +
                               shell_word(m_dir + "/sshd_config") + " -E " + shell_word(m_dir + "/sshd.log");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        // If the test process dies (crash, ctest timeout), unshare dies with
        // it and --kill-child takes sshd and its sessions down too.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::execl("/usr/bin/unshare", "unshare", "--mount", "--propagation", "private", "--pid", "--fork",
                "--kill-child", "--", "/bin/sh", "-c", script.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    m_pid = pid;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!port_open(m_address, m_port)) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("sshd exited at start: " + log());
        }
        if (std::chrono::steady_clock::now() > give_up) {
            stop();
            throw std::runtime_error("sshd did not listen in time: " + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void Sshd::stop() {
    if (m_pid <= 0) return;
    // unshare blocks SIGTERM while it waits; SIGKILL ends it, --kill-child then
    // kills sshd, PID 1 of its namespace, and with it every session.
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (port_open(m_address, m_port) && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

int Sshd::connections() const {
    const std::string text = log();
    int count = 0;
    for (size_t at = text.find("Accepted publickey for "); at != std::string::npos;
         at = text.find("Accepted publickey for ", at + 1)) {
        ++count;
    }
    return count;
}

std::string Sshd::log() const {
    return read_text(m_dir + "/sshd.log");
}

std::string Sshd::known_hosts_line() const {
    std::string key = read_text(m_host_key + ".pub");
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    return "[" + m_address + "]:" + std::to_string(m_port) + " " + key + "\n";
}

}  // namespace hactl::ssh::test
