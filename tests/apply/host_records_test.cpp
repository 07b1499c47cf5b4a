#include "hactl/apply/host_records.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "apply/local_transport.hpp"
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

    JobPoll wait_finished(HostRecords& records, const std::string& step) {
        std::string all;
        std::size_t offset = 0;
        for (int i = 0; i < 200; ++i) {
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
    // The starting command returns at once although the job runs on.
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(records.start_job("copy-kvstore", "sleep 0.5; echo finished").succeeded());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(450));
    EXPECT_EQ(records.poll_job("copy-kvstore", 0).state, JobPoll::State::running);
    auto done = wait_finished(records, "copy-kvstore");
    EXPECT_EQ(done.exit_code, 0);
    EXPECT_EQ(done.output, "finished\n");
}

TEST_F(HostRecordsTest, NeverStartsTheSameJobTwice) {
    HostRecords records(m_host, m_dir.string());
    ASSERT_TRUE(records.start_job("replicate-postgres", "sleep 0.4; echo first").succeeded());
    auto second = records.start_job("replicate-postgres", "echo second");
    EXPECT_EQ(second.exit_code, 3);
    EXPECT_NE(second.err.find("already running"), std::string::npos);
    auto done = wait_finished(records, "replicate-postgres");
    EXPECT_EQ(done.output, "first\n");
    // Once finished, a new run replaces the record.
    ASSERT_TRUE(records.start_job("replicate-postgres", "echo again").succeeded());
    EXPECT_EQ(wait_finished(records, "replicate-postgres").output, "again\n");
}

TEST_F(HostRecordsTest, PollFollowsTheLogIncrementally) {
    HostRecords records(m_host, m_dir.string());
    ASSERT_TRUE(records.start_job("replicate-postgres", "echo 10%; sleep 0.3; echo 100%").succeeded());
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    auto first = records.poll_job("replicate-postgres", 0);
    EXPECT_EQ(first.output, "10%\n");
    auto done = wait_finished(records, "replicate-postgres");
    auto rest = records.poll_job("replicate-postgres", first.next_offset);
    EXPECT_EQ(rest.output, "100%\n");
}

TEST_F(HostRecordsTest, AKilledJobIsVanishedAndAMissingOneMissing) {
    HostRecords records(m_host, m_dir.string());
    EXPECT_EQ(records.poll_job("copy-kvstore", 0).state, JobPoll::State::missing);
    ASSERT_TRUE(records.start_job("copy-kvstore", "sleep 30").succeeded());
    auto pid = std::stoi(test::read_text(m_dir / "jobs/copy-kvstore/pid"));
    ASSERT_EQ(kill(-pid, SIGKILL), 0);  // the job leads its own session and group
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // The shell that records the exit status died with it: no exit file, no process.
    EXPECT_EQ(records.poll_job("copy-kvstore", 0).state, JobPoll::State::vanished);
    // A vanished job may be started again.
    EXPECT_TRUE(records.start_job("copy-kvstore", "true").succeeded());
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
