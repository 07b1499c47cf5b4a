// FakeHost: the transport side and the command interpreter.
#include "fake_host.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "hactl/contract/host_contract.hpp"
#include "mini_shell.hpp"

namespace hactl::fake {

std::string CommandRecord::text() const {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

FakeHost::FakeHost(const model::HostSpec& spec, const model::Paths& paths, std::string release,
                   std::shared_ptr<std::recursive_mutex> pair_mutex, contract::HostProfile host)
    : m_address(spec.address), m_profile(std::move(host)), m_mutex(std::move(pair_mutex)) {
    split_words(spec.alation_shell, m_wrapper);
    split_words(model::effective_privilege(spec), m_privilege);
    m_state.release_raw = std::move(release);
    const auto& key = m_profile.conf_keys;
    m_state.conf = {
        {key.replication_mode, "standalone"},
        {key.protected_instance, "True"},
        {key.override_ip, ""},
        {key.enable_override_ip, "False"},
        {key.cluster_hosts, ""},
        {key.max_wal_senders, std::to_string(m_profile.fresh_max_wal_senders)},
        {key.backup_v2, "False"},
    };
    m_state.deployed_max_wal_senders = m_profile.fresh_max_wal_senders;
    m_state.alation_files[m_profile.release_file] = "# Alation version\nALATION_MAJOR_VERSION = 7\n" +
                                                    m_profile.release_key + " = \"" + m_state.release_raw +
                                                    "\"\nALATION_BUILD_NUMBER = 31337\n";
    m_state.partitions[paths.data] = 68719476736ULL;
    m_state.partitions[paths.install] = 107374182400ULL;
}

std::optional<model::Release> FakeHost::release() const { return model::Release::parse(m_state.release_raw); }

std::string FakeHost::describe() const { return "fake@" + m_address; }

void FakeHost::fail_next(std::string needle, int n, std::string message) {
    std::lock_guard lock(*m_mutex);
    m_failures.push_back({std::move(needle), n, std::move(message)});
}

void FakeHost::set_connection_error(transport::TransportError error, std::string message) {
    std::lock_guard lock(*m_mutex);
    m_connection_error = error;
    m_connection_message = std::move(message);
}

std::vector<std::string> FakeHost::changes() const {
    std::lock_guard lock(*m_mutex);
    std::vector<std::string> out;
    for (const auto& c : m_commands) {
        if (c.words.empty()) continue;
        const auto& w0 = c.words[0];
        const bool write = w0 == contract::conf_program &&
                           std::find(c.words.begin(), c.words.end(), contract::conf_set_flag) != c.words.end();
        if (w0 == contract::action_program || w0 == contract::replication_helper_program || write) {
            out.push_back(c.text());
        }
    }
    return out;
}

void FakeHost::clear_record() {
    std::lock_guard lock(*m_mutex);
    m_runs.clear();
    m_commands.clear();
}

transport::CommandResult FakeHost::run(const std::string& command, transport::Millis /*deadline*/) {
    std::lock_guard lock(*m_mutex);
    m_runs.push_back(command);
    transport::CommandResult result;
    if (m_connection_error != transport::TransportError::none) {
        result.status = transport::Status::transport_error;
        result.error = m_connection_error;
        result.message = m_connection_message.empty() ? transport::to_string(m_connection_error) : m_connection_message;
        return result;
    }
    std::map<std::string, std::string> vars;
    Functions functions;
    auto out = run_line(command, false, vars, functions);
    result.exit_code = out.status;
    result.out = std::move(out.out);
    result.err = std::move(out.err);
    return result;
}

FakeHost::Output FakeHost::run_script(const std::string& script, bool alation) {
    Output total;
    std::map<std::string, std::string> vars;
    Functions functions;
    std::istringstream in(script);
    std::string line;
    bool in_function = false;
    while (std::getline(in, line)) {
        if (in_function) {
            if (line == "}") in_function = false;
            continue;
        }
        // A quote left open continues on the next line (a quoted script inside a line).
        std::string next;
        while (!quotes_closed(line) && std::getline(in, next)) line += "\n" + next;
        // A function definition: NAME() { ... }
        if (const auto paren = line.find("() {");
            paren != std::string::npos && paren > 0 && line.find_first_of(" ;'\"") > paren) {
            in_function = line.back() != '}';
            std::string body;
            if (!in_function) {
                body = line.substr(paren + 4);
                body.pop_back();  // the closing brace
            }
            functions[line.substr(0, paren)] = std::move(body);
            continue;
        }
        std::vector<std::string> words;
        if (!split_words(line, words) || words.empty()) continue;
        if (words.size() == 1 && words[0].find('=') != std::string::npos && words[0].front() != '=') {
            const auto eq = words[0].find('=');
            vars[words[0].substr(0, eq)] = words[0].substr(eq + 1);
            continue;
        }
        if (words[0] == "exec" && words.size() == 2 && words[1] == "</dev/null") continue;
        if (words[0] == "exit") {
            int code = 0;
            if (words.size() > 1) std::from_chars(words[1].data(), words[1].data() + words[1].size(), code);
            total.status = code;
            return total;
        }
        auto out = run_line(line, alation, vars, functions);
        total.out += out.out;
        total.err += out.err;
        total.status = out.status;
    }
    return total;
}

FakeHost::Output FakeHost::run_line(const std::string& line, bool alation,
                                    std::map<std::string, std::string>& vars, const Functions& functions) {
    Output total;
    std::vector<ListItem> list;
    std::string error;
    if (!parse_command_list(line, list, error)) {
        total.status = 2;
        total.err = "sh: syntax not modelled by the fake host: " + error + "\n";
        return total;
    }
    int status = 0;
    for (auto& item : list) {
        if (item.op == "&&" && status != 0) continue;
        if (item.op == "||" && status == 0) continue;
        for (auto& w : item.command.words) {
            for (auto at = w.find(status_marker); at != std::string::npos; at = w.find(status_marker)) {
                w.replace(at, status_marker.size(), std::to_string(status));
            }
        }
        auto out = run_simple(item.command.words, alation, vars, functions);
        if (item.command.err_to_out) {
            out.out += out.err;
            out.err.clear();
        }
        if (!item.command.discard_out) total.out += out.out;
        if (!item.command.discard_err) total.err += out.err;
        status = out.status;
    }
    total.status = status;
    return total;
}

FakeHost::Output FakeHost::run_simple(const std::vector<std::string>& words, bool alation,
                                      std::map<std::string, std::string>& vars, const Functions& functions) {
    Output out;
    if (words.empty()) return out;
    const std::string& name = words[0];

    // hactl_run hactl_p_NAME...: runs the one-line section functions in order
    // and frames each one's output (the real shell runs them concurrently and
    // prints them in this order: the same output). Not a host command: not recorded.
    if (name == "hactl_run" && functions.count(name)) {
        const std::string token = vars["hactl_t"];
        for (std::size_t i = 1; i < words.size(); ++i) {
            const std::string section = words[i].substr(words[i].starts_with("hactl_p_") ? 8 : 0);
            const auto f = functions.find(words[i]);
            Output ran;
            if (f == functions.end() || f->second.empty()) {
                ran.status = 127;
                ran.err = "sh: 1: " + words[i] + ": not found\n";
            } else {
                ran = run_line(f->second, alation, vars, functions);
            }
            auto newline = [](const std::string& text) {
                return text.empty() || text.back() == '\n' ? "" : "\n";
            };
            out.out += "\n" + token + " begin " + section + "\n" + ran.out + newline(ran.out) + "\n" + token +
                       " end " + section + " " + std::to_string(ran.status) + "\n";
            out.err += "\n" + token + " begin " + section + "\n" + ran.err + newline(ran.err) + "\n" + token +
                       " end " + section + "\n";
        }
        return out;
    }

    // The Alation shell wrapper: PREFIX... 'COMMAND LINE'.
    if (!alation && words.size() >= m_wrapper.size() && !m_wrapper.empty() &&
        std::equal(m_wrapper.begin(), m_wrapper.end(), words.begin())) {
        if (words.size() != m_wrapper.size() + 1) {
            out.status = 1;
            out.err = "su: the Alation shell takes exactly one command argument\n";
            return out;
        }
        return run_script(words.back(), true);
    }

    // hactl's privilege prefix (e.g. `sudo -n`): granted, the rest runs as is.
    if (!alation && !m_privilege.empty() && words.size() > m_privilege.size() &&
        std::equal(m_privilege.begin(), m_privilege.end(), words.begin())) {
        if (!m_privilege_denial.empty()) {
            out.status = 1;
            out.err = m_privilege_denial + "\n";
            return out;
        }
        return run_simple(std::vector<std::string>(words.begin() + static_cast<long>(m_privilege.size()), words.end()),
                          alation, vars, functions);
    }

    if (!alation && name == "sh" && words.size() == 3 && words[1] == "-c") return run_script(words[2], false);

    CommandRecord record{alation, words, 0};
    for (auto& f : m_failures) {
        if (f.remaining > 0 && record.text().find(f.needle) != std::string::npos) {
            --f.remaining;
            out.status = 1;
            out.err = f.message + "\n";
            record.exit_code = 1;
            m_commands.push_back(std::move(record));
            return out;
        }
    }

    if (name == "true") {
        out.status = 0;
    } else if (name == "false") {
        out.status = 1;
    } else if (name == "cat" || name == "test" || name == "[") {
        out = file_command(words, alation);
    } else if (!alation && name == "df") {
        out = df(words);
    } else if (!alation && name == "curl") {
        out = curl(words);
    } else if (!alation && functions.count(name) && name == "hactl_receipts" && words.size() == 2) {
        out = receipts_listing(words[1]);
    } else if (!alation && functions.count(name) && name == "hactl_jobs" && words.size() == 2) {
        out = jobs_listing(words[1]);
    } else if (alation && name == contract::conf_program) {
        out = conf_command(words);
    } else if (alation && name == contract::action_program && words.size() == 2) {
        out = action(words[1]);
    } else if (alation && name == contract::port_check_program) {
        out = port_check();
    } else if (alation && name == contract::replication_helper_program) {
        out.status = 1;
        out.out = public_key() + "\nPaste the public key of the remote host: ";
        out.err = "replication_helper: no input (it needs a terminal)\n";
    } else {
        out.status = 127;
        out.err = "sh: 1: " + name + ": not found\n";
    }
    record.exit_code = out.status;
    m_commands.push_back(std::move(record));
    return out;
}

}  // namespace hactl::fake
