#pragma once
/// The semantic rules of the pair file: what the schema's patterns say, with
/// precise reasons, plus what a schema cannot say (the two addresses differ,
/// host addresses are unicast). Each check_* returns nullopt when the value is
/// acceptable, otherwise "expected ..., found ... (reason)".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>


namespace hactl::config {

/// Strict dotted quad: four parts 0-255, digits only, no leading zeros, no hostnames.
std::optional<std::string> check_ipv4(std::string_view text);
/// A valid dotted quad usable as a host address: not 0.0.0.0/8, multicast or reserved (>= 224).
std::optional<std::string> check_unicast(std::string_view text);
/// YEAR.N (optionally YEAR.N.PATCH), as model::Release::parse accepts.
std::optional<std::string> check_release(std::string_view text);
/// A DNS label: [a-z0-9-], 1-63 characters, no '-' at either end.
std::optional<std::string> check_pair_name(std::string_view text);
/// A login name: [A-Za-z_][A-Za-z0-9_.-]*, at most 32 characters.
std::optional<std::string> check_ssh_user(std::string_view text);
/// 1-65535.
std::optional<std::string> check_port(std::int64_t port);
/// 1-100.
std::optional<std::string> check_max_wal_senders(std::int64_t value);
/// A path on the machine running hactl: absolute or starting with ~/, no control characters.
std::optional<std::string> check_local_path(std::string_view text);
/// A path on the hosts (it reaches remote command lines): absolute, parts of
/// [A-Za-z0-9_.+@%,:=-], no empty, "." or ".." parts.
std::optional<std::string> check_remote_path(std::string_view text);
/// A file on the hosts (a host profile's file paths): as check_remote_path, and
/// not ending with '/'.
std::optional<std::string> check_remote_file(std::string_view text);
/// An alation_conf key or alation_action name (a host profile's confKeys and
/// actions): 1-256 characters of [A-Za-z0-9_.-].
std::optional<std::string> check_host_name_word(std::string_view text);
/// The release line's key (a host profile's releaseKey): an identifier
/// [A-Za-z_][A-Za-z0-9_]*, at most 256 characters.
std::optional<std::string> check_identifier(std::string_view text);
/// A JSON pointer (RFC 6901) into the monitor's body: starts with '/', '~'
/// only as ~0 or ~1, no control characters.
std::optional<std::string> check_json_pointer(std::string_view text);
/// A word of the helper's prompts: not empty, not only spaces, no control characters.
std::optional<std::string> check_prompt_word(std::string_view text);
/// http(s)://HOST[:PORT][/PATH] with no shell metacharacters (curl runs it on the primary).
std::optional<std::string> check_monitor_url(std::string_view text);
/// The Alation shell wrapper, a command prefix: words of [A-Za-z0-9_./:=@%+,-]
/// separated by spaces. Forbids every shell metacharacter (; & | ` $ ( ) < > quotes
/// \ * ? [ ] { } ~ # ! newline tab), so the prefix cannot alter the command it wraps.
std::optional<std::string> check_shell_prefix(std::string_view text);
/// The privilege prefix of hactl's own host operations: as check_shell_prefix,
/// or empty (none).
std::optional<std::string> check_privilege_prefix(std::string_view text);

}  // namespace hactl::config
