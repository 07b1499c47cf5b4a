#pragma once
/// Host profile files (`kind: HostProfile`, schemas/hostprofile.schema.json):
/// the details of Alation hosts that differ from the host contract. Read like
/// pair files (size and encoding checks, YAML, the JSON Schema, semantic rules,
/// FILE:LINE:COL diagnostics); every field is optional and overrides the
/// contract's value (contract::HostProfile's defaults).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hactl/config/diagnostic.hpp"
#include "hactl/contract/host_profile.hpp"

namespace hactl::config {

struct ProfileLoadResult {
    std::optional<contract::HostProfile> profile;  ///< set only when there are no errors
    std::vector<Diagnostic> errors;                ///< every problem found, sorted by position
    bool unreadable = false;  ///< the file could not be read at all (missing, a directory...)
    bool ok() const { return profile.has_value() && errors.empty(); }
};

/// Loads and checks the host profile at `path`. Never throws.
ProfileLoadResult load_profile_file(const std::string& path);

/// Same for text already in memory; `label` names it in diagnostics. Never throws.
ProfileLoadResult load_profile_text(std::string_view text, const std::string& label);

/// A complete, commented host profile file: every field explicit, each with a
/// one-line comment saying what it is. It loads back to a value equal to
/// `profile` (provided `profile` is valid). `hactl doctor --print-profile`
/// prints it for the default profile. Never fails.
std::string profile_yaml(const contract::HostProfile& profile);

/// "sha256:<hex>" of profile_yaml(profile): what a saved plan records of the
/// profile in force, so that a changed profile makes the plan stale.
std::string profile_digest(const contract::HostProfile& profile);

/// The `kind` a YAML document declares ("HAPair", "HostProfile"), or "" when
/// it declares none or cannot be read. Lets `hactl validate` pick the loader.
std::string document_kind(const std::string& path);

}  // namespace hactl::config
