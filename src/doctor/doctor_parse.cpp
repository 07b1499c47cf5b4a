// The doctor script's output, section by section, turned into checks.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "doctor_sections.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/doctor/doctor.hpp"
#include "hactl/facts/access.hpp"
#include "hactl/facts/facts.hpp"
#include "hactl/facts/parse.hpp"
#include "hactl/model/release.hpp"

namespace hactl::doctor {

namespace {

using facts::trim;

struct Section {
    std::string body;
    std::optional<int> rc;  ///< nullopt: began, never ended
};

/// Every framed section of `text`, nested ones included: "\n<T> begin NAME\n"
/// BODY "\n<T> end NAME RC\n". Names are unique across both scripts.
std::map<std::string, Section> split_sections(std::string_view text, const std::string& token) {
    std::map<std::string, Section> sections;
    const std::string begin_mark = "\n" + token + " begin ";
    std::size_t pos = 0;
    while ((pos = text.find(begin_mark, pos)) != std::string_view::npos) {
        const auto name_start = pos + begin_mark.size();
        const auto name_end = text.find('\n', name_start);
        if (name_end == std::string_view::npos) break;
        const std::string name(text.substr(name_start, name_end - name_start));
        const auto body_start = name_end + 1;
        const std::string end_mark = "\n" + token + " end " + name + " ";
        auto& section = sections[name];
        const auto end = text.find(end_mark, body_start);
        if (end == std::string_view::npos) {
            section.body = std::string(text.substr(body_start));
        } else {
            section.body = std::string(text.substr(body_start, end - body_start));
            auto line_end = text.find('\n', end + end_mark.size());
            if (line_end == std::string_view::npos) line_end = text.size();
            const auto rc =
                facts::parse_conf_int(text.substr(end + end_mark.size(), line_end - end - end_mark.size()));
            section.rc = rc.value ? *rc.value : 255;
        }
        pos = name_end;  // nested sections begin inside this one's body
    }
    return sections;
}

/// The first non-blank line of `text` that is not a marker line, at most 200 bytes.
std::string first_line(std::string_view text, std::string_view token) {
    for (auto line : facts::split_lines(text)) {
        auto t = trim(line);
        if (t.empty() || t.starts_with(token)) continue;
        return std::string(t.substr(0, 200));
    }
    return {};
}

std::string backticked(std::string_view text) {
    return "`" + std::string(text) + "`";
}

class Builder {
public:
    Builder(const model::PairSpec& spec, model::Role role, std::map<std::string, Section> sections,
            std::string token)
        : m_spec(spec),
          m_role(role),
          m_sections(std::move(sections)),
          m_token(std::move(token)),
          m_host_field(std::string("spec.") + model::to_string(role)) {
        m_report.role = role;
        m_report.address = spec.host(role).address;
    }

    HostReport take() && { return std::move(m_report); }
    /// True when the host could not be reached (the first check failed).
    bool unreached() const {
        return !m_report.checks.empty() && m_report.checks.front().outcome == Outcome::mismatch;
    }

    const Section* find(std::string_view name) const {
        const auto it = m_sections.find(std::string(name));
        return it == m_sections.end() ? nullptr : &it->second;
    }
    bool ran_ok(const Section* s) const { return s && s->rc && *s->rc == 0; }
    std::string said(const Section* s) const {
        if (!s) return "no answer";
        std::string text = first_line(s->body, m_token);
        if (!s->rc) return text.empty() ? "cut short" : text + " (cut short)";
        if (*s->rc != 0)
            return text.empty() ? "exit " + std::to_string(*s->rc)
                                : text + " (exit " + std::to_string(*s->rc) + ")";
        return text.empty() ? "no output" : text;
    }

    Check& add(std::string id, std::string subject, std::string expected) {
        Check c;
        c.id = std::move(id);
        c.subject = std::move(subject);
        c.expected = std::move(expected);
        m_report.checks.push_back(std::move(c));
        return m_report.checks.back();
    }
    static void ok(Check& c, std::string seen) {
        c.outcome = Outcome::ok;
        c.seen = std::move(seen);
    }
    static void mismatch(Check& c, std::string seen, std::string field, std::string fix) {
        c.outcome = Outcome::mismatch;
        c.seen = std::move(seen);
        c.field = std::move(field);
        c.fix = std::move(fix);
    }
    static void skipped(Check& c, std::string why) {
        c.outcome = Outcome::skipped;
        c.seen = std::move(why);
    }

