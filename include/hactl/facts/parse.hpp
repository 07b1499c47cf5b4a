#pragma once
/// Parsers for what a host prints (contract sections 2, 5 and 7). Each
/// [assumed] format is parsed in exactly one place; the names of keys, files
/// and fields come from contract/host_contract.hpp.
///
/// Parsers are tolerant of odd-but-valid output (blank lines, trailing spaces,
/// CRLF line ends) and strict about meaning: what they cannot read is an error
/// with a message, never a guess.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hactl/contract/host_profile.hpp"
#include "hactl/facts/facts.hpp"

namespace hactl::facts {

/// A parsed value, or why the text could not be parsed.
template <class T>
struct Parsed {
    std::optional<T> value;
    std::string error;  ///< empty when value is set

    static Parsed ok(T v) { return Parsed{std::move(v), {}}; }
    static Parsed fail(std::string why) { return Parsed{std::nullopt, std::move(why)}; }
    bool has_value() const { return value.has_value(); }
};

/// The lines of `text`, split on '\n', each with a trailing '\r' removed.
std::vector<std::string_view> split_lines(std::string_view text);
/// `text` without leading and trailing whitespace (space, tab, CR, LF).
std::string_view trim(std::string_view text);
/// The fields of `line` separated by spaces and tabs. With `quotes`, a
/// double-quoted part (an authorized_keys options field) may hold them.
std::vector<std::string_view> split_fields(std::string_view line, bool quotes = false);

/// The VALUE of `alation_conf KEY` output: the line whose left side (before the
/// FIRST '=', trimmed) is `key`, value trimmed; may be empty or hold '='. Blank
/// lines and trailing spaces are tolerated. Error when no such line exists.
Parsed<std::string> parse_conf_value(std::string_view output, std::string_view key);
/// `True` / `False`, case-insensitive, trimmed. Error for anything else.
Parsed<bool> parse_conf_bool(std::string_view value);
/// A decimal integer, trimmed. Error for anything else.
Parsed<int> parse_conf_int(std::string_view value);
/// A comma-separated list, each item trimmed, empty items dropped ("" -> {}).
std::vector<std::string> parse_conf_list(std::string_view value);

/// The release file: the value of the `KEY = "X"` line, KEY the profile's
/// release key (ALATION_RELEASE by default; quotes single or double, or none),
/// other lines ignored. Returns the raw string ("2021.4.2"); error when the
/// line is missing.
Parsed<std::string> parse_release_file(std::string_view content,
                                       const contract::HostProfile& profile = contract::HostProfile{});

/// `df -P -B1 A B` output: the second column (bytes) of each data line, in
/// order; the header line is skipped; blank lines ignored. Error when a data
/// line's second column is not a number or when there are not exactly
/// `expected_lines` data lines.
Parsed<std::vector<std::uint64_t>> parse_df_sizes(std::string_view output, std::size_t expected_lines);

/// The replication monitor's JSON body (contract section 5), each value found
/// at the profile's JSON pointer (`pointers`). Unknown fields are ignored; a
/// lag is numeric, unknown (any non-numeric value, or a missing value whose
/// parent is there) or absent (its parent is not there either); the event-bus
/// sync is absent (below 2021.4) unless its parent object is there. Error when
/// the body is not a JSON object.
Parsed<MonitorFacts> parse_monitor_json(std::string_view body,
                                        const contract::MonitorPointers& pointers = contract::MonitorPointers{});

/// One OpenSSH public key: type and base64 blob (options and comment dropped).
struct PublicKey {
    std::string type;
    std::string blob;
    bool operator==(const PublicKey&) const = default;
};
/// An OpenSSH public-key line "[options] TYPE BLOB [comment]". nullopt for
/// blank lines, comments and anything that does not hold a key.
std::optional<PublicKey> parse_public_key_line(std::string_view line);
/// The cluster public key file: its first key line, trimmed; "" when the file
/// is empty (absent). Error when the content holds no key line.
Parsed<std::string> parse_public_key_file(std::string_view content);
/// authorized_keys content: the key lines, trimmed; blank lines and '#'
/// comments dropped. Lines that hold no key are dropped too.
std::vector<std::string> parse_authorized_keys(std::string_view content);
/// True when `authorized` holds a line with the same type and blob as `key`
/// (a public-key line). False when `key` holds no key.
bool trusts(const std::vector<std::string>& authorized, std::string_view key);

/// `key=value` lines (state files): trimmed; blank lines and lines without '='
/// ignored; the last value of a repeated key wins.
std::vector<std::pair<std::string, std::string>> parse_key_values(std::string_view content);
/// The lock file (state_dir.hpp). nullopt when `content` is empty (no lock);
/// error when it lacks an owner.
Parsed<std::optional<LockRecord>> parse_lock(std::string_view content);
/// The probe's receipts listing: one step id per line.
std::vector<std::string> parse_receipts(std::string_view listing);
/// The probe's jobs listing (see probe.cpp, hactl_jobs): records by step id.
/// Error on a line the listing format does not allow.
Parsed<std::map<std::string, JobRecord>> parse_jobs(std::string_view listing);

}  // namespace hactl::facts
