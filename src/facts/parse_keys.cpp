// OpenSSH public-key and authorized_keys lines (cluster key files, contract section 2).
#include "hactl/facts/parse.hpp"

namespace hactl::facts {

namespace {
bool is_key_type(std::string_view word) {
    return word.starts_with("ssh-") || word.starts_with("ecdsa-sha2-") || word.starts_with("sk-ssh-") ||
           word.starts_with("sk-ecdsa-");
}

bool is_base64(std::string_view word) {
    if (word.size() < 16) return false;
    for (char c : word) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                        c == '/' || c == '=';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::optional<PublicKey> parse_public_key_line(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() == '#') return std::nullopt;
    const auto w = split_fields(line, true);
    // TYPE BLOB [comment], or OPTIONS TYPE BLOB [comment].
    for (std::size_t i = 0; i + 1 < w.size() && i < 2; ++i) {
        if (is_key_type(w[i]) && is_base64(w[i + 1])) return PublicKey{std::string(w[i]), std::string(w[i + 1])};
    }
    return std::nullopt;
}

Parsed<std::string> parse_public_key_file(std::string_view content) {
    if (trim(content).empty()) return Parsed<std::string>::ok("");
    for (auto line : split_lines(content)) {
        if (parse_public_key_line(line)) return Parsed<std::string>::ok(std::string(trim(line)));
    }
    return Parsed<std::string>::fail("the cluster public key file holds no OpenSSH key line");
}

std::vector<std::string> parse_authorized_keys(std::string_view content) {
    std::vector<std::string> keys;
    for (auto line : split_lines(content)) {
        if (parse_public_key_line(line)) keys.emplace_back(trim(line));
    }
    return keys;
}

bool trusts(const std::vector<std::string>& authorized, std::string_view key) {
    const auto wanted = parse_public_key_line(key);
    if (!wanted) return false;
    for (const auto& line : authorized) {
        if (parse_public_key_line(line) == wanted) return true;
    }
    return false;
}

}  // namespace hactl::facts
