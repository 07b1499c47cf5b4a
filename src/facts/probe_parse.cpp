// Splits the probe's output into sections and turns each into facts.
#include <map>

#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/fact_keys.hpp"
#include "hactl/facts/parse.hpp"
#include "hactl/facts/probe.hpp"

namespace hactl::facts {

namespace {

struct Section {
    std::string out;
    std::string err;
    std::optional<int> rc;  ///< nullopt: the section began but never ended
};

/// The sections whose body holds sections of their own: the entry into the
/// Alation shell, and hactl's records read through the privilege prefix.
bool is_container(std::string_view name) { return name == key::alation_shell || name == key::hactl_state; }

/// Sections of one stream: "\n<T> begin NAME\n" BODY "\n<T> end NAME[ RC]\n".
/// A container section's body holds sections too (one level: a host cannot
/// make the parser recurse deeper).
void split_stream(std::string_view text, const std::string& token, bool is_stdout,
                  std::map<std::string, Section>& sections, bool nested = false) {
    const std::string begin_mark = "\n" + token + " begin ";
    std::size_t pos = 0;
    while ((pos = text.find(begin_mark, pos)) != std::string_view::npos) {
        const auto name_start = pos + begin_mark.size();
        const auto name_end = text.find('\n', name_start);
        if (name_end == std::string_view::npos) break;
        const std::string name(text.substr(name_start, name_end - name_start));
        const std::string end_mark = "\n" + token + " end " + name + (is_stdout ? " " : "\n");
        const auto body_start = name_end + 1;
        auto& section = sections[name];
        const auto end = text.find(end_mark, body_start);
        if (end == std::string_view::npos) {
            (is_stdout ? section.out : section.err) = std::string(text.substr(body_start));
            if (!nested && is_container(name)) {
                split_stream(text.substr(body_start), token, is_stdout, sections, true);
            }
            break;
        }
        (is_stdout ? section.out : section.err) = std::string(text.substr(body_start, end - body_start));
        if (!nested && is_container(name)) {
            split_stream(text.substr(body_start, end - body_start), token, is_stdout, sections, true);
        }
        const auto tail_start = end + end_mark.size();
        if (!is_stdout) {
            pos = tail_start - 1;  // the end line's '\n' may start the next begin mark
            continue;
        }
        auto line_end = text.find('\n', tail_start);
        if (line_end == std::string_view::npos) line_end = text.size();
        const auto rc = parse_conf_int(text.substr(tail_start, line_end - tail_start));
        section.rc = rc.value ? *rc.value : 255;
        pos = line_end;
    }
}

/// The first non-blank line of `text` that is not a marker line of `token`.
std::string first_line(std::string_view text, std::string_view token = {}) {
    for (auto line : split_lines(text)) {
        auto t = trim(line);
        if (t.empty() || (!token.empty() && t.starts_with(token))) continue;
        return std::string(t.substr(0, 200));
    }
    return {};
}

/// Why the sections inside `container` are missing: the entry into it failed
/// (the wrapper's or sudo's message), or `missing`. `what` names the entry
/// for people ("the Alation shell").
std::string missing_inside(const std::map<std::string, Section>& sections, std::string_view container,
                           const std::string& what, std::string_view token, const std::string& missing) {
    const auto it = sections.find(std::string(container));
    if (it == sections.end()) return missing;
    const auto& rc = it->second.rc;
    std::string why = !rc        ? what + " was cut short"
                      : *rc == 0 ? what + " did not run this section"
                                 : what + " failed (exit " + std::to_string(*rc) + ")";
    if (auto e = first_line(it->second.err, token); !e.empty()) why += ": " + e;
    return why;
}

class Filler {
public:
    Filler(HostFacts& facts, const std::map<std::string, Section>& sections, std::string missing_reason)
        : m_facts(facts), m_sections(sections), m_missing(std::move(missing_reason)) {}

    /// The section's stdout when it ran and exited 0; otherwise records why in
    /// unknown[each of keys] and returns nullptr.
    const std::string* body(std::string_view name, std::initializer_list<std::string_view> keys) {
        const auto it = m_sections.find(std::string(name));
        std::string why;
        if (it == m_sections.end()) {
            why = m_missing;
        } else if (!it->second.rc) {
            why = "section cut short";
            if (auto e = first_line(it->second.err); !e.empty()) why += ": " + e;
        } else if (*it->second.rc != 0) {
            why = "exit " + std::to_string(*it->second.rc);
            if (auto e = first_line(it->second.err); !e.empty()) why += ": " + e;
        } else {
            return &it->second.out;
        }
        for (auto k : keys) m_facts.unknown[std::string(k)] = why;
        return nullptr;
    }

    template <class T>
    std::optional<T> take(Parsed<T> parsed, std::string_view key) {
        if (!parsed.value) m_facts.unknown[std::string(key)] = parsed.error;
        return std::move(parsed.value);
    }

    /// alation_conf KEY read into a string value.
    std::optional<std::string> conf(std::string_view name, std::string_view conf_key) {
        const auto* out = body(name, {name});
        if (!out) return std::nullopt;
        return take(parse_conf_value(*out, conf_key), name);
    }

