// The pair's lock script as hactl sends it (apply/host_script.hpp), raced for
// real: 2 to 8 acquirers, each a separate dash or bash process, released at
// the same instant by a barrier, hundreds of times. Exactly one may win each
// race, also when they race to take over an expired lock.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hactl/apply/host_script.hpp"
#include "support/files.hpp"

using namespace hactl;
namespace fs = std::filesystem;

namespace {

constexpr int k_trials_per_shell = 260;  // 520 races in all

struct Race {
    int acquired = 0;
    int taken_over = 0;
    int held = 0;
    int other = 0;
    std::string winner_token;
    std::string diagnostics;
};

std::string token_of(int i) { return "token-" + std::to_string(i); }

/// Runs `n` acquirers of the lock in `dir` under `shell`, released together:
/// each blocks on a pipe until the parent closes its write end, after all of
/// them said they are ready.
Race race(const std::string& shell, const fs::path& dir, int n) {
    const auto& script = apply::host_op_script(apply::HostOp::lock);
    int ready[2];
    int gate[2];
    if (pipe(ready) != 0 || pipe(gate) != 0) return {};
    std::vector<pid_t> children;
    for (int i = 0; i < n; ++i) {
        const auto out = (dir / ("out." + std::to_string(i))).string();
        pid_t pid = fork();
        if (pid == 0) {
            close(ready[0]);
            close(gate[1]);
            const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0) _exit(120);
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            char byte = 'r';
            if (write(ready[1], &byte, 1) != 1) _exit(121);
            close(ready[1]);
            while (read(gate[0], &byte, 1) > 0) {
            }  // EOF: released
            const auto token = token_of(i);
            const auto owner = "ci@runner-" + std::to_string(i);
            execl(shell.c_str(), shell.c_str(), "-c", script.c_str(), "hactl-lock", "acquire", dir.c_str(), "300",
                  token.c_str(), owner.c_str(), "machine-x", "4242", "77", "", static_cast<char*>(nullptr));
            _exit(127);
        }
        children.push_back(pid);
    }
    close(ready[1]);
    close(gate[0]);
    char byte;
    for (int i = 0; i < n; ++i) {
        if (read(ready[0], &byte, 1) != 1) break;
    }
    close(ready[0]);
    close(gate[1]);  // all of them at once
    for (auto pid : children) waitpid(pid, nullptr, 0);

    Race result;
    for (int i = 0; i < n; ++i) {
        const auto out = test::read_text(dir / ("out." + std::to_string(i)));
        const auto verdict = out.substr(0, out.find('\n'));
        if (verdict == "acquired" || verdict == "taken_over") result.winner_token = token_of(i);
        if (verdict == "acquired") ++result.acquired;
        else if (verdict == "taken_over") ++result.taken_over;
        else if (verdict == "held") ++result.held;
        else {
            ++result.other;
            result.diagnostics += "acquirer " + std::to_string(i) + ": " + out + "\n";
        }
    }
    return result;
}

class LockRace : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (!fs::exists(GetParam())) GTEST_SKIP() << GetParam() << " is not installed";
        m_root = fs::temp_directory_path() / ("hactl-lock-race-" + std::to_string(getpid()));
    }
    void TearDown() override { fs::remove_all(m_root); }
    fs::path m_root;
};

}  // namespace

TEST_P(LockRace, ExactlyOneOfManySimultaneousAcquirersHoldsTheLock) {
    int raced = 0;
    for (int trial = 0; trial < k_trials_per_shell; ++trial) {
        const int n = 2 + trial % 7;
        const auto dir = m_root / std::to_string(trial);
        fs::create_directories(dir);
        // Every other trial starts from an expired lock: the acquirers race to take it over.
        const bool expired = trial % 2 == 1;
        if (expired) {
            test::write_text(dir / "lock",
                             "owner=gone@old\nmachine=m\npid=1\npid_start=1\ntoken=old\nstarted_at=2020-01-01T00:00:00Z\n"
                             "expires_at=2020-01-01T00:05:00Z\nexpires_epoch=1577837100\n");
        }
        const auto r = race(GetParam(), dir, n);
        ASSERT_EQ(r.other, 0) << r.diagnostics;
        ASSERT_EQ(r.acquired + r.taken_over, 1) << "trial " << trial << " with " << n << " acquirers: "
                                                 << r.acquired << " acquired, " << r.taken_over << " took over";
        ASSERT_EQ(r.held, n - 1);
        ASSERT_EQ(expired ? r.taken_over : r.acquired, 1);
        // The lock names the one winner, whole.
        const auto lock = test::read_text(dir / "lock");
        ASSERT_NE(lock.find("token=" + r.winner_token + "\n"), std::string::npos) << lock;
        ASSERT_NE(lock.find("expires_epoch="), std::string::npos) << lock;
        fs::remove_all(dir);
        ++raced;
    }
    EXPECT_EQ(raced, k_trials_per_shell);
}

TEST_P(LockRace, AReleaseOrRefreshByANonOwnerLeavesTheLockAlone) {
    const auto dir = m_root / "release";
    fs::create_directories(dir);
    const auto& script = apply::host_op_script(apply::HostOp::lock);
    auto run = [&](const char* op, const char* token) {
        pid_t pid = fork();
        const auto out = (dir / "out").string();
        if (pid == 0) {
            const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fd, STDOUT_FILENO);
            execl(GetParam().c_str(), GetParam().c_str(), "-c", script.c_str(), "hactl-lock", op, dir.c_str(), "300",
                  token, "someone@host", "machine-x", "1", "1", "", static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        return test::read_text(out);
    };
    ASSERT_EQ(run("acquire", "owner-token"), "acquired\n");
    const auto held = test::read_text(dir / "lock");
    EXPECT_EQ(run("release", "intruder"), "released\n");
    EXPECT_EQ(test::read_text(dir / "lock"), held);
    EXPECT_EQ(run("refresh", "intruder").substr(0, 5), "lost\n");
    EXPECT_EQ(test::read_text(dir / "lock"), held);
    EXPECT_EQ(run("release", "owner-token"), "released\n");
    EXPECT_FALSE(fs::exists(dir / "lock"));
}

INSTANTIATE_TEST_SUITE_P(Shells, LockRace, ::testing::Values("/bin/dash", "/bin/bash"),
                         [](const ::testing::TestParamInfo<std::string>& shell) { return fs::path(shell.param).filename().string(); });
