#include "hactl/apply/pair_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "apply/local_transport.hpp"
#include "support/files.hpp"

using namespace hactl;
using apply::LockOutcome;
using apply::PairLock;
namespace fs = std::filesystem;

namespace {

class PairLockTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("hactl-lock-" + std::to_string(getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string lock_text() { return test::read_text(m_dir / "lock"); }
    fs::path m_dir;
    test::LocalTransport m_host;
};

}  // namespace

TEST_F(PairLockTest, FirstAcquiresSecondIsToldWhoHoldsIt) {
    PairLock first(m_host, m_dir.string(), "alice@ops1", 111);
    PairLock second(m_host, m_dir.string(), "bob@ops2", 222);
    auto a = first.acquire();
    ASSERT_EQ(a.kind, LockOutcome::Kind::acquired) << a.message;
    auto b = second.acquire();
    EXPECT_EQ(b.kind, LockOutcome::Kind::held);
    EXPECT_NE(b.holder.find("alice@ops1"), std::string::npos) << b.holder;
    EXPECT_NE(b.holder.find("pid 111"), std::string::npos) << b.holder;
    EXPECT_FALSE(second.held());
    // The holder's record is untouched by the refused attempt.
    EXPECT_NE(lock_text().find("owner=alice@ops1\n"), std::string::npos);
    const auto expires = lock_text().find("expires_at=");
    ASSERT_NE(expires, std::string::npos);
    EXPECT_EQ(lock_text().substr(expires + 11 + 4, 1), "-") << lock_text();  // ISO-8601: YYYY-MM-DDTHH:MM:SSZ
    EXPECT_EQ(lock_text().substr(expires + 11 + 10, 1), "T") << lock_text();
}

TEST_F(PairLockTest, ReleaseLetsTheNextOneIn) {
    PairLock first(m_host, m_dir.string(), "alice@ops1", 111);
    PairLock second(m_host, m_dir.string(), "bob@ops2", 222);
    ASSERT_EQ(first.acquire().kind, LockOutcome::Kind::acquired);
    ASSERT_TRUE(first.release());
    EXPECT_FALSE(fs::exists(m_dir / "lock"));
    EXPECT_EQ(second.acquire().kind, LockOutcome::Kind::acquired);
    // A release by a former holder never removes another's lock.
    EXPECT_TRUE(first.release());
    EXPECT_TRUE(fs::exists(m_dir / "lock"));
}

TEST_F(PairLockTest, AnExpiredLockIsTakenOverAndTheTakeoverReported) {
    PairLock stale(m_host, m_dir.string(), "alice@ops1", 111, std::chrono::seconds(-10));
    ASSERT_EQ(stale.acquire().kind, LockOutcome::Kind::acquired);
    PairLock next(m_host, m_dir.string(), "bob@ops2", 222);
    auto b = next.acquire();
    EXPECT_EQ(b.kind, LockOutcome::Kind::taken_over);
    EXPECT_NE(b.holder.find("alice@ops1"), std::string::npos) << b.holder;
    EXPECT_NE(lock_text().find("owner=bob@ops2\n"), std::string::npos);
    // The old holder has lost it: its refresh says so and changes nothing.
    EXPECT_FALSE(stale.refresh());
    EXPECT_NE(lock_text().find("owner=bob@ops2\n"), std::string::npos);
}

TEST_F(PairLockTest, RefreshPushesTheExpiry) {
    PairLock lock(m_host, m_dir.string(), "alice@ops1", 111, std::chrono::seconds(1));
    ASSERT_EQ(lock.acquire().kind, LockOutcome::Kind::acquired);
    auto epoch = [this] {
        const auto text = lock_text();
        const auto at = text.find("expires_epoch=");
        EXPECT_NE(at, std::string::npos) << text;
        return at == std::string::npos ? 0L : std::stol(text.substr(at + 14));
    };
    auto before = epoch();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_TRUE(lock.refresh());
    EXPECT_TRUE(lock.held());
    EXPECT_GT(epoch(), before);
    // Refreshed in time, it is not taken over.
    PairLock other(m_host, m_dir.string(), "bob@ops2", 222);
    EXPECT_EQ(other.acquire().kind, LockOutcome::Kind::held);
}

TEST_F(PairLockTest, OwnerWithShellMetacharactersIsData) {
    PairLock lock(m_host, m_dir.string(), "x'; touch pwned; echo '", 1);
    ASSERT_EQ(lock.acquire().kind, LockOutcome::Kind::acquired);
    EXPECT_NE(lock_text().find("owner=x'; touch pwned; echo '\n"), std::string::npos);
    EXPECT_FALSE(fs::exists("pwned"));
}

TEST_F(PairLockTest, ALockLeftByADeadHactlOfThisMachineIsTakenOverAtOnce) {
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, nullptr, 0);  // `child` is now a pid that no longer runs
    const auto me = apply::local_owner();
    PairLock dead(m_host, m_dir.string(), me, child);
    ASSERT_EQ(dead.acquire().kind, LockOutcome::Kind::acquired);
    PairLock next(m_host, m_dir.string(), me, getpid());
    auto outcome = next.acquire();
    EXPECT_EQ(outcome.kind, LockOutcome::Kind::taken_over);
    EXPECT_NE(outcome.holder.find("no longer running"), std::string::npos) << outcome.holder;
}

TEST_F(PairLockTest, ALiveOrForeignHolderKeepsItsLock) {
    const auto me = apply::local_owner();
    PairLock alive(m_host, m_dir.string(), me, getppid());
    ASSERT_EQ(alive.acquire().kind, LockOutcome::Kind::acquired);
    PairLock next(m_host, m_dir.string(), me, getpid());
    EXPECT_EQ(next.acquire().kind, LockOutcome::Kind::held);
    ASSERT_TRUE(alive.release());

    // A pid on another machine says nothing about this one's processes.
    PairLock foreign(m_host, m_dir.string(), "ops@elsewhere", 999999);
    ASSERT_EQ(foreign.acquire().kind, LockOutcome::Kind::acquired);
    EXPECT_EQ(next.acquire().kind, LockOutcome::Kind::held);
}
