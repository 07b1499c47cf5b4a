#pragma once
/// SHA-256 (FIPS 180-4), used for the pair file digest recorded in saved plans.
#include <string>
#include <string_view>

namespace hactl::config {

/// Lowercase hex SHA-256 of `bytes` (64 characters). Never fails.
std::string sha256_hex(std::string_view bytes);

}  // namespace hactl::config
