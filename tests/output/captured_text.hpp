#pragma once
/// What the output tests capture: a FILE* that writes into memory (the text
/// and JSON sinks print to a FILE*), and a rendering split into its lines.
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace hactl::test {

/// A FILE* whose writes end up in a string.
class MemoryFile {
public:
    MemoryFile() : m_file(open_memstream(&m_buffer, &m_size)) {}
    ~MemoryFile() {
        std::fclose(m_file);
        std::free(m_buffer);
    }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    std::FILE* get() { return m_file; }
    std::string text() {
        std::fflush(m_file);
        return std::string(m_buffer, m_size);
    }

private:
    char* m_buffer = nullptr;
    std::size_t m_size = 0;
    std::FILE* m_file;
};

/// `text`'s lines, without their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace hactl::test
