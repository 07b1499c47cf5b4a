// Bounded reads against a real sshd: output beyond the cap is dropped and
// said, a command that prints without end still times out, an interactive
// flood is bounded, and memory stays bounded while the host prints far more.
//
// The floods run in hactl_ssh_flood_client, one process per command: the
// test reads its peak RSS (wait4) and kills it should the transport never
// return (the bound on that only guards against hanging forever).
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "child_process.hpp"
#include "ssh_fixture.hpp"

namespace hactl::ssh::test {
namespace {

using namespace std::chrono_literals;
using transport::Status;

constexpr size_t kMiB = 1024 * 1024;
constexpr size_t kDefaultCap = 16 * kMiB;
/// What the transport may add to its deadline: one last pass over what has
/// arrived, SIGTERM and the channel close (flushed for at most 200 ms).
/// Generous, for 2 loaded cores under sanitizers.
constexpr double kFloodSlackMs = 1500;
/// Peak memory the client may grow by beyond the cap: libssh's buffers, the
/// copies of a result, allocator slack.
constexpr long kMemorySlackKb = 48 * 1024;
/// Only a transport that never returns comes near this.
constexpr auto kHangGuard = 100s;

/// The sum of the "N bytes dropped" counts in a message. (No std::regex:
/// g++ 12 warns inside it under sanitizers.)
unsigned long long dropped_bytes(const std::string& message) {
    static const std::string kWords = " bytes dropped";
    unsigned long long total = 0;
    for (size_t at = message.find(kWords); at != std::string::npos; at = message.find(kWords, at + 1)) {
        size_t digits = at;
        while (digits > 0 && std::isdigit(static_cast<unsigned char>(message[digits - 1])) != 0) --digits;
        if (digits < at) total += std::stoull(message.substr(digits, at - digits));
    }
    return total;
}

/// ASAN_OPTIONS as given, plus no quarantine: under AddressSanitizer freed
/// memory is otherwise kept (up to 256 MiB) to catch uses after free, and
/// peak memory would measure that instead of the transport.
std::string without_asan_quarantine() {
    const char* given = std::getenv("ASAN_OPTIONS");
    return std::string("ASAN_OPTIONS=") + (given != nullptr && *given != '\0' ? std::string(given) + ":" : "") +
           "quarantine_size_mb=0:thread_local_quarantine_size_kb=0";
}

class SshBoundedOutputTest : public SshFixture {
protected:
    struct Flood {
        ChildResult child;
        std::map<std::string, std::string> values;

        long number(const std::string& key) const {
            const auto found = values.find(key);
            return found == values.end() ? -1 : std::stol(found->second);
        }
        const std::string& text(const std::string& key) const {
            static const std::string kMissing = "(missing)";
            const auto found = values.find(key);
            return found == values.end() ? kMissing : found->second;
        }
        /// Peak memory beyond what the client held before the command.
        long growth_kb() const { return child.peak_rss_kb - number("baseline_rss_kb"); }
        /// Bytes that reached the client: kept plus dropped.
        unsigned long long received() const {
            return static_cast<unsigned long long>(number("out_bytes") + number("err_bytes")) +
                   dropped_bytes(text("message"));
        }
        void print(const char* what) const {
            std::printf(
                "[ figures  ] %s: host printed %.1f MiB (received), kept %.1f MiB, %s after %ld ms; "
                "peak RSS %ld KiB (%ld KiB before the command)\n",
                what, static_cast<double>(received()) / kMiB, static_cast<double>(number("out_bytes")) / kMiB,
                text("status").c_str(), number("elapsed_ms"), child.peak_rss_kb, number("baseline_rss_kb"));
        }
    };

    static Flood flood(const std::string& mode, const std::string& command,
                       std::chrono::milliseconds deadline, size_t cap = kDefaultCap) {
        Flood result;
        result.child =
            run_child({HACTL_SSH_FLOOD_CLIENT, mode, kAddress, port_text(), world().client_key,
                       world().known_hosts, command, std::to_string(deadline.count()), std::to_string(cap)},
                      {without_asan_quarantine()}, kHangGuard);
        result.values = key_values(result.child.out);
        return result;
    }

