#pragma once
#include <string>

namespace hactl::cli {

/// Writes `content` to `path` through a temporary file and a rename, so that a
/// crash never leaves a half-written file. Returns false and sets `error` on failure.
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

}  // namespace hactl::cli
