// The probe script: one POSIX sh script per host, one line per section, the
// sections run concurrently and printed in order; the Alation facts' sections
// form a second such script, run by one entry into the Alation shell.
#include <random>
#include <vector>

#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/facts/fact_keys.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::facts {

namespace {

constexpr std::string_view token_assignment = "hactl_t=";

/// The framing and the concurrent runner: both scripts (the host's and the
/// one inside the Alation shell) start with these. hactl_run frames each
/// section's stdout and stderr; a section prints with shell builtins only (no
/// process per section beyond its command). The fake host knows hactl_run by
/// name.
constexpr std::string_view runner_functions =
    R"SH(hactl_frame() { printf '\n%s %s %s%s\n' "$hactl_t" "$1" "$2" "${3:+ $3}"; }
hactl_show() { while IFS= read -r hactl_l || [ -n "$hactl_l" ]; do printf '%s\n' "$hactl_l"; done <"$1"; }
hactl_run() {
  hactl_tmp=$(mktemp -d "${TMPDIR:-/tmp}/hactl-probe.XXXXXX" 2>/dev/null) || hactl_tmp=
  if [ -z "$hactl_tmp" ] || [ ! -d "$hactl_tmp" ]; then
    for hactl_s in "$@"; do
      hactl_n=${hactl_s#hactl_p_}
      hactl_frame begin "$hactl_n"; hactl_frame begin "$hactl_n" >&2
      "$hactl_s"; hactl_rc=$?
      hactl_frame end "$hactl_n" "$hactl_rc"; hactl_frame end "$hactl_n" >&2
    done
    return 0
  fi
  trap 'rm -rf "$hactl_tmp"' EXIT
  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM
  hactl_i=0; hactl_pids=
  for hactl_s in "$@"; do
    hactl_i=$((hactl_i + 1))
    "$hactl_s" >"$hactl_tmp/$hactl_i.out" 2>"$hactl_tmp/$hactl_i.err" &
    hactl_pids="$hactl_pids$! "
  done
  hactl_i=0
  for hactl_s in "$@"; do
    hactl_i=$((hactl_i + 1))
    hactl_p=${hactl_pids%% *}; hactl_pids=${hactl_pids#* }
    wait "$hactl_p"; hactl_rc=$?
    hactl_n=${hactl_s#hactl_p_}
    hactl_frame begin "$hactl_n"; hactl_show "$hactl_tmp/$hactl_i.out"; hactl_frame end "$hactl_n" "$hactl_rc"
    { hactl_frame begin "$hactl_n"; hactl_show "$hactl_tmp/$hactl_i.err"; hactl_frame end "$hactl_n"; } >&2
  done
  return 0
}
)SH";

/// The host script's listings of hactl's records; their output formats are
/// parsed in parse_state.cpp.
constexpr std::string_view state_functions = R"SH(hactl_receipts() {
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
    # Alive: that very process (pid, start time, boot id) still runs (contract/state_dir.hpp).
    if hactl_alive "$(head -n 1 "${hactl_d}pid" 2>/dev/null)" "$(head -n 1 "${hactl_d}pid_start" 2>/dev/null)" "$(head -n 1 "${hactl_d}boot_id" 2>/dev/null)"; then echo 'alive 1'; else echo 'alive 0'; fi
    if [ -f "${hactl_d}exit" ]; then printf 'exit %s\n' "$(head -n 1 "${hactl_d}exit")"; fi
    if [ -f "${hactl_d}started_at" ]; then printf 'started %s\n' "$(head -n 1 "${hactl_d}started_at")"; fi
    # Running: how long, by this host's clock (GNU date reads the ISO time back).
    if [ ! -f "${hactl_d}exit" ] && [ -f "${hactl_d}started_at" ] && hactl_t=$(date -u -d "$(head -n 1 "${hactl_d}started_at")" +%s 2>/dev/null); then printf 'elapsed %s\n' "$(($(date +%s) - hactl_t))"; fi
    if [ -f "${hactl_d}log" ]; then printf 'last %s\n' "$(tail -n 5 "${hactl_d}log" | tr '\r' '\n' | sed '/^[[:space:]]*$/d' | tail -n 1)"; fi
  done
  return 0
}
)SH";

constexpr std::string_view section_prefix = "hactl_p_";

/// One script: the token, functions, one line per section
/// (`hactl_p_NAME() { COMMAND; }`) and the line that runs them all.
class Script {
public:
    Script(std::string_view token, std::string_view preamble) {
        m_text += token_assignment;
        m_text += token;
        m_text += '\n';
        m_text += preamble;
    }

