// Two hosts used from two threads at once, and the latency figures of the
// transport on loopback (printed and recorded, never asserted: a speed is a
// figure, not a behaviour).
#include <algorithm>
#include <thread>
#include <vector>

#include "ssh_fixture.hpp"

namespace hactl::ssh::test {
namespace {

using namespace std::chrono_literals;
using transport::Status;

using SshParallelTest = SshFixture;

TEST_F(SshParallelTest, TwoHostsInParallelThreads) {
    const int second_port = free_port(kSecondAddress);
    Sshd second(world().dir.file("sshd-b"), kSecondAddress, second_port, world().host_key, world().authorized_keys);
    second.start();
    const std::string known = world().dir.file("known_hosts_two");
    write_text(known, world().sshd->known_hosts_line() + second.known_hosts_line());

    auto drive = [&](const char* address, int port_number, std::vector<std::string>& outputs, int& opened) {
        SshOptions o = options();
        o.address = address;
        o.port = port_number;
        o.known_hosts_file = known;
        SshTransport ssh(o);
        for (int i = 0; i < 10; ++i) {
            const auto result = ssh.run("echo \"$SSH_CONNECTION\"; sleep 0.02", kHangBound);
            outputs.push_back(result.succeeded() ? result.out : "FAILED: " + result.message);
        }
        opened = ssh.connections_opened();
    };
    std::vector<std::string> first_out, second_out;
    int first_opened = 0, second_opened = 0;
    const auto start = std::chrono::steady_clock::now();
    std::thread a(drive, kAddress, port(), std::ref(first_out), std::ref(first_opened));
    std::thread b(drive, kSecondAddress, second_port, std::ref(second_out), std::ref(second_opened));
    a.join();
    b.join();
    std::printf("[ figures  ] 2 hosts x 10 commands in parallel threads: %.0f ms\n", elapsed_ms(start));
    ASSERT_EQ(first_out.size(), 10u);
    ASSERT_EQ(second_out.size(), 10u);
    for (const auto& out : first_out) EXPECT_NE(out.find(" 127.0.0.40 " + port_text()), std::string::npos) << out;
    for (const auto& out : second_out) {
        EXPECT_NE(out.find(" 127.0.0.41 " + std::to_string(second_port)), std::string::npos) << out;
    }
    EXPECT_EQ(first_opened, 1);
    EXPECT_EQ(second_opened, 1);
    EXPECT_EQ(second.connections(), 1);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

TEST_F(SshParallelTest, LatencyFigures) {
    constexpr int kRounds = 7;
    std::vector<double> fresh;
    for (int i = 0; i < kRounds; ++i) {
        const auto start = std::chrono::steady_clock::now();
        SshTransport ssh(options());
        const auto result = ssh.run("true", kHangBound);
        fresh.push_back(elapsed_ms(start));
        ASSERT_TRUE(result.succeeded()) << result.message;
    }
    SshTransport ssh(options());
    { const auto c = ssh.connect(); ASSERT_EQ(c.status, Status::ok) << c.message; }
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(ssh.run("true", kHangBound).succeeded());
    const double twenty = elapsed_ms(start);

    std::vector<double> openssh;
    const std::string client = "ssh -q -o BatchMode=yes -o UserKnownHostsFile=" + world().known_hosts +
                               " -o StrictHostKeyChecking=yes -F /dev/null -i " + world().client_key +
                               " -p " + port_text() + " root@127.0.0.40 true";
    for (int i = 0; i < kRounds; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const LocalResult r = run_local(client);
        openssh.push_back(elapsed_ms(t0));
        ASSERT_EQ(r.exit_code, 0);
    }
    std::printf("[ figures  ] connect + one command (fresh SshTransport): median %.1f ms, min %.1f ms\n",
                median(fresh), *std::min_element(fresh.begin(), fresh.end()));
    std::printf("[ figures  ] 20 commands on one session: %.1f ms total, %.2f ms per command\n", twenty,
                twenty / 20);
    std::printf("[ figures  ] OpenSSH client `ssh host true`: median %.1f ms, min %.1f ms\n", median(openssh),
                *std::min_element(openssh.begin(), openssh.end()));
    RecordProperty("connect_and_command_ms", std::to_string(median(fresh)));
    RecordProperty("twenty_commands_ms", std::to_string(twenty));
    RecordProperty("openssh_true_ms", std::to_string(median(openssh)));
    // What the figures rest on: one connection per fresh transport, one for the twenty.
    EXPECT_EQ(ssh.connections_opened(), 1);
}

}  // namespace
}  // namespace hactl::ssh::test
