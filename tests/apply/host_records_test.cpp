#include "hactl/apply/host_records.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "apply/local_transport.hpp"
#include "hactl/apply/lock_owner.hpp"
#include "support/files.hpp"

using namespace hactl;
using apply::HostRecords;
using apply::JobPoll;
namespace fs = std::filesystem;

namespace {

class HostRecordsTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("hactl-records-" + std::to_string(getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    /// A shell command that blocks until the test calls open_gate() (or its
    /// directory is gone: no job outlives a failed test).
    std::string wait_for_gate() const {
        return "while [ ! -e '" + (m_dir / "gate").string() + "' ] && [ -d '" + m_dir.string() +
               "' ]; do sleep 0.01; done";
    }
    void open_gate() const { test::write_text(m_dir / "gate", ""); }

    /// Polls until the job ends (bounded only against a hang: 60 s).
    JobPoll wait_finished(HostRecords& records, const std::string& step) {
        std::string all;
        std::size_t offset = 0;
        for (int i = 0; i < 2400; ++i) {
            auto poll = records.poll_job(step, offset);
            all += poll.output;
            offset = poll.next_offset;
            if (poll.state != JobPoll::State::running) {
                poll.output = all;
                return poll;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        ADD_FAILURE() << "job did not finish";
        return {};
    }

    fs::path m_dir;
    test::LocalTransport m_host;
};

}  // namespace

TEST_F(HostRecordsTest, JobRunsDetachedAndRecordsOutputAndExitStatus) {
    HostRecords records(m_host, m_dir.string());
    auto started = records.start_job("replicate-postgres", "echo one; echo two >&2; exit 7");
    ASSERT_TRUE(started.succeeded()) << started.err;
    auto done = wait_finished(records, "replicate-postgres");
    EXPECT_EQ(done.state, JobPoll::State::finished);
    EXPECT_EQ(done.exit_code, 7);
    EXPECT_EQ(done.output, "one\ntwo\n");
    EXPECT_EQ(test::read_text(m_dir / "jobs/replicate-postgres/command"), "echo one; echo two >&2; exit 7\n");
}

TEST_F(HostRecordsTest, JobSurvivesTheSessionThatStartedIt) {
    HostRecords records(m_host, m_dir.string());
    // The job waits for a gate the test opens: the start returned while the job
    // could not have finished.
    ASSERT_TRUE(records.start_job("copy-kvstore", wait_for_gate() + "; echo finished").succeeded());
    EXPECT_EQ(records.poll_job("copy-kvstore", 0).state, JobPoll::State::running);
    open_gate();
    auto done = wait_finished(records, "copy-kvstore");
    EXPECT_EQ(done.exit_code, 0);
    EXPECT_EQ(done.output, "finished\n");
}

TEST_F(HostRecordsTest, NeverStartsTheSameJobTwice) {
    HostRecords records(m_host, m_dir.string());
    ASSERT_TRUE(records.start_job("replicate-postgres", wait_for_gate() + "; echo first").succeeded());
    auto second = records.start_job("replicate-postgres", "echo second");
    EXPECT_EQ(second.exit_code, 3);
    EXPECT_NE(second.err.find("already running"), std::string::npos);
    open_gate();
    auto done = wait_finished(records, "replicate-postgres");
    EXPECT_EQ(done.output, "first\n");
    // Once finished, a new run replaces the record.
    ASSERT_TRUE(records.start_job("replicate-postgres", "echo again").succeeded());
    EXPECT_EQ(wait_finished(records, "replicate-postgres").output, "again\n");
}

TEST_F(HostRecordsTest, PollFollowsTheLogIncrementally) {
    HostRecords records(m_host, m_dir.string());
    ASSERT_TRUE(records.start_job("replicate-postgres", "echo 10%; " + wait_for_gate() + "; echo 100%").succeeded());
    JobPoll first;
    for (int i = 0; i < 2000 && first.output.empty(); ++i) {  // until the first line is in the log
        first = records.poll_job("replicate-postgres", 0);
        if (first.output.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(first.state, JobPoll::State::running);
    EXPECT_EQ(first.output, "10%\n");
    open_gate();
    wait_finished(records, "replicate-postgres");
    auto rest = records.poll_job("replicate-postgres", first.next_offset);
    EXPECT_EQ(rest.output, "100%\n");
}

TEST_F(HostRecordsTest, AKilledJobIsLostAndAMissingOneMissing) {
    HostRecords records(m_host, m_dir.string());
    EXPECT_EQ(records.poll_job("copy-kvstore", 0).state, JobPoll::State::missing);
    ASSERT_TRUE(records.start_job("copy-kvstore", wait_for_gate()).succeeded());
    auto pid = std::stoi(test::read_text(m_dir / "jobs/copy-kvstore/pid"));
    ASSERT_EQ(kill(-pid, SIGKILL), 0);  // the job leads its own session and group
    // The shell that records the exit status died with it: no exit file, no process.
    JobPoll poll;
    for (int i = 0; i < 2000; ++i) {
        poll = records.poll_job("copy-kvstore", 0);
        if (poll.state != JobPoll::State::running) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(poll.state, JobPoll::State::lost);
    // A lost job may be started again.
    EXPECT_TRUE(records.start_job("copy-kvstore", "true").succeeded());
}

// After a reboot (or a pid wrap-around) the recorded pid may name another,
// live process: the job is its pid AND its start time AND the boot it ran in.
TEST_F(HostRecordsTest, AJobWhosePidNowNamesAnotherProcessIsLostNotRunning) {
    HostRecords records(m_host, m_dir.string());
    const auto job = m_dir / "jobs/replicate-postgres";
    fs::create_directories(job);
    test::write_text(job / "command", "alation_action cluster_replicate_postgres\n");
    test::write_text(job / "log", "");
    const auto me = std::to_string(getpid());  // alive, but not the job
    const auto my_start = apply::process_start_time(getpid());
    ASSERT_TRUE(my_start.has_value());
    const auto boot = test::read_text("/proc/sys/kernel/random/boot_id");

    // The same pid and boot, another start time: a reused pid.
    test::write_text(job / "pid", me + "\n");
    test::write_text(job / "pid_start", "1\n");
    test::write_text(job / "boot_id", boot);
    EXPECT_EQ(records.poll_job("replicate-postgres", 0).state, JobPoll::State::lost);
    // The same pid and start time, recorded in another boot: the host rebooted.
    test::write_text(job / "pid_start", *my_start + "\n");
    test::write_text(job / "boot_id", "00000000-0000-0000-0000-000000000000\n");
    EXPECT_EQ(records.poll_job("replicate-postgres", 0).state, JobPoll::State::lost);
    // The check can fail: the very process, in this boot, is running.
    test::write_text(job / "boot_id", boot);
    EXPECT_EQ(records.poll_job("replicate-postgres", 0).state, JobPoll::State::running);
    EXPECT_EQ(records.start_job("replicate-postgres", "true").exit_code, 3);
}

TEST_F(HostRecordsTest, APrivilegePrefixThatWantsAPasswordIsNamedWithItsFix) {
    // A stub `sudo` that behaves as sudo -n does when the rule wants a password.
    const auto bin = m_dir / "bin";
    fs::create_directories(bin);
    test::write_text(bin / "sudo", "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
    fs::permissions(bin / "sudo", fs::perms::owner_all);
    test::LocalTransport host({"PATH=" + bin.string() + ":/usr/bin:/bin"});
    HostRecords records(host, (m_dir / "state").string(), "sudo -n");
    const auto problem = records.check_access("primary");
    EXPECT_NE(problem.find("the primary"), std::string::npos) << problem;
    EXPECT_NE(problem.find("a password is required"), std::string::npos) << problem;
    EXPECT_NE(problem.find("NOPASSWD"), std::string::npos) << problem;
    EXPECT_NE(problem.find("spec.primary.privilege"), std::string::npos) << problem;
    EXPECT_EQ(problem.find('\n'), std::string::npos) << "one line: " << problem;
    EXPECT_FALSE(fs::exists(m_dir / "state")) << "nothing was created";

    // A working prefix (here `env`, which runs its arguments) passes, and the
    // operations run through it.
    HostRecords granted(m_host, (m_dir / "state").string(), "env");
    EXPECT_EQ(granted.check_access("secondary"), "");
    EXPECT_TRUE(fs::is_directory(m_dir / "state"));
}

TEST_F(HostRecordsTest, AStateDirectoryThatCannotBeWrittenIsNamed) {
    const auto file = m_dir / "a-file";
    test::write_text(file, "x");
    HostRecords records(m_host, (file / "state").string());
    const auto problem = records.check_access("secondary");
    EXPECT_NE(problem.find("the secondary"), std::string::npos) << problem;
    EXPECT_NE(problem.find((file / "state").string()), std::string::npos) << problem;
    EXPECT_NE(problem.find("spec.secondary.privilege"), std::string::npos) << problem;
}

TEST_F(HostRecordsTest, ValuesWithShellMetacharactersStayData) {
    HostRecords records(m_host, (m_dir / "state dir; touch pwned").string());
    ASSERT_TRUE(records.write_receipt("max-wal-senders", {"value=4", "note=$(touch pwned2)'"}).succeeded());
    auto receipt = test::read_text(m_dir / "state dir; touch pwned/receipts/max-wal-senders");
    EXPECT_NE(receipt.find("completed_at=20"), std::string::npos);
    EXPECT_NE(receipt.find("note=$(touch pwned2)'\n"), std::string::npos);
    EXPECT_FALSE(fs::exists("pwned"));
    EXPECT_FALSE(fs::exists("pwned2"));
    ASSERT_TRUE(records.remove_receipt("max-wal-senders").succeeded());
    EXPECT_FALSE(fs::exists(m_dir / "state dir; touch pwned/receipts/max-wal-senders"));
}