    void connection(const transport::CommandResult& result) {
        const auto& host = m_spec.host(m_role);
        auto& c =
            add("ssh", "SSH " + host.ssh.user + "@" + host.address + ":" + std::to_string(host.ssh.port),
                "the host answers, its key is in known_hosts and it accepts hactl's key");
        using E = transport::TransportError;
        if (result.status == transport::Status::ok || !m_sections.empty()) {
            ok(c, "connected");
            return;
        }
        const E error = result.status == transport::Status::timeout ? E::unreachable
                        : result.error == E::none                   ? E::unreachable
                                                                    : result.error;
        std::string seen = result.message.empty() ? transport::to_string(error) : result.message;
        if (result.status == transport::Status::timeout) seen = "timed out: " + seen;
        switch (error) {
            case E::host_key_unknown:
                mismatch(c, seen, m_host_field + ".ssh.knownHostsFile",
                         "check the host's key out of band and add it to that known_hosts file "
                         "(ssh-keyscan), or let plan add it once with --accept-new-host-key");
                break;
            case E::host_key_changed:
                mismatch(c, seen, m_host_field + ".ssh.knownHostsFile",
                         "the host's key changed: find out why before anything else; if the change is "
                         "expected, replace its line in that known_hosts file");
                break;
            case E::auth_failed:
                mismatch(c, seen, m_host_field + ".ssh.identityFile",
                         "authorize that key's public half for " + host.ssh.user +
                             " on the host, or name the key and user hactl should use (ssh.user)");
                break;
            case E::channel:
                mismatch(c, seen, "",
                         "the host accepted the login but would not run a command: check its sshd");
                break;
            default:
                mismatch(c, seen, m_host_field + ".address",
                         "check the address and port (ssh.port), that sshd runs there and that the network "
                         "lets this machine through");
                break;
        }
    }

    void login_user() {
        const auto& user = m_spec.host(m_role).ssh.user;
        auto& c = add("login-user", "login user", user);
        const auto* s = find(section::login);
        if (!ran_ok(s)) return mismatch(c, said(s), "", "`id -un` must run on the host");
        const std::string seen(trim(s->body));
        if (seen == user) return ok(c, seen);
        mismatch(c, seen, m_host_field + ".ssh.user", "log in as the user the pair file names");
    }

    void privilege() {
        const auto& state = m_spec.paths.state;
        const std::string prefix = model::effective_privilege(m_spec.host(m_role));
        auto& c =
            add("privilege",
                "hactl's state directory " + state +
                    (prefix.empty() ? std::string(" as the login user") : " through " + backticked(prefix)),
                "writable without a password or a terminal");
        const auto* s = find(section::privilege);
        if (ran_ok(s)) return ok(c, std::string(trim(s->body)));
        std::string fix = facts::access_fix(said(s), m_host_field + ".privilege");
        if (fix.starts_with("Fix: ")) fix.erase(0, 5);
        if (fix.empty()) {
            fix = "let the privilege prefix write " + state +
                  " (or its nearest existing parent), or choose "
                  "another directory (spec.paths.state)";
        }
        mismatch(c, said(s), m_host_field + ".privilege", fix);
    }

    /// False when the Alation shell did not run (its inner checks are skipped).
    bool alation_shell() {
        const auto& wrapper = m_spec.host(m_role).alation_shell;
        auto& c =
            add("alation-shell", "Alation shell " + backticked(wrapper), "runs `echo ok` without a prompt");
        const auto* s = find(section::shell);
        if (ran_ok(s) && trim(s->body) == "ok") {
            ok(c, "ok");
            return true;
        }
        const auto* outer = find(section::alation_shell);
        const std::string seen = s ? said(s) : said(outer);
        std::string fix = facts::access_fix(seen, m_host_field + ".alationShell");
        if (fix.starts_with("Fix: ")) fix.erase(0, 5);
        if (fix.empty()) fix = "give the command prefix that enters the Alation shell on this host";
        mismatch(c, seen, m_host_field + ".alationShell", fix);
        return false;
    }

