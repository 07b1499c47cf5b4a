#pragma once
// Reading a pair file from disk with the checks that come before parsing. Internal.
#include <cstddef>
#include <optional>
#include <string>

#include "hactl/config/diagnostic.hpp"

namespace hactl::config::detail {

struct FileBytes {
    std::optional<std::string> bytes;  ///< the whole file, when readable
    std::optional<Diagnostic> error;   ///< why not (missing, a directory, not a regular file, too large, I/O error)
};

/// Reads the regular file at `path`, refusing anything larger than `max_bytes`
/// (checked before reading, and again while reading). Never throws.
FileBytes read_pair_file(const std::string& path, std::size_t max_bytes);

}  // namespace hactl::config::detail
