#include "pair_gen.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "hactl/model/defaults.hpp"

namespace hactl::test {

namespace {

using rc::gen::arbitrary;
namespace gen = rc::gen;
namespace defaults = model::defaults;

template <typename T>
rc::Gen<std::optional<T>> optional_of(rc::Gen<T> g) {
    return gen::oneOf(gen::just(std::optional<T>()), gen::map(std::move(g), [](T v) { return std::optional<T>(std::move(v)); }));
}

rc::Gen<std::string> word(const std::string& first, const std::string& rest, int min_rest, int max_rest) {
    return gen::apply(
        [](char c, std::vector<char> tail) { return std::string(1, c) + std::string(tail.begin(), tail.end()); },
        gen::elementOf(std::vector<char>(first.begin(), first.end())),
        gen::mapcat(gen::inRange(min_rest, max_rest + 1), [rest](int n) {
            return gen::container<std::vector<char>>(static_cast<std::size_t>(n),
                                                     gen::elementOf(std::vector<char>(rest.begin(), rest.end())));
        }));
}

const std::string lower = "abcdefghijklmnopqrstuvwxyz";
const std::string alnum_lower = lower + "0123456789";
const std::string letters = lower + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const std::string path_chars = letters + "0123456789_.+@%,:=-";

rc::Gen<std::string> gen_name() {
    return gen::apply([](std::string body, char last, bool one) { return one ? body.substr(0, 1) : body + last; },
                      word(alnum_lower, alnum_lower + "-", 0, 20), gen::elementOf(std::vector<char>(alnum_lower.begin(), alnum_lower.end())),
                      arbitrary<bool>());
}

rc::Gen<std::string> gen_address() {
    return gen::apply(
        [](int a, int b, int c, int d) {
            return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." + std::to_string(d);
        },
        gen::inRange(1, 224), gen::inRange(0, 256), gen::inRange(0, 256), gen::inRange(0, 256));
}

rc::Gen<std::string> gen_remote_path() {
    // parts of path characters that are never "." or ".."
    auto part = gen::suchThat(word(path_chars, path_chars, 0, 10), [](const std::string& p) { return p != "." && p != ".."; });
    return gen::apply(
        [](std::vector<std::string> parts, bool trailing) {
            std::string path;
            for (const auto& p : parts) path += "/" + p;
            return trailing ? path + "/" : path;
        },
        gen::resize(4, gen::nonEmpty(gen::container<std::vector<std::string>>(part))), arbitrary<bool>());
}

rc::Gen<std::string> gen_local_path() {
    // any printable ASCII after / or ~/, including quotes, '#', ': ' and spaces
    std::string printable;
    for (char c = 0x20; c < 0x7F; ++c) printable += c;
    return gen::apply([](bool home, std::string rest) { return (home ? "~/" : "/") + rest; }, arbitrary<bool>(),
                      gen::resize(30, gen::container<std::string>(gen::elementOf(std::vector<char>(printable.begin(), printable.end())))));
}

rc::Gen<std::string> gen_shell() {
    const std::string chars = letters + "0123456789_./:=@%+,-";
    return gen::apply(
        [](std::vector<std::string> words) {
            std::string s;
            for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
            return s;
        },
        gen::resize(6, gen::nonEmpty(gen::container<std::vector<std::string>>(word(chars, chars, 0, 12)))));
}

rc::Gen<std::string> gen_url() {
    const std::string host = letters + "0123456789.-";
    const std::string path = letters + "0123456789._~:/?=%+,@-";
    return gen::apply(
        [](bool https, std::string h, std::optional<int> port, std::string p) {
            return std::string(https ? "https://" : "http://") + h + (port ? ":" + std::to_string(*port) : "") + "/" + p;
        },
        arbitrary<bool>(), word(host, host, 0, 15), optional_of(gen::inRange(1, 65536)), word(path, path, 0, 20));
}

rc::Gen<model::HostSpec> gen_host(std::string address) {
    return gen::apply(
        [address](std::string user, int port, std::optional<std::string> identity, std::optional<std::string> known,
                  std::optional<std::string> shell) {
            model::HostSpec h;
            h.address = address;
            h.ssh.user = std::move(user);
            h.ssh.port = port;
            h.ssh.identity_file = std::move(identity);
            h.ssh.known_hosts_file = std::move(known);
            h.alation_shell = shell ? *shell : std::string(defaults::alation_shell);
            return h;
        },
        word(letters + "_", letters + "0123456789_.-", 0, 31), gen::oneOf(gen::just(22), gen::inRange(1, 65536)),
        optional_of(gen_local_path()), optional_of(gen_local_path()), optional_of(gen_shell()));
}

}  // namespace

rc::Gen<model::PairSpec> gen_valid_pair() {
    auto addresses = gen::suchThat(gen::pair(gen_address(), gen_address()),
                                   [](const std::pair<std::string, std::string>& p) { return p.first != p.second; });
    return gen::mapcat(addresses, [](std::pair<std::string, std::string> a) {
        return gen::build<model::PairSpec>(
            gen::set(&model::PairSpec::name, gen_name()),
            gen::set(&model::PairSpec::release,
                     optional_of(gen::apply([](int y, int n) { return model::Release{y, n}; }, gen::inRange(2019, 2031),
                                           gen::inRange(0, 12)))),
            gen::set(&model::PairSpec::primary, gen_host(a.first)),
            gen::set(&model::PairSpec::secondary, gen_host(a.second)),
            gen::set(&model::PairSpec::replication,
                     gen::build<model::Replication>(gen::set(&model::Replication::max_wal_senders, gen::inRange(1, 101)),
                                                    gen::set(&model::Replication::postgres),
                                                    gen::set(&model::Replication::kvstore),
                                                    gen::set(&model::Replication::event_bus))),
            gen::set(&model::PairSpec::backup_v2),
            gen::set(&model::PairSpec::paths,
                     gen::build<model::Paths>(gen::set(&model::Paths::data, gen_remote_path()),
                                              gen::set(&model::Paths::install, gen_remote_path()),
                                              gen::set(&model::Paths::state, gen_remote_path()))),
            gen::set(&model::PairSpec::monitor_url, gen::oneOf(gen::just(std::string(defaults::monitor_url)), gen_url())),
            gen::set(&model::PairSpec::state, gen::element(model::PairState::paired, model::PairState::split)),
            gen::set(&model::PairSpec::policy,
                     gen::build<model::Policy>(
                         gen::set(&model::Policy::allow_destructive), gen::set(&model::Policy::allow_failover),
                         gen::set(&model::Policy::max_failover_lag_bytes,
                                  gen::oneOf(gen::just(std::uint64_t{0}),
                                             gen::inRange<std::uint64_t>(0, std::uint64_t{1} << 53))))));
    });
}

rc::Gen<RenderStyle> gen_render_style() {
    return gen::build<RenderStyle>(gen::set(&RenderStyle::omit_defaults), gen::set(&RenderStyle::flow_ssh),
                                   gen::set(&RenderStyle::quoting, gen::inRange(0, 3)),
                                   gen::set(&RenderStyle::comments));
}

namespace {

class Writer {
public:
    explicit Writer(const RenderStyle& style) : m_style(style) {}

