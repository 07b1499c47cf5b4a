#include "read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

namespace hactl::config::detail {

namespace {

FileBytes fail(const std::string& path, std::string message) {
    return FileBytes{std::nullopt, Diagnostic{path, 0, 0, std::move(message)}};
}

std::string too_large(std::size_t max_bytes) {
    return fmt::format("file is larger than {} KiB; a pair file is a few hundred bytes (is this the right file?)",
                       max_bytes / 1024);
}

}  // namespace

FileBytes read_pair_file(const std::string& path, std::size_t max_bytes) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        const int err = errno;
        if (err == ENOENT) return fail(path, "no such file");
        return fail(path, fmt::format("cannot read: {}", std::strerror(err)));
    }
    if (S_ISDIR(info.st_mode)) return fail(path, "is a directory; expected a pair file (YAML)");
    if (!S_ISREG(info.st_mode)) return fail(path, "is not a regular file; expected a pair file (YAML)");
    if (static_cast<std::size_t>(info.st_size) > max_bytes) return fail(path, too_large(max_bytes));

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return fail(path, fmt::format("cannot open: {}", std::strerror(errno)));
    std::string bytes;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            return fail(path, fmt::format("cannot read: {}", std::strerror(err)));
        }
        if (n == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(n));
        if (bytes.size() > max_bytes) {
            ::close(fd);
            return fail(path, too_large(max_bytes));
        }
    }
    ::close(fd);
    return FileBytes{std::move(bytes), std::nullopt};
}

}  // namespace hactl::config::detail