    std::optional<bool> conf_bool(std::string_view name, std::string_view conf_key) {
        auto v = conf(name, conf_key);
        if (!v) return std::nullopt;
        return take(parse_conf_bool(*v), name);
    }

private:
    HostFacts& m_facts;
    const std::map<std::string, Section>& m_sections;
    std::string m_missing;
};

}  // namespace

HostFacts parse_probe_output(const transport::CommandResult& result, std::string_view token,
                             const model::PairSpec& spec, model::Role role) {
    HostFacts facts;
    facts.role = role;
    facts.address = spec.host(role).address;
    if (result.status == transport::Status::transport_error) {
        facts.connection_error =
            result.error == transport::TransportError::none ? transport::TransportError::unreachable : result.error;
        facts.connection_message = result.message.empty() ? transport::to_string(facts.connection_error) : result.message;
        return facts;
    }
    std::map<std::string, Section> sections;
    const std::string tok(token);
    if (!tok.empty()) {
        split_stream(result.out, tok, true, sections);
        split_stream(result.err, tok, false, sections);
    }
    if (result.status == transport::Status::timeout && sections.empty()) {
        facts.connection_error = transport::TransportError::unreachable;
        facts.connection_message = result.message.empty() ? "timed out before the probe answered" : result.message;
        return facts;
    }
    std::string missing = "no answer";
    if (result.status == transport::Status::timeout) {
        missing = "the probe timed out before this section";
    } else if (sections.empty()) {
        missing = "the probe script did not run (exit " + std::to_string(result.exit_code) + ")";
        if (auto e = first_line(result.err); !e.empty()) missing += ": " + e;
    } else {
        missing = "the probe stopped before this section (exit " + std::to_string(result.exit_code) + ")";
    }
    Filler fill(facts, sections, missing);
    // The Alation facts' sections run inside the alation_shell section.
    Filler inner(facts, sections,
                 missing_inside(sections, key::alation_shell, "the Alation shell", tok, missing));
    if (const auto it = sections.find(std::string(key::alation_shell));
        it != sections.end() && it->second.rc != 0) {
        facts.alation_shell_error = it->second.rc ? "exit " + std::to_string(*it->second.rc) : "cut short";
        if (auto e = first_line(it->second.err, tok); !e.empty()) facts.alation_shell_error += ": " + e;
    }
    // hactl's records are read inside the hactl_state section (privilege prefix).
    const std::string privilege = model::effective_privilege(spec.host(role));
    Filler records(facts, sections,
                   missing_inside(sections, key::hactl_state,
                                  privilege.empty() ? std::string("reading hactl's records")
                                                    : "reading hactl's records through `" + privilege + "`",
                                  tok, missing));
    if (const auto* out = inner.body(key::release, {key::release})) {
        facts.release_raw = inner.take(parse_release_file(*out, spec.profile), key::release);
        if (facts.release_raw) {
            facts.release = model::Release::parse(*facts.release_raw);
            if (!facts.release) facts.unknown[std::string(key::release)] = "'" + *facts.release_raw + "' is not YEAR.N";
        }
    }
    const contract::ConfKeys& conf = spec.profile.conf_keys;
    if (auto v = inner.conf(key::mode, conf.replication_mode)) {
        facts.mode = parse_mode(*v);
        if (!facts.mode) facts.unknown[std::string(key::mode)] = "'" + *v + "' is not standalone, master or slave";
    }
    facts.protected_instance =
        inner.conf_bool(key::protected_instance, conf.protected_instance);
    facts.override_ip = inner.conf(key::override_ip, conf.override_ip);
    facts.override_ip_enabled =
        inner.conf_bool(key::override_ip_enabled, conf.enable_override_ip);
    if (auto v = inner.conf(key::cluster_hosts, conf.cluster_hosts)) {
        facts.cluster_hosts = parse_conf_list(*v);
    }
    if (auto v = inner.conf(key::max_wal_senders, conf.max_wal_senders)) {
        facts.max_wal_senders = inner.take(parse_conf_int(*v), key::max_wal_senders);
    }
    facts.backup_v2 = inner.conf_bool(key::backup_v2, conf.backup_v2);
    if (const auto* out = inner.body(key::public_key, {key::public_key})) {
        facts.public_key = inner.take(parse_public_key_file(*out), key::public_key);
    }
    if (const auto* out = inner.body(key::authorized_keys, {key::authorized_keys})) {
        facts.authorized_keys = parse_authorized_keys(*out);
    }
    if (const auto* out = fill.body(key::partitions, {key::data_bytes, key::install_bytes})) {
        auto sizes = parse_df_sizes(*out, 2);
        if (sizes.value) {
            facts.data_bytes = (*sizes.value)[0];
            facts.install_bytes = (*sizes.value)[1];
        } else {
            facts.unknown[std::string(key::data_bytes)] = sizes.error;
            facts.unknown[std::string(key::install_bytes)] = sizes.error;
        }
    }
    if (role == model::Role::primary) {
        if (const auto* out = fill.body(key::monitor, {key::monitor})) {
            facts.monitor = fill.take(parse_monitor_json(*out, spec.profile.monitor), key::monitor);
        }
    }
    if (const auto* out = records.body(key::receipts, {key::receipts})) facts.receipts = parse_receipts(*out);
    if (const auto* out = records.body(key::jobs, {key::jobs})) {
        if (auto jobs = records.take(parse_jobs(*out), key::jobs)) facts.jobs = std::move(*jobs);
    }
    if (role == model::Role::primary) {
        if (const auto* out = records.body(key::lock, {key::lock})) {
            if (auto lock = records.take(parse_lock(*out), key::lock)) facts.lock = std::move(*lock);
        }
    }
    return facts;
}

}  // namespace hactl::facts
