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
using apply::LockOwner;
using apply::LockRefresh;
using apply::PairLock;
namespace fs = std::filesystem;

namespace {

/// An owner on another machine.
LockOwner foreign(std::string name, long pid) { return {std::move(name), "other-machine/boot/pid:[1]", pid, "7"}; }

class PairLockTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("hactl-lock-" + std::to_string(getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string lock_text() { return test::read_text(m_dir / "lock"); }
    /// A lock on this test's state directory, no privilege prefix.
    PairLock lock(LockOwner owner, std::chrono::seconds ttl = std::chrono::seconds(300)) {
        return PairLock(m_host, m_dir.string(), "", std::move(owner), ttl);
    }
    fs::path m_dir;
    test::LocalTransport m_host;
};

}  // namespace

TEST_F(PairLockTest, FirstAcquiresSecondIsToldWhoHoldsIt) {
    auto first = lock(foreign("alice@ops1", 111));
    auto second = lock(foreign("bob@ops2", 222));
    auto a = first.acquire();
    ASSERT_EQ(a.kind, LockOutcome::Kind::acquired) << a.message;
    auto b = second.acquire();
    EXPECT_EQ(b.kind, LockOutcome::Kind::held);
    EXPECT_NE(b.holder.find("alice@ops1"), std::string::npos) << b.holder;
    EXPECT_NE(b.holder.find("pid 111"), std::string::npos) << b.holder;
    EXPECT_FALSE(second.held());
    // The holder's record is untouched by the refused attempt, and complete.
    const auto text = lock_text();
    for (const char* key : {"owner=alice@ops1\n", "machine=other-machine/boot/pid:[1]\n", "pid=111\n",
                            "pid_start=7\n", "token=", "started_at=", "expires_epoch="}) {
        EXPECT_NE(text.find(key), std::string::npos) << key << " in " << text;
    }
    const auto expires = text.find("expires_at=");
    ASSERT_NE(expires, std::string::npos);
    EXPECT_EQ(text.substr(expires + 11 + 4, 1), "-") << text;  // ISO-8601: YYYY-MM-DDTHH:MM:SSZ
    EXPECT_EQ(text.substr(expires + 11 + 10, 1), "T") << text;
    // No temporary file is left beside it.
    for (const auto& entry : fs::directory_iterator(m_dir)) {
        const auto name = entry.path().filename().string();
        EXPECT_TRUE(name == "lock" || name == "lock.mutex") << name;
    }
}

TEST_F(PairLockTest, ReleaseLetsTheNextOneInAndANonOwnerCannotRelease) {
    auto first = lock(foreign("alice@ops1", 111));
    auto second = lock(foreign("bob@ops2", 222));
    ASSERT_EQ(first.acquire().kind, LockOutcome::Kind::acquired);
    ASSERT_TRUE(first.release());
    EXPECT_FALSE(fs::exists(m_dir / "lock"));
    EXPECT_EQ(second.acquire().kind, LockOutcome::Kind::acquired);
    const auto held = lock_text();
    // A release by a former holder never removes another's lock.
    EXPECT_TRUE(first.release());
    EXPECT_EQ(lock_text(), held);
    // Nor by anyone who does not hold it, even with the same name and pid.
    auto twin = lock(foreign("bob@ops2", 222));
    EXPECT_EQ(twin.acquire().kind, LockOutcome::Kind::held);
    EXPECT_TRUE(twin.release());
    EXPECT_EQ(lock_text(), held);
}

TEST_F(PairLockTest, AnExpiredLockIsTakenOverAndTheOldHolderLearnsItLostIt) {
    auto stale = lock(foreign("alice@ops1", 111), std::chrono::seconds(-10));
    ASSERT_EQ(stale.acquire().kind, LockOutcome::Kind::acquired);
    auto next = lock(foreign("bob@ops2", 222));
    auto b = next.acquire();
    EXPECT_EQ(b.kind, LockOutcome::Kind::taken_over);
    EXPECT_NE(b.holder.find("alice@ops1"), std::string::npos) << b.holder;
    EXPECT_NE(lock_text().find("owner=bob@ops2\n"), std::string::npos);
    // The old holder has lost it: its refresh says so, names the holder and changes nothing.
    EXPECT_EQ(stale.refresh(), LockRefresh::lost);
    EXPECT_FALSE(stale.held());
    EXPECT_NE(stale.lost_to().find("bob@ops2"), std::string::npos) << stale.lost_to();
    EXPECT_NE(lock_text().find("owner=bob@ops2\n"), std::string::npos);
}

TEST_F(PairLockTest, RefreshPushesTheExpiry) {
    auto held = lock(foreign("alice@ops1", 111), std::chrono::seconds(120));
    ASSERT_EQ(held.acquire().kind, LockOutcome::Kind::acquired);
    // Make the lock look about to expire (an old expiry), as if time had passed.
    auto text = lock_text();
    const auto at = text.find("expires_epoch=");
    ASSERT_NE(at, std::string::npos) << text;
    text = text.substr(0, at) + "expires_epoch=1000\n";
    test::write_text(m_dir / "lock", text);
    EXPECT_EQ(held.refresh(), LockRefresh::refreshed);
    EXPECT_TRUE(held.held());
    const auto refreshed = lock_text();
    EXPECT_EQ(refreshed.find("expires_epoch=1000\n"), std::string::npos) << refreshed;
    // Refreshed in time, it is not taken over.
    auto other = lock(foreign("bob@ops2", 222));
    EXPECT_EQ(other.acquire().kind, LockOutcome::Kind::held);
}

TEST_F(PairLockTest, ARefreshThatCannotReachTheHostFailsWithoutLosingTheLock) {
    // The link to the primary drops, then comes back.
    struct Flaky : transport::Transport {
        explicit Flaky(transport::Transport& host) : inner(host) {}
        transport::CommandResult run(const std::string& command, transport::Millis deadline) override {
            if (!down) return inner.run(command, deadline);
            transport::CommandResult r;
            r.status = transport::Status::transport_error;
            r.error = transport::TransportError::unreachable;
            r.message = "connection reset";
            return r;
        }
        std::unique_ptr<transport::Interaction> start_interactive(const std::string&,
                                                                  transport::CommandResult&) override {
            return nullptr;
        }
        std::string describe() const override { return "flaky"; }
        transport::Transport& inner;
        bool down = false;
    } flaky(m_host);
    PairLock ours(flaky, m_dir.string(), "", foreign("alice@ops1", 111));
    ASSERT_EQ(ours.acquire().kind, LockOutcome::Kind::acquired);
    flaky.down = true;
    EXPECT_EQ(ours.refresh(), LockRefresh::failed);
    EXPECT_TRUE(ours.held()) << "a refresh that did not reach the host proves nothing";
    flaky.down = false;
    EXPECT_EQ(ours.refresh(), LockRefresh::refreshed);
}

TEST_F(PairLockTest, OwnerWithShellMetacharactersIsData) {
    auto weird = lock(foreign("x'; touch pwned; echo '", 1));
    ASSERT_EQ(weird.acquire().kind, LockOutcome::Kind::acquired);
    EXPECT_NE(lock_text().find("owner=x'; touch pwned; echo '\n"), std::string::npos);
    EXPECT_FALSE(fs::exists("pwned"));
}

TEST_F(PairLockTest, ALockLeftByADeadHactlOfThisMachineIsTakenOverAtOnce) {
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, nullptr, 0);  // `child` is now a pid that no longer runs
    auto me = apply::local_lock_owner();
    ASSERT_FALSE(me.machine.empty());
    auto dead_owner = me;
    dead_owner.pid = child;
    auto dead = lock(dead_owner);
    ASSERT_EQ(dead.acquire().kind, LockOutcome::Kind::acquired);
    auto next = lock(me);
    auto outcome = next.acquire();
    EXPECT_EQ(outcome.kind, LockOutcome::Kind::taken_over);
    EXPECT_NE(outcome.holder.find("no longer running"), std::string::npos) << outcome.holder;
}

