// Host key checking and authentication against a real sshd: nothing runs on
// a host whose key is unknown or changed; refusals name the fix.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "ssh_fixture.hpp"

namespace hactl::ssh::test {
namespace {

using namespace std::chrono_literals;
using transport::Status;
using transport::TransportError;

class SshHostKeyTest : public SshFixture {
protected:
    /// A command that leaves a trace if it ever runs.
    std::string marker_command() const { return "touch " + marker(); }
    std::string marker() const { return world().dir.file("marker-" + std::to_string(::getpid())); }

    static std::string server_fingerprint() { return fingerprint_of(world().host_key + ".pub"); }
    static std::string other_key_line() {
        return "[127.0.0.40]:" + port_text() + " " + read_text(world().other_key + ".pub");
    }
};

TEST_F(SshHostKeyTest, UnknownKeyIsRefusedBeforeAnyCommand) {
    const std::string known = world().dir.file("known_hosts_other_host");
    write_text(known, "[127.0.0.99]:22 " + read_text(world().host_key + ".pub"));
    SshOptions o = options();
    o.known_hosts_file = known;
    const int accepted_before = world().sshd->connections();
    SshTransport ssh(o);
    const auto result = ssh.run(marker_command(), kHangBound);
    EXPECT_EQ(result.status, Status::transport_error);
    EXPECT_EQ(result.error, TransportError::host_key_unknown);
    EXPECT_FALSE(std::filesystem::exists(marker()));
    EXPECT_EQ(world().sshd->connections(), accepted_before) << "authentication happened";
    const std::string fp = server_fingerprint();
    ASSERT_EQ(fp.rfind("SHA256:", 0), 0u) << fp;
    EXPECT_NE(result.message.find(fp), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("ssh-keyscan -p " + port_text() + " -t ed25519 127.0.0.40 >> " + known),
              std::string::npos)
        << result.message;
    EXPECT_NE(result.message.find("--accept-new-host-key"), std::string::npos) << result.message;
}

TEST_F(SshHostKeyTest, MissingKnownHostsFileMeansUnknown) {
    const std::string known = world().dir.file("no-such-known_hosts");
    SshOptions o = options();
    o.known_hosts_file = known;
    SshTransport ssh(o);
    const auto result = ssh.connect();
    EXPECT_EQ(result.error, TransportError::host_key_unknown) << result.message;
    EXPECT_NE(result.message.find("does not exist"), std::string::npos) << result.message;
    EXPECT_FALSE(std::filesystem::exists(known));
    const auto run = ssh.run(marker_command(), kHangBound);
    EXPECT_EQ(run.error, TransportError::host_key_unknown);
    EXPECT_FALSE(std::filesystem::exists(marker()));
}

TEST_F(SshHostKeyTest, ChangedKeyIsRefusedEvenWithAcceptNew) {
    const std::string known = world().dir.file("known_hosts_changed");
    const std::string recorded = other_key_line();
    write_text(known, recorded);
    SshOptions o = options();
    o.known_hosts_file = known;
    o.accept_new_host_key = true;
    const int accepted_before = world().sshd->connections();
    SshTransport ssh(o);
    const auto result = ssh.run(marker_command(), kHangBound);
    EXPECT_EQ(result.status, Status::transport_error);
    EXPECT_EQ(result.error, TransportError::host_key_changed);
    EXPECT_FALSE(std::filesystem::exists(marker()));
    EXPECT_EQ(world().sshd->connections(), accepted_before);
    EXPECT_EQ(read_text(known), recorded) << "known_hosts was modified";
    EXPECT_NE(result.message.find(server_fingerprint()), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("ssh-keygen -R '[127.0.0.40]:" + port_text() + "' -f " + known), std::string::npos)
        << result.message;
}

TEST_F(SshHostKeyTest, AcceptNewAddsTheKeyAndStrictCheckingThenPasses) {
    const std::string known = world().dir.file("known_hosts_new");
    SshOptions o = options();
    o.known_hosts_file = known;
    o.accept_new_host_key = true;
    {
        SshTransport ssh(o);
        const auto result = ssh.connect();
        ASSERT_EQ(result.status, Status::ok) << result.message;
        EXPECT_NE(result.message.find(server_fingerprint()), std::string::npos) << result.message;
        EXPECT_TRUE(ssh.run("true", kHangBound).succeeded());
    }
    std::string host_key = read_text(world().host_key + ".pub");
    host_key = host_key.substr(0, host_key.rfind(' '));  // "ssh-ed25519 BASE64"
    EXPECT_NE(read_text(known).find(host_key), std::string::npos) << read_text(known);
    o.accept_new_host_key = false;
    SshTransport strict(o);
    const auto again = strict.run("echo ok", kHangBound);
    EXPECT_TRUE(again.succeeded()) << again.message;
}

TEST_F(SshHostKeyTest, AcceptNewCreatesAMissingDirectory) {
    const std::string known = world().dir.file("fresh-dir/sub/known_hosts");
    SshOptions o = options();
    o.known_hosts_file = known;
    o.accept_new_host_key = true;
    SshTransport ssh(o);
    const auto result = ssh.run("true", kHangBound);
    EXPECT_TRUE(result.succeeded()) << result.message;
    EXPECT_NE(read_text(known).find("ssh-ed25519 "), std::string::npos);
}

TEST_F(SshHostKeyTest, SshConfigIsHonoured) {
    // User and IdentityFile from the ssh configuration when the options leave them out.
    const std::string config = world().dir.file("ssh_config");
    write_text(config, "Host 127.0.0.40\n  User " + std::string(kUser) + "\n  IdentityFile " +
                           world().client_key + "\n");
    SshOptions o = options();
    o.user.clear();
    o.identity_file.reset();
    o.read_ssh_config = true;
    o.ssh_config_file = config;
    SshTransport ssh(o);
    EXPECT_EQ(ssh.describe(), std::string(kUser) + "@" + endpoint());
    const auto result = ssh.run("id -un", kHangBound);
    EXPECT_TRUE(result.succeeded()) << result.message;
    EXPECT_EQ(result.out, std::string(kUser) + "\n");
    // Options given explicitly win over the configuration.
    o.user = "root";
    o.identity_file = world().client_key;
    SshTransport explicit_user(o);
    const auto as_root = explicit_user.run("id -un", kHangBound);
    EXPECT_EQ(as_root.out, "root\n") << as_root.message;
}

TEST_F(SshHostKeyTest, PrefersCurve25519AndEd25519) {
    SshTransport ssh(options());
    EXPECT_EQ(ssh.connection_info(), "");
    ASSERT_EQ(ssh.connect().status, Status::ok);
    const std::string info = ssh.connection_info();
    EXPECT_NE(info.find("kex curve25519-sha256"), std::string::npos) << info;
    EXPECT_NE(info.find("host key ssh-ed25519"), std::string::npos) << info;
}

TEST_F(SshHostKeyTest, KnownKeyOfAnotherTypeIsUsedNotRefused) {
    // A server with ecdsa and ed25519 keys, known_hosts recording only the
    // ecdsa one (as an OpenSSH client may have written it): the recorded
    // algorithm is negotiated, the key is not reported as changed.
    const std::string ecdsa = world().dir.file("host_ecdsa");
    ASSERT_EQ(run_local("ssh-keygen -q -t ecdsa -N '' -f " + ecdsa + " </dev/null >/dev/null 2>&1").exit_code, 0);
    const int both_port = free_port(kSecondAddress);
    Sshd both(world().dir.file("sshd-both"), kSecondAddress, both_port, world().host_key, world().authorized_keys);
    write_text(world().dir.file("sshd-both/sshd_config"),
               read_text(world().dir.file("sshd-both/sshd_config")) + "HostKey " + ecdsa + "\n");
    both.start();
    const std::string known = world().dir.file("known_hosts_ecdsa");
    write_text(known, "[127.0.0.41]:" + std::to_string(both_port) + " " + read_text(ecdsa + ".pub"));
    SshOptions o = options();
    o.address = kSecondAddress;
    o.port = both_port;
    o.known_hosts_file = known;
    SshTransport ssh(o);
    const auto result = ssh.run("true", kHangBound);
    EXPECT_TRUE(result.succeeded()) << result.message;
    EXPECT_NE(ssh.connection_info().find("host key ecdsa-sha2-nistp256"), std::string::npos)
        << ssh.connection_info();
}

TEST_F(SshHostKeyTest, WrongIdentityIsAuthFailed) {
    SshOptions o = options();
    o.identity_file = world().other_key;
    SshTransport ssh(o);
    const auto result = ssh.run(marker_command(), kHangBound);
    EXPECT_EQ(result.status, Status::transport_error);
    EXPECT_EQ(result.error, TransportError::auth_failed);
    EXPECT_FALSE(std::filesystem::exists(marker()));
    EXPECT_NE(result.message.find("root@" + endpoint()), std::string::npos) << result.message;
    EXPECT_NE(result.message.find(world().other_key), std::string::npos) << result.message;
    // No key material in the message.
    const std::string secret = read_text(world().other_key);
    const std::string body = secret.substr(secret.find('\n') + 1, 40);
    EXPECT_EQ(result.message.find(body), std::string::npos);
    EXPECT_EQ(result.message.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(SshHostKeyTest, UnreadableIdentityIsAuthFailed) {
    SshOptions o = options();
    o.identity_file = world().dir.file("no-such-key");
    SshTransport ssh(o);
    const auto result = ssh.connect();
    EXPECT_EQ(result.error, TransportError::auth_failed) << result.message;
    EXPECT_NE(result.message.find("no-such-key"), std::string::npos) << result.message;
}

TEST_F(SshHostKeyTest, RefusedPortIsUnreachableFast) {
    SshOptions o = options();
    o.port = free_port(kAddress);  // nothing listens there
    SshTransport ssh(o);
    const auto start = std::chrono::steady_clock::now();
    const auto result = ssh.run("true", kHangBound);
    // Refused at once, not after the connect timeout (kHangBound as well).
    EXPECT_LT(elapsed_ms(start), static_cast<double>(kHangBound.count()) / 2);
    EXPECT_EQ(result.status, Status::transport_error);
    EXPECT_EQ(result.error, TransportError::unreachable);
    EXPECT_NE(result.message.find("root@127.0.0.40:" + std::to_string(o.port)), std::string::npos) << result.message;
}

TEST_F(SshHostKeyTest, SilentServerHitsTheConnectTimeout) {
    // Accepts TCP connections (the kernel does) but never says a word.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = 0;
    ::inet_pton(AF_INET, kSecondAddress, &local.sin_addr);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local), 0);
    ASSERT_EQ(::listen(fd, 8), 0);
    socklen_t length = sizeof local;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length), 0);
    SshOptions o = options();
    o.address = kSecondAddress;
    o.port = ntohs(local.sin_port);
    o.connect_timeout = 500ms;
    SshTransport ssh(o);
    const auto start = std::chrono::steady_clock::now();
    const auto result = ssh.run("true", kHangBound);
    const double took = elapsed_ms(start);
    ::close(fd);
    EXPECT_EQ(result.error, TransportError::unreachable) << result.message;
    // Ended by the connect timeout, not by the command's far later deadline.
    EXPECT_GE(took, 500.0);
    EXPECT_LT(took, 500.0 + kSlackMs);
}

