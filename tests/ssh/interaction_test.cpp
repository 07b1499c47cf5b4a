// Interactive commands on a pseudo-terminal against a real sshd.
#include "ssh_fixture.hpp"

namespace hactl::ssh::test {
namespace {

using namespace std::chrono_literals;
using transport::Status;

using SshInteractionTest = SshFixture;

/// Reads until `text` has appeared in everything read so far, or kHangBound passed.
bool read_until(transport::Interaction& session, const std::string& text, std::string& seen) {
    const auto give_up = std::chrono::steady_clock::now() + kHangBound;
    while (seen.find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        const auto chunk = session.read(200ms);
        if (chunk.status != Status::ok) return false;
        seen += chunk.data;
        if (chunk.eof && seen.find(text) == std::string::npos) return false;
    }
    return true;
}

TEST_F(SshInteractionTest, AnswersAPromptWithoutNewline) {
    const std::string script = world().dir.file("dialogue.sh");
    write_text(script,
               "printf 'Welcome\\n'\n"
               "printf 'Name? '\n"
               "read name\n"
               "printf 'got %s\\n' \"$name\"\n"
               "echo on-stderr >&2\n"
               "exit 3\n");
    SshTransport ssh(options());
    transport::CommandResult error;
    auto session = ssh.start_interactive("sh " + script, error);
    ASSERT_NE(session, nullptr) << error.message;
    std::string seen;
    ASSERT_TRUE(read_until(*session, "Name? ", seen)) << seen;
    EXPECT_NE(seen.find("Welcome"), std::string::npos);
    EXPECT_EQ(seen.find("got"), std::string::npos) << "the script ran ahead of its input";
    ASSERT_TRUE(session->write("alice\n"));
    ASSERT_TRUE(read_until(*session, "got alice", seen)) << seen;
    const auto finished = session->finish(kHangBound);
    ASSERT_EQ(finished.status, Status::ok) << finished.message;
    EXPECT_EQ(finished.exit_code, 3);
    seen += finished.out;
    // The terminal echoes input and merges stderr into the output.
    EXPECT_NE(seen.find("alice\r\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("on-stderr"), std::string::npos) << seen;
    EXPECT_TRUE(finished.err.empty());
    // The transport's session is still there for plain commands.
    EXPECT_TRUE(ssh.run("true", kHangBound).succeeded());
    EXPECT_EQ(ssh.connections_opened(), 1);
}

TEST_F(SshInteractionTest, ReadWaitsAtMostTheGivenTime) {
    SshTransport ssh(options());
    transport::CommandResult error;
    const std::string release = world().dir.file("late-release");
    auto session = ssh.start_interactive(hold_until(release) + "; echo late", error);
    ASSERT_NE(session, nullptr) << error.message;
    const auto start = std::chrono::steady_clock::now();
    const auto early = session->read(150ms);
    const double took = elapsed_ms(start);
    EXPECT_EQ(early.status, Status::ok);
    EXPECT_TRUE(early.data.empty()) << early.data;
    EXPECT_FALSE(early.eof);
    EXPECT_GE(took, 150.0);  // it did wait
    EXPECT_LT(took, 150.0 + kSlackMs);
    write_text(release, "");
    std::string seen;
    EXPECT_TRUE(read_until(*session, "late", seen)) << seen;
    const auto finished = session->finish(kHangBound);
    EXPECT_EQ(finished.status, Status::ok) << finished.message;
    EXPECT_EQ(finished.exit_code, 0);
}

TEST_F(SshInteractionTest, FinishHonoursItsDeadline) {
    SshTransport ssh(options());
    transport::CommandResult error;
    const std::string release = world().dir.file("finish-release");
    auto session = ssh.start_interactive(hold_until(release), error);
    ASSERT_NE(session, nullptr) << error.message;
    const auto start = std::chrono::steady_clock::now();
    const auto finished = session->finish(300ms);
    const double took = elapsed_ms(start);
    write_text(release, "");
    EXPECT_EQ(finished.status, Status::timeout);
    EXPECT_GE(took, 300.0);
    EXPECT_LT(took, 300.0 + kSlackMs);
    EXPECT_TRUE(ssh.run("true", kHangBound).succeeded());
}

TEST_F(SshInteractionTest, HostKeyRefusalComesBackAsError) {
    SshOptions o = options();
    o.known_hosts_file = world().dir.file("absent_known_hosts");
    SshTransport ssh(o);
    transport::CommandResult error;
    auto session = ssh.start_interactive("cat", error);
    EXPECT_EQ(session, nullptr);
    EXPECT_EQ(error.error, transport::TransportError::host_key_unknown) << error.message;
}

}  // namespace
}  // namespace hactl::ssh::test