TEST_F(PairLockTest, AReusedPidOfThisMachineIsNotTheHolder) {
    auto me = apply::local_lock_owner();
    auto parent = me;  // the parent runs, but started at another time than recorded
    parent.pid = getppid();
    parent.pid_start = "1";
    auto reused = lock(parent);
    ASSERT_EQ(reused.acquire().kind, LockOutcome::Kind::acquired);
    EXPECT_EQ(lock(me).acquire().kind, LockOutcome::Kind::taken_over);
}

TEST_F(PairLockTest, ALiveOrForeignHolderKeepsItsLock) {
    auto me = apply::local_lock_owner();
    auto parent = me;
    parent.pid = getppid();
    parent.pid_start = apply::process_start_time(getppid()).value_or("");
    auto alive = lock(parent);
    ASSERT_EQ(alive.acquire().kind, LockOutcome::Kind::acquired);
    auto next = lock(me);
    EXPECT_EQ(next.acquire().kind, LockOutcome::Kind::held);
    ASSERT_TRUE(alive.release());

    // Another machine calling itself the same user@host, with a pid that does
    // not run here: its lock is live, never taken over.
    auto twin = foreign(me.name, 999999);
    auto elsewhere = lock(twin);
    ASSERT_EQ(elsewhere.acquire().kind, LockOutcome::Kind::acquired);
    EXPECT_EQ(next.acquire().kind, LockOutcome::Kind::held);
    // The same machine id and boot in another pid namespace (a container) is another machine too.
    auto container = me;
    container.machine += "-other-pid-namespace";
    container.pid = 999999;
    ASSERT_TRUE(elsewhere.release());
    auto contained = lock(container);
    ASSERT_EQ(contained.acquire().kind, LockOutcome::Kind::acquired);
    EXPECT_EQ(next.acquire().kind, LockOutcome::Kind::held);
}
