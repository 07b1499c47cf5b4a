// SshTransport::run against a real sshd: exit codes, streams, deadlines,
// large outputs, session reuse and reconnection.
#include <filesystem>
#include <cstdio>
#include <future>

#include "ssh_fixture.hpp"

namespace hactl::ssh::test {
namespace {

using namespace std::chrono_literals;
using transport::Status;
using transport::TransportError;

using SshRunTest = SshFixture;

TEST_F(SshRunTest, SeparatesStdoutStderrAndReportsExitCode) {
    SshTransport ssh(options());
    const auto result = ssh.run("echo to-out; echo to-err >&2; exit 7", kHangBound);
    ASSERT_EQ(result.status, Status::ok) << result.message;
    EXPECT_EQ(result.exit_code, 7);
    EXPECT_EQ(result.out, "to-out\n");
    EXPECT_EQ(result.err, "to-err\n");
    EXPECT_EQ(result.error, TransportError::none);
    EXPECT_FALSE(result.succeeded());
}

TEST_F(SshRunTest, ZeroExitSucceeds) {
    SshTransport ssh(options());
    const auto result = ssh.run("printf '%s' \"$((6 * 7))\"", kHangBound);
    ASSERT_EQ(result.status, Status::ok) << result.message;
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.out, "42");
    EXPECT_TRUE(result.err.empty());
    EXPECT_TRUE(result.succeeded());
}

TEST_F(SshRunTest, NonZeroExitIsDataAndTheSessionStaysUsable) {
    SshTransport ssh(options());
    const auto failed = ssh.run("ls /definitely/not/here", kHangBound);
    ASSERT_EQ(failed.status, Status::ok) << failed.message;
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_NE(failed.err.find("/definitely/not/here"), std::string::npos) << failed.err;
    const auto next = ssh.run("echo fine", kHangBound);
    EXPECT_TRUE(next.succeeded()) << next.message;
    EXPECT_EQ(ssh.connections_opened(), 1);
}

TEST_F(SshRunTest, ReportsCommandKilledBySignal) {
    SshTransport ssh(options());
    const auto result = ssh.run("kill -KILL $$", kHangBound);
    ASSERT_EQ(result.status, Status::ok) << result.message;
    EXPECT_EQ(result.exit_code, 128 + 9) << result.message;
}

TEST_F(SshRunTest, DeadlineIsHonoured) {
    SshTransport ssh(options());
    { const auto c = ssh.connect(); ASSERT_EQ(c.status, Status::ok) << c.message; }
    const std::string release = world().dir.file("deadline-release");
    // Holds until released, so the deadline ends it whatever the machine's speed.
    const auto start = std::chrono::steady_clock::now();
    const auto result = ssh.run("echo started; " + hold_until(release) + "; echo never", 2000ms);
    const double took = elapsed_ms(start);
    write_text(release, "");
    EXPECT_EQ(result.status, Status::timeout);
    EXPECT_GE(took, 2000.0);  // not before the deadline
    EXPECT_LT(took, 2000.0 + kSlackMs);
    EXPECT_EQ(result.out, "started\n");  // what arrived before the deadline is kept
    EXPECT_NE(result.message.find("2000 ms"), std::string::npos) << result.message;
    // The session survives a timed-out command.
    const auto next = ssh.run("echo after", kHangBound);
    EXPECT_TRUE(next.succeeded()) << next.message;
    EXPECT_EQ(next.out, "after\n");
    EXPECT_EQ(ssh.connections_opened(), 1);
}

TEST_F(SshRunTest, TimedOutCommandIsSignalled) {
    // OpenSSH delivers signals to sessions of non-root users only (root
    // sessions run without privilege separation), so this runs as one.
    SshOptions o = options();
    o.user = kUser;
    SshTransport ssh(o);
    const std::string home = world().sshd->user_home();
    const std::string started = home + "/started", trapped = home + "/trapped", survived = home + "/survived",
                      alive = home + "/alive";
    for (const auto& file : {started, trapped, survived}) std::filesystem::remove(file);
    // The command holds a lock on `alive` for as long as it (or any child)
    // runs. Its output goes nowhere: a shell writing "Terminated" to a closed
    // channel would die of SIGPIPE before its TERM trap ran.
    const std::string command = "exec 9>" + alive + " >/dev/null 2>&1; flock 9; trap 'touch " + trapped +
                                "; exit 1' TERM; touch " + started + "; " + hold_until(home + "/never") +
                                "; touch " + survived;
    const auto result = ssh.run(command, 5000ms);
    EXPECT_EQ(result.status, Status::timeout) << result.message;
    ASSERT_TRUE(std::filesystem::exists(started)) << "the command did not start before its deadline";
    const bool ended = eventually([&] {
        const LocalResult probe = run_local("flock -n " + alive + " true");
        return probe.exit_code == 0;
    });
    EXPECT_TRUE(ended) << "the command kept running after the deadline";
    EXPECT_TRUE(std::filesystem::exists(trapped)) << "the command was not sent SIGTERM";
    EXPECT_FALSE(std::filesystem::exists(survived)) << "the command ran on after the deadline";
}

TEST_F(SshRunTest, AbandonedCommandsEndIsNotTakenForTheNextOne) {
    // The server reports how an abandoned command ended (here exit-signal
    // KILL) after its channel was given up, while the next command runs: the
    // report must go nowhere (under ASan: no use of the freed channel).
    SshOptions o = options();
    o.user = kUser;
    SshTransport ssh(o);
    const std::string home = world().sshd->user_home();
    const std::string started = home + "/abandoned-started", alive = home + "/abandoned-alive",
                      release = home + "/abandoned-release";
    for (const auto& file : {started, release}) std::filesystem::remove(file);
    // Ignores the SIGTERM of the timeout, holds until released, then dies of SIGKILL.
    const std::string command = "trap '' TERM; exec 9>" + alive + " >/dev/null 2>&1; flock 9; touch " +
                                started + "; " + hold_until(release) + "; kill -KILL $$";
    const auto result = ssh.run(command, 5000ms);
    EXPECT_EQ(result.status, Status::timeout) << result.message;
    ASSERT_TRUE(std::filesystem::exists(started)) << "the command did not start before its deadline";
    // The next command releases the first and waits for its end; then it
    // closes its output a while before it exits, the moment a stale report
    // would be taken for its end.
    const auto next = ssh.run(
        "touch " + release + "; flock " + alive + " true; echo after; exec >/dev/null 2>&1; sleep 1", kHangBound);
    EXPECT_TRUE(next.succeeded()) << next.exit_code << " " << next.message;
    EXPECT_EQ(next.out, "after\n");
    EXPECT_EQ(next.message, "");
    const auto last = ssh.run("echo last", kHangBound);
    EXPECT_TRUE(last.succeeded()) << last.exit_code << " " << last.message;
    EXPECT_EQ(ssh.connections_opened(), 1);
}

TEST_F(SshRunTest, NonRootUserRunsCommands) {
    SshOptions o = options();
    o.user = kUser;
    SshTransport ssh(o);
    EXPECT_EQ(ssh.describe(), std::string(kUser) + "@" + endpoint());
    const auto result = ssh.run("id -un; echo \"$HOME\"", kHangBound);
    ASSERT_TRUE(result.succeeded()) << result.message;
    EXPECT_EQ(result.out, std::string(kUser) + "\n" + world().sshd->user_home() + "\n");
}

TEST_F(SshRunTest, LargeOutputsOnBothStreams) {
    SshTransport ssh(options());
    constexpr size_t kOut = 5 * 1024 * 1024;
    constexpr size_t kErr = 2 * 1024 * 1024;
    // stderr first and larger than the channel window: stdout must not wait for it.
    const auto start = std::chrono::steady_clock::now();
    const auto result = ssh.run("head -c 2097152 /dev/zero | tr '\\0' e >&2; head -c 5242880 /dev/zero | tr '\\0' o",
                                30s);
    const double took = elapsed_ms(start);
    ASSERT_EQ(result.status, Status::ok) << result.message;
    EXPECT_EQ(result.exit_code, 0);
    ASSERT_EQ(result.out.size(), kOut);
    ASSERT_EQ(result.err.size(), kErr);
    EXPECT_EQ(result.out.find_first_not_of('o'), std::string::npos);
    EXPECT_EQ(result.err.find_first_not_of('e'), std::string::npos);
    std::printf("[ figures  ] 5 MiB stdout + 2 MiB stderr in %.0f ms\n", took);
}

TEST_F(SshRunTest, OneSessionServesManyCommands) {
    const int before = world().sshd->connections();
    SshTransport ssh(options());
    for (int i = 0; i < 20; ++i) {
        const auto result = ssh.run("echo " + std::to_string(i), kHangBound);
        ASSERT_TRUE(result.succeeded()) << result.message;
        EXPECT_EQ(result.out, std::to_string(i) + "\n");
    }
    EXPECT_EQ(ssh.connections_opened(), 1);
    EXPECT_EQ(world().sshd->connections() - before, 1) << world().sshd->log();
}

TEST_F(SshRunTest, ReconnectsAfterServerRestart) {
    const int before = world().sshd->connections();
    SshTransport ssh(options());
    ASSERT_TRUE(ssh.run("true", kHangBound).succeeded());
    world().sshd->stop();
    world().sshd->start();
    const auto result = ssh.run("echo back", kHangBound);
    ASSERT_TRUE(result.succeeded()) << result.message;
    EXPECT_EQ(result.out, "back\n");
    EXPECT_EQ(ssh.connections_opened(), 2);
    EXPECT_EQ(world().sshd->connections() - before, 2);
}

TEST_F(SshRunTest, ConnectionLostDuringCommandIsUnreachableThenReconnects) {
    SshTransport ssh(options());
    { const auto c = ssh.connect(); ASSERT_EQ(c.status, Status::ok) << c.message; }
    // /root of the server's namespace is this directory.
    const std::string started = world().dir.file("sshd-a/root/lost-started");
    std::filesystem::remove(started);
    // The command holds until the server goes; a deadline far beyond the test
    // tells a noticed loss (transport_error) from a wait for the deadline (timeout).
    auto pending = std::async(std::launch::async, [&] {
        return ssh.run("touch /root/lost-started; " + hold_until("/root/never"), 60s);
    });
    ASSERT_TRUE(eventually([&] { return std::filesystem::exists(started); })) << "the command never started";
    const auto stopped = std::chrono::steady_clock::now();
    world().sshd->stop();
    const auto lost = pending.get();
    std::printf("[ figures  ] connection loss noticed %.0f ms after the server stopped\n",
                elapsed_ms(stopped));
    EXPECT_EQ(lost.status, Status::transport_error);
    EXPECT_EQ(lost.error, TransportError::unreachable);
    EXPECT_NE(lost.message.find("lost"), std::string::npos) << lost.message;

    // While the server is down: unreachable (refused, not a wait for the deadline).
    const auto down = ssh.run("true", kHangBound);
    EXPECT_EQ(down.error, TransportError::unreachable) << down.message;

    world().sshd->start();
    const auto again = ssh.run("echo again", kHangBound);
    EXPECT_TRUE(again.succeeded()) << again.message;
    EXPECT_EQ(again.out, "again\n");
}

TEST_F(SshRunTest, DescribeNamesUserAddressAndPort) {
    SshTransport ssh(options());
    EXPECT_EQ(ssh.describe(), "root@" + endpoint());
}

TEST_F(SshRunTest, SessionsHaveACleanEnvironment) {
    SshTransport ssh(options());
    const auto result = ssh.run("echo \"$HOME\"; type pyenv >/dev/null 2>&1 && echo pyenv || echo clean", kHangBound);
    ASSERT_TRUE(result.succeeded()) << result.message;
    EXPECT_EQ(result.out, "/root\nclean\n");
}

}  // namespace
}  // namespace hactl::ssh::test