    void skip_inside(std::string_view why) {
        const auto& p = m_spec.profile;
        skipped(add("release-file", "release file " + p.release_file,
                    "a line " + p.release_key + " = \"YEAR.N\""),
                std::string(why));
        for (const auto& key : conf_keys(p)) {
            skipped(add("confKeys." + key.field, "alation_conf " + key.key, "`" + key.key + " = VALUE`"),
                    std::string(why));
        }
        skipped(
            add("clusterKeyFile", "cluster key " + p.cluster_key_file, "readable, or absent before setup"),
            std::string(why));
        skipped(add("authorizedKeysFile", "trusted keys " + p.authorized_keys_file,
                    "readable, or absent before setup"),
                std::string(why));
    }

    void release() {
        const auto& p = m_spec.profile;
        auto& c = add("release-file", "release file " + p.release_file,
                      "a line " + p.release_key + " = \"YEAR.N\"");
        const auto* s = find(section::release);
        if (!ran_ok(s)) {
            return mismatch(c, said(s), "spec.releaseFile",
                            "set the host profile's releaseFile to the file that holds the release line");
        }
        std::optional<std::string> value;
        for (auto line : facts::split_lines(s->body)) {
            const auto eq = line.find('=');
            if (eq == std::string_view::npos || trim(line.substr(0, eq)) != p.release_key) continue;
            auto v = trim(line.substr(eq + 1));
            if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
                v = v.substr(1, v.size() - 2);
            }
            value = std::string(v);
        }
        if (!value) {
            std::string seen = "no line " + p.release_key + " = ...";
            if (auto first = first_line(s->body, m_token); !first.empty()) seen += "; it begins: " + first;
            return mismatch(c, seen, "spec.releaseKey",
                            "set the host profile's releaseKey to the name on the left of the release line");
        }
        m_release = model::Release::parse(*value);
        if (!m_release) {
            return mismatch(c, p.release_key + " = " + *value + ", not YEAR.N", "spec.releaseKey",
                            "the line named by releaseKey must hold the release, e.g. \"2023.1.5\"");
        }
        ok(c, p.release_key + " = \"" + *value + "\"");
    }

    void conf() {
        for (const auto& key : conf_keys(m_spec.profile)) {
            auto& c = add("confKeys." + key.field, "alation_conf " + key.key, "`" + key.key + " = VALUE`");
            const auto* s = find(key.section);
            const std::string field = "spec.confKeys." + key.field;
            const bool override_key = key.field == "overrideIp" || key.field == "enableOverrideIp";
            if (!ran_ok(s)) {
                if (override_key && m_release && *m_release < contract::override_ip_since) {
                    skipped(c, "not read below release 2020.4 (" + said(s) + ")");
                    continue;
                }
                mismatch(c, said(s), field,
                         "set the host profile's confKeys." + key.field +
                             " to the name this host's alation_conf knows");
                continue;
            }
            const auto value = facts::parse_conf_value(s->body, key.key);
            if (!value.value) {
                mismatch(c, said(s), field, "alation_conf must answer one line `KEY = VALUE`");
                continue;
            }
            std::string bad;
            if (key.field == "replicationMode" && !facts::parse_mode(*value.value)) {
                bad = "not standalone, master or slave";
            } else if ((key.field == "protectedInstance" || key.field == "enableOverrideIp" ||
                        key.field == "backupV2") &&
                       !facts::parse_conf_bool(*value.value).value) {
                bad = "not True or False";
            } else if (key.field == "maxWalSenders" && !facts::parse_conf_int(*value.value).value) {
                bad = "not an integer";
            }
            const std::string seen =
                value.value->empty() ? std::string("answers an empty value") : "= " + *value.value;
            if (!bad.empty()) {
                mismatch(c, seen + " (" + bad + ")", field,
                         "this key holds another setting: name the right one");
                continue;
            }
            ok(c, seen);
        }
    }

    void key_file(std::string id, std::string_view what, std::string_view sec, const std::string& path,
                  std::string field) {
        auto& c = add(std::move(id), std::string(what) + " " + path, "readable, or absent before setup");
        const auto* s = find(sec);
        if (!ran_ok(s)) {
            return mismatch(c, said(s), std::move(field),
                            "the Alation shell's user must read it; or point the profile at the right file");
        }
        const auto body = trim(s->body);
        ok(c, body == "absent" ? "absent (fine before setup)" : "present, readable");
    }

