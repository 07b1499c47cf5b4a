#pragma once
/// The one place where command lines for a remote POSIX shell are built.
/// No value reaches a remote command line unquoted.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hactl::transport {

/// Quotes one argument for a POSIX shell: 'it'\''s'. Safe for any bytes but NUL.
std::string shell_quote(std::string_view arg);

/// Joins arguments, each quoted: {"df","-P","/data"} -> "'df' '-P' '/data'".
/// Plain words of [A-Za-z0-9_./:=@%+,-] are left as they are for readability.
std::string shell_join(const std::vector<std::string>& args);

/// The Alation shell wrapper (a command prefix, used as written) followed by
/// `command_line` as ONE quoted argument (contract section 1).
std::string in_alation_shell(std::string_view wrapper, std::string_view command_line);

}  // namespace hactl::transport
