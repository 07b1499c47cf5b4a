#include "apply/local_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string_view>

extern char** environ;

namespace hactl::test {

using transport::CommandResult;

namespace {

/// This process's environment with `extra` ("NAME=VALUE") set over it.
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
    std::vector<std::string> out(extra);
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto name = entry.substr(0, entry.find('=') + 1);
        bool overridden = false;
        for (const auto& x : extra) overridden = overridden || std::string_view(x).starts_with(name);
        if (!overridden) out.emplace_back(entry);
    }
    return out;
}

}  // namespace

CommandResult LocalTransport::run(const std::string& command, transport::Millis deadline) {
    ++commands_run;
    CommandResult result;
    // Built before fork: the child only calls async-signal-safe functions.
    const auto env = environment_with(m_env);
    std::vector<char*> envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    char* const argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"),
                          const_cast<char*>(command.c_str()), nullptr};
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
        result.status = transport::Status::transport_error;
        return result;
    }
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        dup2(null_fd, 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(err_pipe[0]);
        execve("/bin/sh", argv, envp.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    const auto end = std::chrono::steady_clock::now() + deadline;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    bool timed_out = false;
    while (open_fds > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[8192];
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            } else {
                (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    for (auto& f : fds) {
        if (f.fd >= 0) close(f.fd);
    }
    if (timed_out) {
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        result.status = transport::Status::timeout;
        return result;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::unique_ptr<transport::Interaction> LocalTransport::start_interactive(const std::string&,
                                                                          transport::CommandResult& error) {
    error.status = transport::Status::transport_error;
    error.error = transport::TransportError::channel;
    error.message = "LocalTransport has no interactive sessions";
    return nullptr;
}

}  // namespace hactl::test