    void monitor() {
        const auto& url = m_spec.monitor_url;
        const auto& ptr = m_spec.profile.monitor;
        auto& c = add("monitor", "monitor " + url, "a JSON object (curl, on the primary)");
        const auto* s = find(section::monitor);
        nlohmann::json body;
        if (ran_ok(s)) {
            body = nlohmann::json::parse(s->body, nullptr, /*allow_exceptions=*/false);
        }
        const auto skip_pointers = [&](const std::string& why) {
            skipped(add("monitor.mode", "monitor " + ptr.mode, "standalone, master or slave"), why);
            skipped(add("monitor.postgresLag", "monitor " + ptr.postgres_lag,
                        "a number or \"unknown\" on a master"),
                    why);
            skipped(add("monitor.kvstoreLag", "monitor " + ptr.kvstore_lag,
                        "a number or \"unknown\" on a master"),
                    why);
            skipped(add("monitor.eventBusSync", "monitor " + ptr.event_bus_sync,
                        "a string on a master from 2021.4"),
                    why);
        };
        if (!ran_ok(s)) {
            mismatch(c, said(s), "spec.monitorUrl",
                     "the monitor must answer on the primary: start it, or give its URL");
            return skip_pointers("no monitor answer");
        }
        if (body.is_discarded() || !body.is_object()) {
            mismatch(c, "not a JSON object: " + first_line(s->body, m_token).substr(0, 80), "spec.monitorUrl",
                     "give the URL of the replication monitor (JSON)");
            return skip_pointers("no monitor answer");
        }
        ok(c, "a JSON object with " + members(body));
        // The pointers.
        std::optional<std::string> mode;
        {
            auto& m = add("monitor.mode", "monitor " + ptr.mode, "standalone, master or slave");
            const auto* v = resolve(body, ptr.mode);
            if (v && v->is_string() && facts::parse_mode(v->get<std::string>())) {
                mode = v->get<std::string>();
                ok(m, *mode);
            } else {
                mismatch(m, describe(v, body, ptr.mode), "spec.monitor.mode",
                         "set the host profile's monitor.mode to the JSON pointer of the mode");
            }
        }
        const bool master = mode && facts::parse_mode(*mode) == facts::Mode::master;
        const auto lag = [&](std::string id, const std::string& pointer, std::string field) {
            auto& l = add(std::move(id), "monitor " + pointer, "a number or \"unknown\" on a master");
            if (!master)
                return skipped(l, mode ? "reported on a master only (mode " + *mode + ")" : "mode unknown");
            const auto* v = resolve(body, pointer);
            if (v && (v->is_number() || v->is_string())) return ok(l, v->dump());
            mismatch(l, describe(v, body, pointer), "spec.monitor." + field,
                     "set the host profile's monitor." + field + " to the JSON pointer of that value");
        };
        lag("monitor.postgresLag", ptr.postgres_lag, "postgresLag");
        lag("monitor.kvstoreLag", ptr.kvstore_lag, "kvstoreLag");
        auto& e =
            add("monitor.eventBusSync", "monitor " + ptr.event_bus_sync, "a string on a master from 2021.4");
        if (!master) {
            skipped(e, mode ? "reported on a master only (mode " + *mode + ")" : "mode unknown");
        } else if (!m_release) {
            skipped(e, "release unknown");
        } else if (*m_release < contract::event_bus_since) {
            skipped(e, "no event bus below release 2021.4");
        } else if (const auto* v = resolve(body, ptr.event_bus_sync);
                   v && (v->is_string() || v->is_boolean())) {
            ok(e, v->dump());
        } else {
            mismatch(e, describe(v, body, ptr.event_bus_sync), "spec.monitor.eventBusSync",
                     "set the host profile's monitor.eventBusSync to the JSON pointer of the sync state");
        }
    }

    void actions() {
        skipped(add("actions", "alation_action names", "the profile's actions (spec.actions)"),
                "not checked: only running an action shows its name is known, and that changes the host");
    }

