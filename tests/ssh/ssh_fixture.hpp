#pragma once
// Shared set-up of the SSH tests: keys, known_hosts and one sshd on
// 127.0.0.40 (a free port), started once per test suite.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "hactl/ssh/ssh_transport.hpp"
#include "test_sshd.hpp"

namespace hactl::ssh::test {

inline constexpr const char* kAddress = "127.0.0.40";
inline constexpr const char* kSecondAddress = "127.0.0.41";

/// A bound that only guards against hanging forever: what a test waits for
/// comes long before it, even on 2 loaded cores under sanitizers.
inline constexpr std::chrono::milliseconds kHangBound{30000};
/// The time a bounded wait may overrun its bound by: scheduling on 2 loaded
/// cores under sanitizers. A sanity bound, not a speed claim.
inline constexpr double kSlackMs = 3000;

/// Polls `condition` every 10 ms until it holds (true) or `bound` passed (false).
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds bound = kHangBound) {
    const auto give_up = std::chrono::steady_clock::now() + bound;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

/// A POSIX sh loop that holds until the file `release` exists (or about a
/// minute passed, so that a failed test leaves nothing running for long).
inline std::string hold_until(const std::string& release) {
    return "i=0; while [ ! -e '" + release + "' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done";
}

struct SshWorld {
    TempDir dir{"ssh"};
    std::string host_key = dir.file("host_ed25519");
    std::string client_key = dir.file("client_ed25519");
    std::string other_key = dir.file("other_ed25519");
    std::string authorized_keys = dir.file("authorized_keys");
    std::string known_hosts = dir.file("known_hosts");
    int port = free_port(kAddress);
    std::unique_ptr<Sshd> sshd;

    SshWorld() {
        ::chmod(dir.path().c_str(), 0755);  // the non-root user reads authorized_keys here
        generate_key(host_key);
        generate_key(client_key);
        generate_key(other_key);
        write_text(authorized_keys, read_text(client_key + ".pub"));
        ::chmod(authorized_keys.c_str(), 0644);
        sshd = std::make_unique<Sshd>(dir.file("sshd-a"), kAddress, port, host_key, authorized_keys);
        write_text(known_hosts, sshd->known_hosts_line());
        sshd->start();
    }
};

class SshFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_world = std::make_unique<SshWorld>(); }
    static void TearDownTestSuite() { s_world.reset(); }

    static SshWorld& world() { return *s_world; }
    static int port() { return s_world->port; }
    static std::string port_text() { return std::to_string(s_world->port); }
    /// "127.0.0.40:PORT"
    static std::string endpoint() { return std::string(kAddress) + ":" + port_text(); }

    /// Options that reach the test server with the client key.
    static SshOptions options() {
        SshOptions o;
        o.address = kAddress;
        o.port = port();
        o.user = "root";
        o.identity_file = world().client_key;
        o.known_hosts_file = world().known_hosts;
        o.read_ssh_config = false;
        o.connect_timeout = kHangBound;
        return o;
    }

    static double elapsed_ms(std::chrono::steady_clock::time_point since) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
    }

private:
    static inline std::unique_ptr<SshWorld> s_world;
};

}  // namespace hactl::ssh::test
