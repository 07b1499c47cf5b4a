#pragma once
// A real OpenSSH server for tests: /usr/sbin/sshd on a loopback address, in
// its own mount and PID namespaces (a clean /root, so the sessions do not run
// root's ~/.bashrc), with generated keys. Stopping it kills every process it
// started, established sessions included.
#include <sys/types.h>

#include <string>

#include "../support/files.hpp"
#include "hactl/ssh/ssh_transport.hpp"

namespace hactl::ssh::test {

using ::hactl::test::read_text;
using ::hactl::test::TempDir;
using ::hactl::test::write_text;

/// Output and exit code of a local shell command.
struct LocalResult {
    int exit_code = -1;
    std::string out;
};

/// Runs `command` with /bin/sh and returns its stdout and exit code.
LocalResult run_local(const std::string& command);

/// Generates an ed25519 key pair at `path` and `path`.pub; throws on failure.
void generate_key(const std::string& path);

/// "SHA256:..." of a public key file, as ssh-keygen -l prints it.
std::string fingerprint_of(const std::string& public_key_path);

/// The non-root login user every test server has (besides root).
inline constexpr const char* kUser = "hactlops";
inline constexpr int kUserId = 4242;

class Sshd {
public:
    /// Prepares config and a clean root home in `dir`; does not start.
    Sshd(std::string dir, std::string address, int port, std::string host_key, std::string authorized_keys);
    ~Sshd();
    Sshd(const Sshd&) = delete;
    Sshd& operator=(const Sshd&) = delete;

    /// Starts sshd and waits until it accepts connections; throws on failure.
    void start();
    /// Kills sshd and all its sessions; waits until the port is closed.
    void stop();
    bool running() const { return m_pid > 0; }

    /// How many connections authenticated since sshd was first started (one per SSH session).
    int connections() const;
    /// sshd's log (LogLevel VERBOSE).
    std::string log() const;
    /// A known_hosts line for this server's host key.
    std::string known_hosts_line() const;

    /// Home directory of kUser (writable by it, readable from the tests).
    std::string user_home() const { return m_dir + "/home-ops"; }
    const std::string& address() const { return m_address; }
    int port() const { return m_port; }

private:
    std::string m_dir;
    std::string m_address;
    int m_port;
    std::string m_host_key;
    std::string m_authorized_keys;
    pid_t m_pid = -1;
};

/// A TCP port nothing listens on at `address` right now (the kernel's pick),
/// so that concurrent test runs do not collide.
int free_port(const std::string& address);

/// True when something accepts TCP connections on address:port.
bool port_open(const std::string& address, int port);

}  // namespace hactl::ssh::test
