#include "output_cap.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hactl::ssh::detail {

void CappedText::append(const char* data, std::size_t size) {
    const std::size_t room = m_text.size() < m_limit ? m_limit - m_text.size() : 0;
    const std::size_t kept = std::min(room, size);
    m_text.append(data, kept);
    m_dropped += size - kept;
}

std::string size_text(std::size_t bytes) {
    constexpr std::size_t kKiB = 1024;
    constexpr std::size_t kMiB = kKiB * kKiB;
    if (bytes != 0 && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
    if (bytes != 0 && bytes % kKiB == 0) return fmt::format("{} KiB", bytes / kKiB);
    return fmt::format("{} bytes", bytes);
}

void note_truncation(transport::CommandResult& result, std::uint64_t out_dropped, std::uint64_t err_dropped,
                     std::size_t limit) {
    auto note = [&](const char* stream, std::uint64_t dropped) {
        if (dropped == 0) return;
        result.truncated = true;
        if (!result.message.empty()) result.message += "; ";
        result.message +=
            fmt::format("{} truncated at {}: {} bytes dropped", stream, size_text(limit), dropped);
    };
    note("stdout", out_dropped);
    note("stderr", err_dropped);
}

}  // namespace hactl::ssh::detail
