#include "cli/run_hactl.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "support/files.hpp"

namespace hactl::test {

namespace {

// In a forked child: replaces it with HACTL_BINARY ARGS...
[[noreturn]] void exec_hactl(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    std::string binary = HACTL_BINARY;
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
}

// A wait status as a shell reports it: the exit code, or 128 + the signal.
int exit_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

Run run_hactl(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    char out_path[] = "/tmp/hactl-test-out-XXXXXX";
    char err_path[] = "/tmp/hactl-test-err-XXXXXX";
    int out_fd = mkstemp(out_path);
    int err_fd = mkstemp(err_path);
    pid_t pid = fork();
    if (pid == 0) {
        int null_fd = open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
        exec_hactl(args);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    close(out_fd);
    close(err_fd);
    Run run;
    run.exit_code = exit_status(status);
    run.out = read_text(out_path);
    run.err = read_text(err_path);
    unlink(out_path);
    unlink(err_path);
    return run;
}

std::vector<Run> run_hactl_together(int count, const std::vector<std::string>& args) {
    struct Child {
        pid_t pid = -1;
        std::string out_path = "/tmp/hactl-test-out-XXXXXX";
        std::string err_path = "/tmp/hactl-test-err-XXXXXX";
    };
    std::vector<Child> children(static_cast<std::size_t>(count));
    int ready[2];
    int gate[2];
    if (pipe(ready) != 0 || pipe(gate) != 0) return {};
    for (auto& child : children) {
        int out_fd = mkstemp(child.out_path.data());
        int err_fd = mkstemp(child.err_path.data());
        child.pid = fork();
        if (child.pid == 0) {
            close(ready[0]);
            close(gate[1]);
            int null_fd = open("/dev/null", O_RDONLY);
            dup2(null_fd, 0);
            dup2(out_fd, 1);
            dup2(err_fd, 2);
            char byte = 'r';
            if (write(ready[1], &byte, 1) != 1) _exit(126);
            close(ready[1]);
            while (read(gate[0], &byte, 1) > 0) {
            }  // EOF: the gate is open
            exec_hactl(args);
        }
        close(out_fd);
        close(err_fd);
    }
    close(ready[1]);
    close(gate[0]);
    char byte;
    for (int i = 0; i < count; ++i) {
        if (read(ready[0], &byte, 1) != 1) break;
    }
    close(ready[0]);
    close(gate[1]);  // every child at once
    std::vector<Run> runs;
    for (auto& child : children) {
        int status = 0;
        waitpid(child.pid, &status, 0);
        Run run;
        run.exit_code = exit_status(status);
        run.out = read_text(child.out_path);
        run.err = read_text(child.err_path);
        unlink(child.out_path.c_str());
        unlink(child.err_path.c_str());
        runs.push_back(std::move(run));
    }
    return runs;
}

}  // namespace hactl::test

#include <poll.h>
#include <signal.h>

#include <chrono>

namespace hactl::test {

Spawned::Spawned(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return;
    m_pid = fork();
    if (m_pid == 0) {
        int null_fd = open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        exec_hactl(args);
    }
    close(fds[1]);
    m_fd = fds[0];
}

Spawned::~Spawned() {
    if (m_status == -1 && m_pid > 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    if (m_fd >= 0) close(m_fd);
}

bool Spawned::wait_for_line(const std::string& needle, int seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
        for (auto nl = m_pending.find('\n'); nl != std::string::npos; nl = m_pending.find('\n')) {
            std::string line = m_pending.substr(0, nl + 1);
            m_pending.erase(0, nl + 1);
            m_out += line;
            if (line.find(needle) != std::string::npos) return true;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[4096];
        ssize_t n = read(m_fd, buf, sizeof buf);
        if (n <= 0) return false;
        m_pending.append(buf, static_cast<std::size_t>(n));
    }
}

void Spawned::kill_hard() {
    if (m_pid > 0) kill(m_pid, SIGKILL);
}

void Spawned::send(int signal) {
    if (m_pid > 0) kill(m_pid, signal);
}

int Spawned::wait() {
    if (m_status == -1 && m_pid > 0) {
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_status = exit_status(status);
        char buf[4096];
        ssize_t n;
        while ((n = read(m_fd, buf, sizeof buf)) > 0) m_out.append(buf, static_cast<std::size_t>(n));
        m_out += m_pending;
        m_pending.clear();
    }
    return m_status;
}

}  // namespace hactl::test
