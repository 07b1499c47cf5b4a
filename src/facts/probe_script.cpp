// The probe script: one POSIX sh script per host, one line per section, the
// sections run concurrently on the host and printed in order.
#include <random>
#include <vector>

#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/facts/fact_keys.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/model/defaults.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::facts {

namespace {

constexpr std::string_view token_assignment = "hactl_t=";

/// Shell functions every probe script starts with. The fake host knows them
/// by name; their output formats are parsed in parse_state.cpp.
constexpr std::string_view script_header = R"SH(exec </dev/null
hactl_begin() { printf '\n%s begin %s\n' "$hactl_t" "$1"; printf '\n%s begin %s\n' "$hactl_t" "$1" >&2; }
hactl_end() { printf '\n%s end %s %s\n' "$hactl_t" "$1" "$2"; printf '\n%s end %s\n' "$hactl_t" "$1" >&2; }
hactl_receipts() {
  [ -d "$1" ] || return 0
  for hactl_f in "$1"/*; do
    if [ -f "$hactl_f" ]; then printf '%s\n' "${hactl_f##*/}"; fi
  done
  return 0
}
hactl_jobs() {
  [ -d "$1" ] || return 0
  for hactl_d in "$1"/*/; do
    [ -d "$hactl_d" ] || continue
    hactl_n=${hactl_d%/}; hactl_n=${hactl_n##*/}
    printf 'job %s\n' "$hactl_n"
    hactl_p=$(head -n 1 "${hactl_d}pid" 2>/dev/null)
    # Alive: the process exists and is not a zombie (an init that does not reap would keep it "running").
    if [ -n "$hactl_p" ] && kill -0 "$hactl_p" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$hactl_p/stat" 2>/dev/null; then echo 'alive 1'; else echo 'alive 0'; fi
    if [ -f "${hactl_d}exit" ]; then printf 'exit %s\n' "$(head -n 1 "${hactl_d}exit")"; fi
    if [ -f "${hactl_d}started_at" ]; then printf 'started %s\n' "$(head -n 1 "${hactl_d}started_at")"; fi
    if [ -f "${hactl_d}log" ]; then printf 'last %s\n' "$(tail -n 5 "${hactl_d}log" | tr '\r' '\n' | sed '/^[[:space:]]*$/d' | tail -n 1)"; fi
  done
  return 0
}
hactl_run() {
  hactl_tmp=$(mktemp -d "${TMPDIR:-/tmp}/hactl-probe.XXXXXX" 2>/dev/null) || hactl_tmp=
  if [ -z "$hactl_tmp" ] || [ ! -d "$hactl_tmp" ]; then
    for hactl_s in "$@"; do "$hactl_s"; done
    return 0
  fi
  trap 'rm -rf "$hactl_tmp"' EXIT
  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM
  hactl_i=0; hactl_pids=
  for hactl_s in "$@"; do
    hactl_i=$((hactl_i + 1))
    "$hactl_s" >"$hactl_tmp/$hactl_i.out" 2>"$hactl_tmp/$hactl_i.err" &
    hactl_pids="$hactl_pids $!"
  done
  hactl_i=0
  for hactl_p in $hactl_pids; do
    wait "$hactl_p"
    hactl_i=$((hactl_i + 1))
    cat "$hactl_tmp/$hactl_i.out"; cat "$hactl_tmp/$hactl_i.err" >&2
  done
  return 0
}
)SH";

constexpr std::string_view section_prefix = "hactl_p_";

/// One section: a one-line function `hactl_p_NAME() { ...; }`, run later by hactl_run.
void add_section(std::string& script, std::vector<std::string_view>& names, std::string_view name,
                 const std::string& command) {
    script += section_prefix;
    script += name;
    script += "() { hactl_begin ";
    script += name;
    script += "; ";
    script += command;
    script += "; hactl_end ";
    script += name;
    script += " $?; }\n";
    names.push_back(name);
}

}  // namespace