    static void expect_bounded_memory(const Flood& f, size_t cap) {
        EXPECT_GT(f.number("baseline_rss_kb"), 0) << f.child.out;
        EXPECT_LT(f.growth_kb(), static_cast<long>(cap / 1024) + kMemorySlackKb)
            << "peak RSS " << f.child.peak_rss_kb << " KiB, before the command "
            << f.number("baseline_rss_kb") << " KiB";
    }
};

TEST_F(SshBoundedOutputTest, EndlessTextTimesOutWithinItsDeadline) {
    const Flood f = flood("run", "yes", 2000ms);
    ASSERT_FALSE(f.child.killed) << "the transport never returned from a command that prints without end";
    ASSERT_EQ(f.child.exit_code, 0) << f.child.out;
    f.print("yes, deadline 2000 ms");
    EXPECT_EQ(f.text("status"), "timeout") << f.child.out;
    EXPECT_NE(f.text("message").find("did not end within 2000 ms"), std::string::npos) << f.text("message");
    EXPECT_GE(f.number("elapsed_ms"), 1990);
    EXPECT_LE(f.number("elapsed_ms"), 2000 + kFloodSlackMs);
    EXPECT_GT(f.number("out_bytes"), 0);
    EXPECT_LE(f.number("out_bytes"), static_cast<long>(kDefaultCap));
    EXPECT_EQ(f.text("out_byte_set"), "0a,79");  // "y\n" and nothing else
    if (f.received() > kDefaultCap) {
        EXPECT_EQ(f.text("truncated"), "1") << f.text("message");
    }
    EXPECT_EQ(f.text("after"), "ok") << "the connection did not survive the abandoned flood: "
                                     << f.text("after_message");
    EXPECT_EQ(f.number("connections"), 1);
    expect_bounded_memory(f, kDefaultCap);
}

TEST_F(SshBoundedOutputTest, EndlessBinaryOutputTimesOutWithinItsDeadline) {
    const Flood f = flood("run", "cat /dev/zero", 2000ms);
    ASSERT_FALSE(f.child.killed) << "the transport never returned from a command that prints without end";
    ASSERT_EQ(f.child.exit_code, 0) << f.child.out;
    f.print("cat /dev/zero, deadline 2000 ms");
    EXPECT_EQ(f.text("status"), "timeout") << f.child.out;
    EXPECT_LE(f.number("elapsed_ms"), 2000 + kFloodSlackMs);
    EXPECT_LE(f.number("out_bytes"), static_cast<long>(kDefaultCap));
    EXPECT_EQ(f.text("out_byte_set"), "00");
    if (f.received() > kDefaultCap) {
        EXPECT_EQ(f.text("truncated"), "1") << f.text("message");
    }
    EXPECT_EQ(f.text("after"), "ok") << f.text("after_message");
    expect_bounded_memory(f, kDefaultCap);
}

TEST_F(SshBoundedOutputTest, LargeOutputIsTruncatedAtTheCapAndTheDropReported) {
    const Flood f = flood("run", "head -c 40M /dev/zero", 60s);
    ASSERT_FALSE(f.child.killed);
    ASSERT_EQ(f.child.exit_code, 0) << f.child.out;
    f.print("head -c 40M /dev/zero");
    EXPECT_EQ(f.text("status"), "ok") << f.child.out;
    EXPECT_EQ(f.number("exit_code"), 0);
    EXPECT_EQ(f.number("out_bytes"), static_cast<long>(kDefaultCap));
    EXPECT_EQ(f.number("err_bytes"), 0);
    EXPECT_EQ(f.text("truncated"), "1");
    EXPECT_EQ(f.text("message"), "stdout truncated at 16 MiB: 25165824 bytes dropped");
    EXPECT_EQ(f.received(), 40 * kMiB);
    expect_bounded_memory(f, kDefaultCap);
}

TEST_F(SshBoundedOutputTest, MemoryStaysBoundedWhileTheHostPrintsFarMore) {
    // A small cap, so that the host's output is far beyond cap + slack
    // whatever the link's speed: it ends, at its own pace.
    constexpr size_t kCap = 4 * kMiB;
    const Flood f = flood("run", "head -c 160M /dev/zero; echo done >&2", 90s, kCap);
    ASSERT_FALSE(f.child.killed);
    ASSERT_EQ(f.child.exit_code, 0) << f.child.out;
    f.print("head -c 160M /dev/zero, cap 4 MiB");
    EXPECT_EQ(f.text("status"), "ok") << f.child.out;
    EXPECT_EQ(f.number("out_bytes"), static_cast<long>(kCap));
    EXPECT_EQ(f.number("err_bytes"), 5);  // stderr under its own cap is whole
    EXPECT_EQ(f.received(), 160 * kMiB + 5);
    EXPECT_EQ(f.text("message"), "stdout truncated at 4 MiB: 163577856 bytes dropped");
    expect_bounded_memory(f, kCap);
}

TEST_F(SshBoundedOutputTest, InteractiveFloodIsBounded) {
    const Flood f = flood("interactive", "yes", 1000ms);
    ASSERT_FALSE(f.child.killed) << "an interactive read never returned while output kept coming";
    ASSERT_EQ(f.child.exit_code, 0) << f.child.out;
    std::printf(
        "[ figures  ] interactive yes: %ld bytes in 50 reads of <= 200 ms, longest %ld ms, largest %ld "
        "bytes; finish(1000 ms) returned after %ld ms\n",
        f.number("read_bytes"), f.number("max_read_ms"), f.number("max_read_bytes"), f.number("finish_ms"));
    f.print("interactive yes");
    EXPECT_GT(f.number("read_bytes"), 0);
    EXPECT_LE(f.number("max_read_ms"), 200 + kFloodSlackMs);
    EXPECT_LE(f.number("max_read_bytes"), 1024 * 1024);
    EXPECT_EQ(f.text("status"), "timeout") << f.child.out;
    EXPECT_LE(f.number("finish_ms"), 1000 + kFloodSlackMs);
    EXPECT_LE(f.number("out_bytes"), static_cast<long>(kDefaultCap));
    EXPECT_EQ(f.text("after"), "ok") << f.text("after_message");
    expect_bounded_memory(f, kDefaultCap);
}

// The same cap, small, in process: exact figures on both streams.
TEST_F(SshBoundedOutputTest, EachStreamKeepsItsFirstBytesUpToTheCap) {
    SshOptions o = options();
    o.max_output_bytes = 1000;
    SshTransport ssh(o);
    const auto result = ssh.run(
        "head -c 5000 /dev/zero | tr '\\0' a; head -c 3000 /dev/zero | tr '\\0' b >&2; exit 3", kHangBound);
    ASSERT_EQ(result.status, Status::ok) << result.message;
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(result.out, std::string(1000, 'a'));
    EXPECT_EQ(result.err, std::string(1000, 'b'));
    EXPECT_TRUE(result.truncated);
    EXPECT_EQ(
        result.message,
        "stdout truncated at 1000 bytes: 4000 bytes dropped; stderr truncated at 1000 bytes: 2000 bytes "
        "dropped");
}

TEST_F(SshBoundedOutputTest, OutputAtTheCapIsWhole) {
    SshOptions o = options();
    o.max_output_bytes = 1024;
    SshTransport ssh(o);
    const auto result = ssh.run("head -c 1024 /dev/zero | tr '\\0' a; echo small >&2", kHangBound);
    ASSERT_TRUE(result.succeeded()) << result.message;
    EXPECT_EQ(result.out, std::string(1024, 'a'));
    EXPECT_EQ(result.err, "small\n");
    EXPECT_FALSE(result.truncated);
    EXPECT_EQ(result.message, "");
}

TEST_F(SshBoundedOutputTest, TruncationIsSaidAlongsideATimeout) {
    SshOptions o = options();
    o.max_output_bytes = 1024;
    SshTransport ssh(o);
    // Prints, then holds until released: the deadline ends it.
    const std::string release = world().dir.file("truncation-release");
    const auto result = ssh.run("head -c 4096 /dev/zero | tr '\\0' a; " + hold_until(release), 3000ms);
    write_text(release, "");
    ASSERT_EQ(result.status, Status::timeout) << result.message;
    EXPECT_EQ(result.out, std::string(1024, 'a'));
    EXPECT_TRUE(result.truncated);
    EXPECT_EQ(result.message,
              "the command on " + ssh.describe() +
                  " did not end within 3000 ms; stdout truncated at 1 KiB: 3072 bytes dropped");
}

TEST_F(SshBoundedOutputTest, InteractiveFinishKeepsAtMostTheCap) {
    SshOptions o = options();
    o.max_output_bytes = 1000;
    SshTransport ssh(o);
    transport::CommandResult error;
    auto session = ssh.start_interactive("head -c 5000 /dev/zero | tr '\\0' a", error);
    ASSERT_NE(session, nullptr) << error.message;
    const auto finished = session->finish(kHangBound);
    ASSERT_EQ(finished.status, Status::ok) << finished.message;
    EXPECT_EQ(finished.exit_code, 0);
    EXPECT_EQ(finished.out, std::string(1000, 'a'));
    EXPECT_TRUE(finished.truncated);
    EXPECT_EQ(finished.message, "stdout truncated at 1000 bytes: 4000 bytes dropped");
}

}  // namespace
}  // namespace hactl::ssh::test
