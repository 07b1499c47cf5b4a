// A tiny client for the bounded-output tests: runs ONE command through
// SshTransport in a fresh process, so that the test can read this process's
// peak memory (wait4) and can kill it should the transport never return.
//
//   hactl_ssh_flood_client run|interactive ADDRESS PORT IDENTITY KNOWN_HOSTS COMMAND DEADLINE_MS CAP_BYTES
//
// Prints key=value lines: status, exit_code, out_bytes, err_bytes,
// out_byte_set (the distinct bytes of the output, in hex), truncated,
// elapsed_ms, baseline_rss_kb (before the command), peak_rss_kb, after
// ("ok" when the next command on the connection worked), connections; in
// interactive mode (up to 50 reads of 200 ms, then finish) also read_bytes,
// max_read_ms, max_read_bytes and finish_ms; message last.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "hactl/ssh/ssh_transport.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using hactl::transport::CommandResult;
using hactl::transport::Millis;
using hactl::transport::Status;

constexpr int kInteractiveReads = 50;
constexpr Millis kReadWait{200};

/// A field of /proc/self/status in kB, e.g. "VmHWM"; -1 when absent.
long status_kb(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return -1;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

const char* status_name(Status status) {
    switch (status) {
        case Status::ok:
            return "ok";
        case Status::timeout:
            return "timeout";
        case Status::transport_error:
            return "transport_error";
    }
    return "?";
}

std::string byte_set(const std::string& text) {
    std::array<bool, 256> seen{};
    for (char c : text) seen[static_cast<unsigned char>(c)] = true;
    std::string hex;
    for (size_t c = 0; c < seen.size(); ++c) {
        if (!seen[c]) continue;
        char two[3];
        std::snprintf(two, sizeof two, "%02zx", c);
        hex += hex.empty() ? "" : ",";
        hex += two;
    }
    return hex;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 9) {
        std::fprintf(stderr,
                     "usage: %s run|interactive ADDRESS PORT IDENTITY KNOWN_HOSTS COMMAND DEADLINE_MS CAP\n",
                     argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    hactl::ssh::SshOptions options;
    options.address = argv[2];
    options.port = std::atoi(argv[3]);
    options.user = "root";
    options.identity_file = argv[4];
    options.known_hosts_file = argv[5];
    options.read_ssh_config = false;
    options.max_output_bytes = std::strtoull(argv[8], nullptr, 10);
    const std::string command = argv[6];
    const Millis deadline{std::atol(argv[7])};

    hactl::ssh::SshTransport ssh(options);
    const CommandResult connected = ssh.connect();
    if (connected.status != Status::ok) {
        std::printf("status=connect_failed\nmessage=%s\n", connected.message.c_str());
        return 1;
    }
    const long baseline_kb = status_kb("VmRSS");
    const auto start = Clock::now();
    CommandResult result;
    if (mode == "run") {
        result = ssh.run(command, deadline);
    } else {
        auto session = ssh.start_interactive(command, result);
        if (!session) {
            std::printf("status=start_failed\nmessage=%s\n", result.message.c_str());
            return 1;
        }
        double max_read_ms = 0;
        size_t read_bytes = 0, max_read_bytes = 0;
        for (int i = 0; i < kInteractiveReads; ++i) {
            const auto read_start = Clock::now();
            const auto chunk = session->read(kReadWait);
            max_read_ms = std::max(max_read_ms, ms_since(read_start));
            read_bytes += chunk.data.size();
            max_read_bytes = std::max(max_read_bytes, chunk.data.size());
            if (chunk.status != Status::ok || chunk.eof) break;
        }
        std::printf("read_bytes=%zu\nmax_read_ms=%.0f\nmax_read_bytes=%zu\n", read_bytes, max_read_ms,
                    max_read_bytes);
        const auto finish_start = Clock::now();
        result = session->finish(deadline);
        std::printf("finish_ms=%.0f\n", ms_since(finish_start));
    }
    const double elapsed = ms_since(start);
    // The connection must still serve the next command.
    const CommandResult after = ssh.run("echo after", Millis{30000});
    std::printf("after=%s\nafter_message=%s\nconnections=%d\n",
                after.succeeded() && after.out == "after\n" ? "ok" : "failed",
                (after.message + " (exit " + std::to_string(after.exit_code) + ", out '" + after.out +
                 "', err '" + after.err + "')")
                    .c_str(),
                ssh.connections_opened());
    std::printf("status=%s\nexit_code=%d\nout_bytes=%zu\nerr_bytes=%zu\nout_byte_set=%s\ntruncated=%d\n",
                status_name(result.status), result.exit_code, result.out.size(), result.err.size(),
                byte_set(result.out).c_str(), result.truncated ? 1 : 0);
    std::printf("elapsed_ms=%.0f\nbaseline_rss_kb=%ld\npeak_rss_kb=%ld\nmessage=%s\n", elapsed, baseline_kb,
                status_kb("VmHWM"), result.message.c_str());
    return 0;
}
