#include "hactl/config/rules.hpp"

#include <fmt/core.h>

#include "describe.hpp"
#include "hactl/model/release.hpp"
#include "text_util.hpp"

namespace hactl::config {

namespace {

constexpr std::string_view lower_digits = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view digits = "0123456789";
constexpr std::string_view path_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+@%,:=-";
constexpr std::string_view url_path_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~:/?=%+,@-";
constexpr std::string_view url_host_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-";
constexpr std::string_view word_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-";

std::string found(std::string_view text) {
    return text.empty() ? "an empty string" : fmt::format("\"{}\"", display_text(text));
}

std::string char_name(char c) {
    if (c == ' ') return "a space";
    if (c == '\n') return "a newline";
    if (c == '\t') return "a tab";
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return fmt::format("control character 0x{:02X}", c);
    if (static_cast<unsigned char>(c) >= 0x80) return "a non-ASCII character";
    return fmt::format("'{}'", c);
}

/// Index of the first character of `text` not in `allowed`, or npos.
std::size_t first_not_in(std::string_view text, std::string_view allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (allowed.find(text[i]) == std::string_view::npos) return i;
    }
    return std::string_view::npos;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t next = text.find(sep, start);
        parts.push_back(text.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start));
        if (next == std::string_view::npos) return parts;
        start = next + 1;
    }
}

}  // namespace

std::optional<std::string> check_ipv4(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a dotted-quad IPv4 address such as 10.0.0.1, found {} ({})", found(text), why);
    };
    if (text.empty()) return fmt::format("expected a dotted-quad IPv4 address such as 10.0.0.1, found an empty string");
    const std::size_t bad = first_not_in(text, "0123456789.");
    if (bad != std::string_view::npos) {
        if (first_not_in(text, "0123456789.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") ==
            std::string_view::npos) {
            return fail("hostnames are not allowed: HA is IP-based");
        }
        return fail(char_name(text[bad]) + " is not allowed");
    }
    const auto parts = split(text, '.');
    if (parts.size() != 4) return fail(fmt::format("4 parts needed, found {}", parts.size()));
    for (const auto part : parts) {
        if (part.empty()) return fail("empty part");
        if (part.size() > 1 && part[0] == '0') return fail(fmt::format("part '{}' has a leading zero", part));
        if (part.size() > 3 || std::stoi(std::string(part)) > 255) {
            return fail(fmt::format("part {} is larger than 255", display_text(part)));
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_unicast(std::string_view text) {
    if (check_ipv4(text)) return check_ipv4(text);
    const int first = std::stoi(std::string(text.substr(0, text.find('.'))));
    if (first == 0) return fmt::format("expected a host address, found {} (0.0.0.0/8 is not a host)", found(text));
    if (first >= 224 && first <= 239) {
        return fmt::format("expected a host address, found {} (a multicast address)", found(text));
    }
    if (first >= 240) return fmt::format("expected a host address, found {} (a reserved or broadcast address)", found(text));
    return std::nullopt;
}

std::optional<std::string> check_release(std::string_view text) {
    if (model::Release::parse(text)) return std::nullopt;
    return fmt::format("expected a release YEAR.N such as \"2023.3\" (no leading zeros), found {}", found(text));
}

std::optional<std::string> check_pair_name(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a DNS label such as catalog-prod, found {} ({})", found(text), why);
    };
    if (text.empty()) return fail("it is empty");
    if (text.size() > 63) return fail(fmt::format("{} characters, at most 63", text.size()));
    const std::size_t bad = first_not_in(text, std::string(lower_digits) + "-");
    if (bad != std::string_view::npos) return fail(char_name(text[bad]) + " is not allowed; use a-z, 0-9 and -");
    if (text.front() == '-' || text.back() == '-') return fail("it may not start or end with '-'");
    return std::nullopt;
}

std::optional<std::string> check_ssh_user(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a user name such as alationops, found {} ({})", found(text), why);
    };
    if (text.empty()) return fail("it is empty");
    if (text.size() > 32) return fail(fmt::format("{} characters, at most 32", text.size()));
    if (letters.find(text[0]) == std::string_view::npos && text[0] != '_') {
        return fail("it must start with a letter or _");
    }
    const std::size_t bad = first_not_in(text, std::string(letters) + std::string(digits) + "_.-");
    if (bad != std::string_view::npos) return fail(char_name(text[bad]) + " is not allowed");
    return std::nullopt;
}

std::optional<std::string> check_port(std::int64_t port) {
    if (port >= 1 && port <= 65535) return std::nullopt;
    return fmt::format("expected a port from 1 to 65535, found {}", port);
}

std::optional<std::string> check_max_wal_senders(std::int64_t value) {
    if (value >= 1 && value <= 100) return std::nullopt;
    return fmt::format("expected an integer from 1 to 100 (the vendor's value is 4), found {}", value);
}

