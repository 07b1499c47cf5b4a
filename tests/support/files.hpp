#pragma once
// Files for tests: a whole file read or written at once, and a fresh
// directory removed with everything in it. Header-only: every test
// executable includes it, whatever it links.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace hactl::test {

/// A whole file ("" when it is missing or unreadable).
inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Replaces the file's content with `text` (the directory must exist).
inline void write_text(const std::filesystem::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// A fresh directory /tmp/hactl-TAG-XXXXXX, removed with everything in it on
/// destruction.
class TempDir {
public:
    explicit TempDir(std::string_view tag = "test") {
        std::string pattern = "/tmp/hactl-" + std::string(tag) + "-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    /// Writes `bytes` to the file `name` in this directory; returns its path.
    std::string write(const std::string& name, std::string_view bytes) const {
        const std::string path = file(name);
        write_text(path, bytes);
        return path;
    }

private:
    std::string m_path;
};

}  // namespace hactl::test
