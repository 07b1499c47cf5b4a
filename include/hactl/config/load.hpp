#pragma once
/// Reading a pair file: size and encoding checks, YAML parsing, the JSON Schema
/// (schemas/hapair.schema.json, embedded), the semantic rules, then the model
/// with its defaults filled in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/config/diagnostic.hpp"
#include "hactl/model/pair.hpp"

namespace hactl::config {

/// Largest pair file accepted; checked before parsing.
inline constexpr std::size_t max_file_bytes = 1024 * 1024;

struct LoadResult {
    std::optional<model::PairSpec> pair;  ///< set only when there are no errors
    std::vector<Diagnostic> errors;       ///< every problem found, sorted by position
    std::string digest;                   ///< "sha256:<hex>" of the bytes read; empty if unreadable
    /// config::profile_digest of the host profile in force (the default one
    /// without spec.hostProfile); empty when the file did not load.
    std::string profile_digest;
    bool ok() const { return pair.has_value() && errors.empty(); }
};

/// Loads and checks the pair file at `path`. Never throws: a missing file, a
/// directory, an oversized, binary or non-UTF-8 file, invalid YAML and every
/// schema or semantic violation are reported in `errors`, named by `path`.
/// With spec.hostProfile, the profile file (relative to the pair file's
/// directory) is loaded into `pair->profile`; its problems are reported with
/// the profile file's FILE:LINE:COL, a missing or unreadable profile at the
/// pair file's hostProfile line.
LoadResult load_pair_file(const std::string& path);

/// Same as load_pair_file for text already in memory; `label` names it in
/// diagnostics, and spec.hostProfile is relative to `label`'s directory.
/// Never throws.
LoadResult load_pair_text(std::string_view text, const std::string& label);

}  // namespace hactl::config
