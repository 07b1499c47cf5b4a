#pragma once
// The cap on the output kept of one command: each stream keeps its first
// bytes up to the cap; the rest is counted and dropped.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hactl/transport/transport.hpp"

namespace hactl::ssh::detail {

/// One stream of a command's output, appended to `text` while it holds fewer
/// than `limit` bytes; what does not fit is counted, not kept.
class CappedText {
public:
    CappedText(std::string& text, std::size_t limit) : m_text(text), m_limit(limit) {}

    /// Keeps what fits under the limit, drops (and counts) the rest.
    void append(const char* data, std::size_t size);
    /// Bytes dropped so far; 0 when everything was kept.
    std::uint64_t dropped() const { return m_dropped; }

private:
    std::string& m_text;
    std::size_t m_limit;
    std::uint64_t m_dropped = 0;
};

/// "16 MiB", "512 KiB" or "1000 bytes": the largest unit that divides `bytes`.
std::string size_text(std::size_t bytes);

/// When anything was dropped, sets `result.truncated` and appends to its
/// message "stdout truncated at 16 MiB: N bytes dropped" (and the same for
/// stderr). Does nothing when both counts are 0.
void note_truncation(transport::CommandResult& result, std::uint64_t out_dropped, std::uint64_t err_dropped,
                     std::size_t limit);

}  // namespace hactl::ssh::detail