TEST_F(SshHostKeyTest, SshAgentIsUsedWithoutIdentityFile) {
    const std::string socket = world().dir.file("agent.sock");
    const LocalResult agent = run_local("ssh-agent -s -a " + socket);
    ASSERT_EQ(agent.exit_code, 0);
    const auto at = agent.out.find("SSH_AGENT_PID=");
    ASSERT_NE(at, std::string::npos);
    const pid_t agent_pid = static_cast<pid_t>(std::atoi(agent.out.c_str() + at + 14));
    ASSERT_GT(agent_pid, 0);
    struct StopAgent {
        pid_t pid;
        ~StopAgent() { ::kill(pid, SIGTERM); }
    } stop_agent{agent_pid};
    ::setenv("SSH_AUTH_SOCK", socket.c_str(), 1);

    SshOptions o = options();
    o.identity_file.reset();
    {
        SshTransport empty_agent(o);
        const auto refused = empty_agent.connect();
        EXPECT_EQ(refused.error, TransportError::auth_failed) << refused.message;
        EXPECT_NE(refused.message.find("ssh-agent"), std::string::npos) << refused.message;
    }
    ASSERT_EQ(run_local("SSH_AUTH_SOCK=" + socket + " ssh-add -q " + world().client_key + " 2>&1").exit_code, 0);
    SshTransport ssh(o);
    const auto result = ssh.run("echo via-agent", kHangBound);
    ::unsetenv("SSH_AUTH_SOCK");
    EXPECT_TRUE(result.succeeded()) << result.message;
    EXPECT_EQ(result.out, "via-agent\n");
}

}  // namespace
}  // namespace hactl::ssh::test