    void tools() {
        for (const auto& tool : k_tools) {
            auto& c = add("tool." + std::string(tool.name),
                          std::string(tool.name) + " (" + std::string(tool.used_for) + ")",
                          "installed (command -v)");
            const auto* s = find(tool.section);
            if (ran_ok(s)) {
                ok(c, std::string(trim(s->body)));
            } else {
                mismatch(c, s && s->rc ? "not installed" : said(s), "",
                         "install " + std::string(tool.name) + " on this host");
            }
        }
        {
            const auto& paths = m_spec.paths;
            auto& c =
                add("tool.df", "df -P -B1 " + paths.data + " " + paths.install, "one size in bytes per path");
            const auto* s = find(section::df);
            const auto sizes = ran_ok(s) ? facts::parse_df_sizes(s->body, 2)
                                         : facts::Parsed<std::vector<std::uint64_t>>::fail(said(s));
            if (sizes.value) {
                ok(c, std::to_string((*sizes.value)[0]) + " and " + std::to_string((*sizes.value)[1]) +
                          " bytes");
            } else {
                mismatch(c, sizes.error, "spec.paths.data",
                         "both paths (spec.paths.data, spec.paths.install) must exist, and df must be POSIX "
                         "df with -B1 (GNU coreutils)");
            }
        }
        {
            auto& c = add("tool.date", "GNU date (date -u -d @0)", "1970-01-01T00:00:00Z");
            const auto* s = find(section::date);
            if (ran_ok(s) && trim(s->body) == "1970-01-01T00:00:00Z") {
                ok(c, "1970-01-01T00:00:00Z");
            } else {
                mismatch(c, said(s), "",
                         "install GNU date (coreutils): hactl's job records read times back with -d");
            }
        }
    }

private:
    static const nlohmann::json* resolve(const nlohmann::json& body, const std::string& pointer) {
        try {
            const nlohmann::json::json_pointer p(pointer);
            if (!body.contains(p)) return nullptr;
            return &body.at(p);
        } catch (const std::exception&) {
            return nullptr;
        }
    }
    static std::string members(const nlohmann::json& object) {
        std::string names;
        for (const auto& [name, _] : object.items()) {
            if (!names.empty()) names += ", ";
            names += name;
            if (names.size() > 120) {
                names += ", ...";
                break;
            }
        }
        return names.empty() ? "no members" : "members " + names;
    }
    static std::string describe(const nlohmann::json* value, const nlohmann::json& body,
                                const std::string& pointer) {
        if (value) return "a " + std::string(value->type_name()) + " at " + pointer;
        return "nothing at " + pointer + " (the body has " + members(body) + ")";
    }

    const model::PairSpec& m_spec;
    model::Role m_role;
    std::map<std::string, Section> m_sections;
    std::string m_token;
    std::string m_host_field;
    HostReport m_report;
    std::optional<model::Release> m_release;
};

}  // namespace

const char* to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::ok:
            return "ok";
        case Outcome::mismatch:
            return "mismatch";
        case Outcome::skipped:
            return "skipped";
    }
    return "?";
}

bool HostReport::clean() const {
    for (const auto& c : checks) {
        if (c.outcome == Outcome::mismatch) return false;
    }
    return true;
}

HostReport parse_doctor_output(const transport::CommandResult& result, std::string_view token,
                               const model::PairSpec& spec, model::Role role) {
    const std::string tok(token);
    auto sections = tok.empty() || result.status == transport::Status::transport_error
                        ? std::map<std::string, Section>{}
                        : split_sections(result.out, tok);
    Builder b(spec, role, std::move(sections), tok);
    b.connection(result);
    if (b.unreached()) return std::move(b).take();
    b.login_user();
    b.privilege();
    if (b.alation_shell()) {
        b.release();
        b.conf();
        b.key_file("clusterKeyFile", "cluster key", section::cluster_key, spec.profile.cluster_key_file,
                   "spec.clusterKeyFile");
        b.key_file("authorizedKeysFile", "trusted keys", section::authorized_keys,
                   spec.profile.authorized_keys_file, "spec.authorizedKeysFile");
    } else {
        b.skip_inside("not checked: the Alation shell did not run");
    }
    if (role == model::Role::primary) b.monitor();
    b.actions();
    b.tools();
    return std::move(b).take();
}

}  // namespace hactl::doctor