std::string new_probe_token() {
    std::random_device device;
    std::string token;
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 4; ++i) {
        auto word = static_cast<std::uint32_t>(device());
        for (int j = 0; j < 8; ++j) {
            token += hex[word & 0xF];
            word >>= 4;
        }
    }
    return token;
}

std::string build_probe_script(const model::PairSpec& spec, model::Role role, std::string_view token) {
    const std::string tok = token.empty() ? new_probe_token() : std::string(token);
    const auto& host = spec.host(role);
    const std::string wrapper = host.alation_shell.empty() ? std::string(model::defaults::alation_shell)
                                                           : host.alation_shell;
    auto alation = [&](const std::string& line) { return transport::in_alation_shell(wrapper, line); };
    const std::string data = spec.paths.data.empty() ? std::string(model::defaults::data_path) : spec.paths.data;
    const std::string install =
        spec.paths.install.empty() ? std::string(model::defaults::install_path) : spec.paths.install;
    const std::string state = spec.paths.state.empty() ? std::string(model::defaults::state_path) : spec.paths.state;
    const std::string url = spec.monitor_url.empty() ? std::string(model::defaults::monitor_url) : spec.monitor_url;

    std::string script;
    std::vector<std::string_view> names;
    script += token_assignment;
    script += tok;
    script += '\n';
    script += script_header;
    add_section(script, names, key::release, alation(transport::shell_join({"cat", std::string(contract::release_file)})));
    add_section(script, names, key::mode, alation(contract::conf_read_command(contract::conf_key::replication_mode)));
    add_section(script, names, key::protected_instance,
                alation(contract::conf_read_command(contract::conf_key::protected_instance)));
    add_section(script, names, key::override_ip, alation(contract::conf_read_command(contract::conf_key::override_ip)));
    add_section(script, names, key::override_ip_enabled,
                alation(contract::conf_read_command(contract::conf_key::enable_override_ip)));
    add_section(script, names, key::cluster_hosts, alation(contract::conf_read_command(contract::conf_key::cluster_hosts)));
    add_section(script, names, key::max_wal_senders,
                alation(contract::conf_read_command(contract::conf_key::max_wal_senders)));
    add_section(script, names, key::backup_v2, alation(contract::conf_read_command(contract::conf_key::backup_v2)));
    add_section(script, names, key::public_key,
                alation(contract::read_optional_file_command(contract::cluster_public_key_file)));
    add_section(script, names, key::authorized_keys,
                alation(contract::read_optional_file_command(contract::cluster_authorized_keys_file)));
    add_section(script, names, key::partitions, contract::df_command(data, install));
    if (role == model::Role::primary) add_section(script, names, key::monitor, contract::monitor_command(url));
    add_section(script, names, key::receipts,
                transport::shell_join({"hactl_receipts", contract::state_dir::receipts_root(state)}));
    add_section(script, names, key::jobs, transport::shell_join({"hactl_jobs", contract::state_dir::jobs_root(state)}));
    if (role == model::Role::primary) {
        add_section(script, names, key::lock, contract::read_optional_file_command(contract::state_dir::lock_path(state)));
    }
    script += "hactl_run";
    for (auto name : names) {
        script += ' ';
        script += section_prefix;
        script += name;
    }
    script += "\nexit 0\n";
    return "sh -c " + transport::shell_quote(script);
}

std::string probe_token(std::string_view script) {
    // The assignment sits at the start of the quoted script: "sh -c 'hactl_t=TOKEN\n...".
    const auto at = script.find(token_assignment);
    if (at == std::string_view::npos) return {};
    const auto start = at + token_assignment.size();
    auto end = start;
    while (end < script.size() && std::isxdigit(static_cast<unsigned char>(script[end]))) ++end;
    return std::string(script.substr(start, end - start));
}

}  // namespace hactl::facts