    std::string text(const std::string& value) const {
        const bool dotted = std::count(value.begin(), value.end(), '.') >= 2 &&
                            value.find_first_not_of("0123456789.") == std::string::npos;
        const bool word_like = !value.empty() && (letters + "/_").find(value[0]) != std::string::npos;
        const bool plain_safe = value.find_first_not_of(letters + "0123456789/._-") == std::string::npos &&
                                (dotted || word_like) &&
                                value != "true" && value != "false" && value != "null" && value != "True" &&
                                value != "False" && value != "TRUE" && value != "FALSE" && value != "Null" &&
                                value != "NULL";
        if (m_style.quoting == 0 && plain_safe) return value;
        if (m_style.quoting == 1) {
            std::string out = "'";
            for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
            return out + "'";
        }
        return nlohmann::json(value).dump();
    }

    void line(int indent, const std::string& key, const std::string& value) {
        m_out += std::string(static_cast<std::size_t>(indent), ' ') + key + ":" + (value.empty() ? "" : " " + value);
        if (m_style.comments) m_out += "  # " + key;
        m_out += "\n";
        if (m_style.comments && indent == 0) m_out += "# section\n";
    }

    bool skip(bool is_default) const { return m_style.omit_defaults && is_default; }

    std::string m_out;
    const RenderStyle& m_style;
};

void host(Writer& w, const char* role, const model::HostSpec& h) {
    w.line(2, role, "");
    w.line(4, "address", w.text(h.address));
    std::vector<std::pair<std::string, std::string>> ssh{{"user", w.text(h.ssh.user)}};
    if (!w.skip(h.ssh.port == defaults::ssh_port)) ssh.emplace_back("port", std::to_string(h.ssh.port));
    if (h.ssh.identity_file) ssh.emplace_back("identityFile", nlohmann::json(*h.ssh.identity_file).dump());
    if (h.ssh.known_hosts_file) ssh.emplace_back("knownHostsFile", nlohmann::json(*h.ssh.known_hosts_file).dump());
    if (w.m_style.flow_ssh) {
        std::string flow = "{ ";
        for (std::size_t i = 0; i < ssh.size(); ++i) flow += (i ? ", " : "") + ssh[i].first + ": " + ssh[i].second;
        w.line(4, "ssh", flow + " }");
    } else {
        w.line(4, "ssh", "");
        for (const auto& [k, v] : ssh) w.line(6, k, v);
    }
    if (!w.skip(h.alation_shell == defaults::alation_shell)) w.line(4, "alationShell", w.text(h.alation_shell));
}

}  // namespace

std::string render_pair(const model::PairSpec& pair, const RenderStyle& style) {
    Writer w(style);
    if (style.comments) w.m_out += "# yaml-language-server: $schema=../schemas/hapair.schema.json\n";
    w.line(0, "apiVersion", w.text(pair.api_version));
    w.line(0, "kind", w.text(pair.kind));
    w.line(0, "metadata", "");
    w.line(2, "name", w.text(pair.name));
    w.line(0, "spec", "");
    if (pair.release) w.line(2, "release", "\"" + pair.release->str() + "\"");
    host(w, "primary", pair.primary);
    host(w, "secondary", pair.secondary);
    const auto& r = pair.replication;
    w.line(2, "replication", "");
    if (!w.skip(r.max_wal_senders == defaults::max_wal_senders)) w.line(4, "maxWalSenders", std::to_string(r.max_wal_senders));
    w.line(4, "postgres", r.postgres ? "true" : "false");
    if (!w.skip(r.kvstore == defaults::replicate_kvstore)) w.line(4, "kvstore", r.kvstore ? "true" : "false");
    if (!w.skip(r.event_bus == defaults::replicate_event_bus)) w.line(4, "eventBus", r.event_bus ? "True" : "False");
    if (!w.skip(pair.backup_v2 == defaults::backup_v2)) w.line(2, "backupV2", pair.backup_v2 ? "true" : "false");
    w.line(2, "paths", "");
    w.line(4, "data", w.text(pair.paths.data));
    if (!w.skip(pair.paths.install == defaults::install_path)) w.line(4, "install", w.text(pair.paths.install));
    w.line(4, "state", w.text(pair.paths.state));
    if (!w.skip(pair.monitor_url == defaults::monitor_url)) w.line(2, "monitorUrl", w.text(pair.monitor_url));
    if (!w.skip(pair.state == model::PairState::paired)) w.line(2, "state", model::to_string(pair.state));
    const auto& policy = pair.policy;
    const bool destructive_default = w.skip(policy.allow_destructive == defaults::allow_destructive);
    const bool failover_default = w.skip(policy.allow_failover == defaults::allow_failover);
    const bool lag_default = w.skip(policy.max_failover_lag_bytes == defaults::max_failover_lag_bytes);
    if (!destructive_default || !failover_default || !lag_default) {
        w.line(2, "policy", "");
        if (!destructive_default) w.line(4, "allowDestructive", policy.allow_destructive ? "true" : "false");
        if (!failover_default) w.line(4, "allowFailover", policy.allow_failover ? "true" : "false");
        if (!lag_default) w.line(4, "maxFailoverLagBytes", std::to_string(policy.max_failover_lag_bytes));
    }
    return w.m_out;
}

}  // namespace hactl::test