std::optional<std::string> check_local_path(std::string_view text) {
    if (!(text.substr(0, 1) == "/" || text.substr(0, 2) == "~/")) {
        return fmt::format("expected an absolute path or one starting with ~/, found {}", found(text));
    }
    for (char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            return fmt::format("expected a path without control characters, found {} ({})", found(text), char_name(c));
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_remote_path(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected an absolute path such as /data, found {} ({})", found(text), why);
    };
    if (text.empty() || text[0] != '/') return fail("it must start with /");
    if (text == "/") return fail("/ itself is not allowed");
    const std::size_t bad = first_not_in(text, std::string(path_chars) + "/");
    if (bad != std::string_view::npos) {
        return fail(char_name(text[bad]) + " is not allowed: the path reaches remote command lines");
    }
    auto parts = split(text.substr(1), '/');
    if (parts.back().empty()) parts.pop_back();  // one trailing slash
    for (const auto part : parts) {
        if (part.empty()) return fail("empty part (//)");
        if (part == "." || part == "..") return fail(fmt::format("'{}' parts are not allowed", part));
    }
    return std::nullopt;
}

std::optional<std::string> check_remote_file(std::string_view text) {
    if (auto problem = check_remote_path(text)) return problem;
    if (text.back() == '/') {
        return fmt::format("expected an absolute file path such as /opt/alation/cluster/id_cluster.pub, found {} "
                           "(a file path does not end with /)",
                           found(text));
    }
    return std::nullopt;
}

std::optional<std::string> check_host_name_word(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a name of letters, digits and _.- such as alation.cluster.hosts, found {} ({})",
                           found(text), why);
    };
    if (text.empty()) return fail("it must not be empty");
    if (text.size() > 256) return fail("longer than 256 characters");
    const std::size_t bad = first_not_in(text, std::string(letters) + std::string(digits) + "_.-");
    if (bad != std::string_view::npos) {
        return fail(char_name(text[bad]) + " is not allowed: the name reaches remote command lines");
    }
    return std::nullopt;
}

std::optional<std::string> check_identifier(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected an identifier such as ALATION_RELEASE, found {} ({})", found(text), why);
    };
    if (text.empty()) return fail("it must not be empty");
    if (text.size() > 256) return fail("longer than 256 characters");
    if (digits.find(text[0]) != std::string_view::npos) return fail("it must not start with a digit");
    const std::size_t bad = first_not_in(text, std::string(letters) + std::string(digits) + "_");
    if (bad != std::string_view::npos) return fail(char_name(text[bad]) + " is not allowed");
    return std::nullopt;
}

std::optional<std::string> check_json_pointer(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a JSON pointer (RFC 6901) such as /postgres/lag_bytes, found {} ({})",
                           found(text), why);
    };
    if (text.empty() || text[0] != '/') return fail("it must start with /");
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) return fail(char_name(text[i]) + " is not allowed");
        if (text[i] == '~' && (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))) {
            return fail("'~' must be written ~0, and '/' inside a name ~1");
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_prompt_word(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a word of the helper's prompts such as \"public key\", found {} ({})",
                           found(text), why);
    };
    if (text.find_first_not_of(' ') == std::string_view::npos) return fail("it must not be empty");
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return fail(char_name(c) + " is not allowed");
    }
    return std::nullopt;
}

std::optional<std::string> check_monitor_url(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected an http:// or https:// URL, found {} ({})", found(text), why);
    };
    std::string_view rest;
    if (text.substr(0, 7) == "http://") {
        rest = text.substr(7);
    } else if (text.substr(0, 8) == "https://") {
        rest = text.substr(8);
    } else {
        return fail("it must start with http:// or https://");
    }
    const std::size_t host_end = rest.find_first_of(":/");
    const std::string_view host = rest.substr(0, host_end);
    if (host.empty()) return fail("no host");
    if (const auto bad = first_not_in(host, url_host_chars); bad != std::string_view::npos) {
        return fail(char_name(host[bad]) + " is not allowed in the host");
    }
    rest = host_end == std::string_view::npos ? std::string_view{} : rest.substr(host_end);
    if (!rest.empty() && rest[0] == ':') {
        const std::size_t port_end = rest.find('/', 1);
        const std::string_view port = rest.substr(1, port_end == std::string_view::npos ? std::string_view::npos
                                                                                         : port_end - 1);
        if (port.empty() || port.size() > 5 || first_not_in(port, digits) != std::string_view::npos) {
            return fail("the port must be 1 to 5 digits");
        }
        rest = port_end == std::string_view::npos ? std::string_view{} : rest.substr(port_end);
    }
    if (const auto bad = first_not_in(rest, url_path_chars); bad != std::string_view::npos) {
        return fail(char_name(rest[bad]) + " is not allowed: curl runs this URL on the primary");
    }
    return std::nullopt;
}

std::optional<std::string> check_shell_prefix(std::string_view text) {
    const auto fail = [&](const std::string& why) {
        return fmt::format("expected a command prefix of words separated by spaces, found {} ({})", found(text), why);
    };
    if (text.empty()) return fail("it is empty");
    if (text.front() == ' ' || text.back() == ' ') return fail("leading or trailing space");
    const std::size_t bad = first_not_in(text, std::string(word_chars) + " ");
    if (bad != std::string_view::npos) {
        return fail(char_name(text[bad]) +
                    " is not allowed: the wrapper is used as written by a remote shell, "
                    "so shell metacharacters and quotes could change the command");
    }
    return std::nullopt;
}

std::optional<std::string> check_privilege_prefix(std::string_view text) {
    if (text.empty()) return std::nullopt;  // "": hactl's state operations run as the login user
    return check_shell_prefix(text);
}

}  // namespace hactl::config
