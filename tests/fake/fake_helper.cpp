// FakeHost: replication_helper as a real dialogue (contract section 4), and
// start_interactive.
#include <algorithm>

#include "fake_host.hpp"
#include "hactl/contract/host_contract.hpp"
#include "mini_shell.hpp"

namespace hactl::fake {

/// The helper's dialogue: prints the local key, prompts for the remote key,
/// prints the local IP, prompts for the remote IP, then configures.
class HelperDialogue : public transport::Interaction {
public:
    explicit HelperDialogue(FakeHost& host) : m_host(host) {
        std::lock_guard lock(*m_host.m_mutex);
        const auto key = m_host.public_key();
        if (key.empty()) {
            finish_with(1, "", "replication_helper: no cluster key; run cluster_generate_keys first\n");
            return;
        }
        // Informational lines may hold the prompt words too.
        m_pending = "This host's " + word(0) + ":\n" + key + "\nPaste the " + word(0) + " of the remote host: ";
    }

    transport::ReadResult read(transport::Millis /*wait*/) override {
        std::lock_guard lock(*m_host.m_mutex);
        transport::ReadResult r;
        r.data = std::move(m_pending);
        m_pending.clear();
        r.eof = m_done && r.data.empty();
        return r;
    }

    bool write(std::string_view text) override {
        std::lock_guard lock(*m_host.m_mutex);
        if (m_done) return false;
        m_input.append(text);
        std::size_t nl;
        while (!m_done && (nl = m_input.find('\n')) != std::string::npos) {
            std::string line = m_input.substr(0, nl);
            m_input.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            answer(line);
        }
        return true;
    }

    transport::CommandResult finish(transport::Millis /*deadline*/) override {
        std::lock_guard lock(*m_host.m_mutex);
        if (!m_done) finish_with(1, "", "replication_helper: input closed before the dialogue ended\n");
        transport::CommandResult r;
        r.exit_code = m_exit;
        r.out = std::move(m_pending);
        r.err = m_err;
        m_host.m_commands.push_back({true, {std::string(contract::replication_helper_program)}, m_exit});
        return r;
    }

private:
    /// This host's prompt words: [0] for the key, [1] for the address.
    std::string word(std::size_t i) const {
        const auto& words = m_host.m_profile.helper_prompt_words;
        return i < words.size() ? words[i] : std::string(i == 0 ? "public key" : "IP address");
    }

    void answer(const std::string& line) {
        if (m_stage == 0) {
            const auto words = std::count(line.begin(), line.end(), ' ');
            if (!line.starts_with("ssh-") || words < 1) {
                finish_with(1, "", "replication_helper: not a public key line\n");
                return;
            }
            m_remote_key = line;
            m_stage = 1;
            m_pending += "This host's " + word(1) + " is " + m_host.address() + "\nEnter the remote " + word(1) + ": ";
            return;
        }
        std::vector<std::string> parts;
        std::size_t dots = std::count(line.begin(), line.end(), '.');
        bool digits = !line.empty() && std::all_of(line.begin(), line.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.';
        });
        if (dots != 3 || !digits || line == m_host.address()) {
            finish_with(1, "", "replication_helper: not a remote IPv4 address\n");
            return;
        }
        m_host.add_authorized_key(m_remote_key);
        m_host.state().conf[m_host.m_profile.conf_keys.cluster_hosts] = m_host.address() + "," + line;
        finish_with(0, "Replication helper: keys and hosts configured.\n", "");
    }

    void finish_with(int exit, std::string out, std::string err) {
        m_done = true;
        m_exit = exit;
        m_pending += out;
        m_err += err;
    }

    FakeHost& m_host;
    int m_stage = 0;
    std::string m_pending;
    std::string m_input;
    std::string m_remote_key;
    std::string m_err;
    bool m_done = false;
    int m_exit = -1;
};

std::unique_ptr<transport::Interaction> FakeHost::start_interactive(const std::string& command,
                                                                    transport::CommandResult& error) {
    std::lock_guard lock(*m_mutex);
    m_runs.push_back(command);
    if (m_connection_error != transport::TransportError::none) {
        error.status = transport::Status::transport_error;
        error.error = m_connection_error;
        error.message = m_connection_message;
        return nullptr;
    }
    // Only the helper is interactive: WRAPPER 'replication_helper'.
    std::vector<std::string> words;
    split_words(command, words);
    std::vector<std::string> inner;
    if (words.size() == m_wrapper.size() + 1 && std::equal(m_wrapper.begin(), m_wrapper.end(), words.begin())) {
        split_words(words.back(), inner);
    }
    if (inner.size() != 1 || inner[0] != contract::replication_helper_program) {
        error.status = transport::Status::ok;
        error.exit_code = 127;
        error.err = "the fake host runs only replication_helper interactively, in the Alation shell\n";
        return nullptr;
    }
    for (auto& f : m_failures) {
        if (f.remaining > 0 && std::string(contract::replication_helper_program).find(f.needle) != std::string::npos) {
            --f.remaining;
            error.exit_code = 1;
            error.err = f.message + "\n";
            return nullptr;
        }
    }
    return std::make_unique<HelperDialogue>(*this);
}

}  // namespace hactl::fake