    void section(std::string_view name, std::string_view command) {
        m_text += section_prefix;
        m_text += name;
        m_text += "() { ";
        m_text += command;
        m_text += "; }\n";
        m_names.push_back(name);
    }

    /// The script with its run line; `tail` follows it.
    std::string finish(std::string_view tail) && {
        m_text += "hactl_run";
        for (auto name : m_names) {
            m_text += ' ';
            m_text += section_prefix;
            m_text += name;
        }
        m_text += '\n';
        m_text += tail;
        return std::move(m_text);
    }

private:
    std::string m_text;
    std::vector<std::string_view> m_names;
};

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
    // The paths, wrapper and URL as the pair file gives them (model::PairSpec
    // holds the defaults of what it omits), the same as apply uses.
    const std::string& wrapper = spec.host(role).alation_shell;
    const std::string& state = spec.paths.state;

    // Every Alation read in one entry into the Alation shell (one sudo/su per
    // probe, not one per fact), its sections concurrent in there too.
    // The files and key names are the host profile's.
    const contract::HostProfile& profile = spec.profile;
    const contract::ConfKeys& conf = profile.conf_keys;
    Script inside(tok, runner_functions);
    inside.section(key::release, transport::shell_join({"cat", profile.release_file}));
    inside.section(key::mode, contract::conf_read_command(conf.replication_mode));
    inside.section(key::protected_instance, contract::conf_read_command(conf.protected_instance));
    inside.section(key::override_ip, contract::conf_read_command(conf.override_ip));
    inside.section(key::override_ip_enabled, contract::conf_read_command(conf.enable_override_ip));
    inside.section(key::cluster_hosts, contract::conf_read_command(conf.cluster_hosts));
    inside.section(key::max_wal_senders, contract::conf_read_command(conf.max_wal_senders));
    inside.section(key::backup_v2, contract::conf_read_command(conf.backup_v2));
    inside.section(key::public_key, contract::read_optional_file_command(profile.cluster_key_file));
    inside.section(key::authorized_keys, contract::read_optional_file_command(profile.authorized_keys_file));

    // hactl's own records, read through the host's privilege prefix (one
    // sudo per probe for a non-root login), in a script of the same shape.
    Script records(tok, std::string(runner_functions)
                            .append(contract::state_dir::alive_functions)
                            .append(state_functions));
    records.section(key::receipts,
                    transport::shell_join({"hactl_receipts", contract::state_dir::receipts_root(state)}));
    records.section(key::jobs, transport::shell_join({"hactl_jobs", contract::state_dir::jobs_root(state)}));
    if (role == model::Role::primary) {
        records.section(key::lock, contract::read_optional_file_command(contract::state_dir::lock_path(state)));
    }
    const std::string privilege = model::effective_privilege(spec.host(role));

    Script host_script(tok, std::string("exec </dev/null\n").append(runner_functions));
    host_script.section(key::alation_shell,
                        transport::in_alation_shell(wrapper, std::move(inside).finish({})));
    host_script.section(key::partitions, contract::df_command(spec.paths.data, spec.paths.install));
    if (role == model::Role::primary)
        host_script.section(key::monitor, contract::monitor_command(spec.monitor_url));
    host_script.section(key::hactl_state, (privilege.empty() ? std::string() : privilege + " ") + "sh -c " +
                                              transport::shell_quote(std::move(records).finish({})));
    return "sh -c " + transport::shell_quote(std::move(host_script).finish("exit 0\n"));
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
