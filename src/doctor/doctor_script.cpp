// The doctor's remote script: host sections and ONE entry into the Alation
// shell, every section read-only, every value quoted.
#include <string>
#include <vector>

#include "doctor_sections.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/doctor/doctor.hpp"
#include "hactl/facts/probe.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::doctor {

namespace {

/// hactl_sec runs one section (`hactl_p_NAME`), its stderr merged into its
/// stdout, framed by marker lines with the section's exit status. hactl_all
/// runs every section at once, each into its own file in a `mktemp -d`
/// directory (removed on exit), then prints them in order: the doctor costs
/// about its slowest check (a real alation_conf may take seconds). Without a
/// temporary directory, one after another, with the same output.
constexpr std::string_view runner = R"SH(hactl_sec() {
  printf '\n%s begin %s\n' "$hactl_t" "$1"
  "hactl_p_$1" 2>&1
  hactl_rc=$?
  printf '\n%s end %s %s\n' "$hactl_t" "$1" "$hactl_rc"
}
hactl_all() {
  hactl_tmp=$(mktemp -d "${TMPDIR:-/tmp}/hactl-doctor.XXXXXX" 2>/dev/null) || hactl_tmp=
  if [ -z "$hactl_tmp" ] || [ ! -d "$hactl_tmp" ]; then
    for hactl_s in "$@"; do hactl_sec "$hactl_s"; done
    return 0
  fi
  trap 'rm -rf "$hactl_tmp"' EXIT
  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM
  for hactl_s in "$@"; do hactl_sec "$hactl_s" >"$hactl_tmp/$hactl_s" 2>&1 & done
  wait
  for hactl_s in "$@"; do cat "$hactl_tmp/$hactl_s"; done
  return 0
}
)SH";

/// The nearest existing directory of $1 and whether it may be written: `test
/// -w`, nothing created or removed.
constexpr std::string_view writable_script = R"SH(d=$1
while [ ! -e "$d" ]; do
  case $d in */*) d=${d%/*}; [ -n "$d" ] || d=/ ;; *) d=. ;; esac
done
if [ -d "$d" ] && [ -w "$d" ]; then printf 'writable %s\n' "$d"; exit 0; fi
printf 'not writable: %s\n' "$d"
exit 3
)SH";

class Script {
public:
    explicit Script(std::string_view token) {
        m_text = "hactl_t=" + std::string(token) + "\n" + std::string(runner);
    }
    void section(std::string_view name, std::string_view command) {
        m_text += "hactl_p_" + std::string(name) + "() { " + std::string(command) + "; }\n";
        m_names.emplace_back(name);
    }
    std::string finish() && {
        m_text += "hactl_all";
        for (const auto& name : m_names) m_text += " " + name;
        m_text += "\nexit 0\n";
        return std::move(m_text);
    }

private:
    std::string m_text;
    std::vector<std::string> m_names;
};

/// Prints `present` or `absent`; fails (with cat's message) when the file
/// exists but cannot be read.
std::string key_file_command(const std::string& path) {
    const std::string q = transport::shell_quote(path);
    return "if [ ! -e " + q + " ]; then echo absent; elif cat " + q +
           " >/dev/null; then echo present; else exit 1; fi";
}

}  // namespace

std::string build_doctor_script(const model::PairSpec& spec, model::Role role, std::string_view token) {
    const std::string tok = token.empty() ? facts::new_probe_token() : std::string(token);
    const auto& profile = spec.profile;
    const auto& host = spec.host(role);

    Script inside(tok);
    inside.section(section::shell, "echo ok");
    inside.section(section::release, transport::shell_join({"cat", profile.release_file}));
    for (const auto& key : conf_keys(profile)) {
        inside.section(key.section, contract::conf_read_command(key.key));
    }
    inside.section(section::cluster_key, key_file_command(profile.cluster_key_file));
    inside.section(section::authorized_keys, key_file_command(profile.authorized_keys_file));

    const std::string privilege = model::effective_privilege(host);
    Script outside(tok);
    outside.section(section::login, "id -un");
    outside.section(section::privilege, (privilege.empty() ? std::string() : privilege + " ") + "sh -c " +
                                            transport::shell_quote(writable_script) + " hactl-doctor " +
                                            transport::shell_quote(spec.paths.state));
    outside.section(section::alation_shell,
                    transport::in_alation_shell(host.alation_shell, std::move(inside).finish()));
    if (role == model::Role::primary)
        outside.section(section::monitor, contract::monitor_command(spec.monitor_url));
    for (const auto& tool : k_tools) outside.section(tool.section, tool.command);
    outside.section(section::df, contract::df_command(spec.paths.data, spec.paths.install));
    outside.section(section::date, "date -u -d @0 +%Y-%m-%dT%H:%M:%SZ");
    return "sh -c " + transport::shell_quote("exec </dev/null\n" + std::move(outside).finish());
}

}  // namespace hactl::doctor
