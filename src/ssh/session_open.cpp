#include "session_open.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace hactl::ssh::detail {

using transport::CommandResult;
using transport::Status;
using transport::TransportError;

namespace {

// Key exchange and host key algorithms, fastest first. Anything the server
// does not offer falls through to the next; ~/.ssh/config may override both.
constexpr const char* kKeyExchange =
    "curve25519-sha256,curve25519-sha256@libssh.org,"
    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
    "diffie-hellman-group14-sha256";
constexpr const char* kHostKeys =
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
    "rsa-sha2-512,rsa-sha2-256";

std::string home_dir() {
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
    if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_dir != nullptr) {
        return entry->pw_dir;
    }
    return "/";
}

std::string local_user() {
    if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_name != nullptr) {
        return entry->pw_name;
    }
    if (const char* user = std::getenv("USER"); user != nullptr) return user;
    return "unknown";
}

}  // namespace

CommandResult failure(TransportError kind, std::string message) {
    CommandResult result;
    result.status = Status::transport_error;
    result.error = kind;
    result.message = std::move(message);
    return result;
}

std::string expand_home(const std::string& path) {
    if (path == "~") return home_dir();
    if (path.rfind("~/", 0) == 0) return home_dir() + path.substr(1);
    return path;
}

std::string known_hosts_path(const SshOptions& options) {
    return expand_home(options.known_hosts_file.value_or("~/.ssh/known_hosts"));
}

std::string effective_user(const SshOptions& options) {
    if (!options.user.empty()) return options.user;
    if (options.read_ssh_config) {
        // What ssh_connect will use: User from the configuration for this host.
        SessionPtr probe = make_session();
        if (probe && ssh_options_set(probe.get(), SSH_OPTIONS_HOST, options.address.c_str()) == SSH_OK) {
            const std::string config = options.ssh_config_file ? expand_home(*options.ssh_config_file) : "";
            char* user = nullptr;
            if (ssh_options_parse_config(probe.get(), config.empty() ? nullptr : config.c_str()) == SSH_OK &&
                ssh_options_get(probe.get(), SSH_OPTIONS_USER, &user) == SSH_OK && user != nullptr) {
                std::string found = user;
                ssh_string_free_char(user);
                return found;
            }
        }
    }
    return local_user();
}

std::string describe(const SshOptions& options) {
    return fmt::format("{}@{}:{}", effective_user(options), options.address, options.port);
}

void set_timeout(ssh_session session, int ms) {
    if (ms < 1) ms = 1;
    long seconds = ms / 1000;
    long micros = static_cast<long>(ms % 1000) * 1000;
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds);
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &micros);
}

std::string connection_info(ssh_session session) {
    auto text = [](const char* value) { return value != nullptr ? std::string(value) : std::string("?"); };
    std::string host_key = "?";
    ssh_key raw = nullptr;
    if (ssh_get_server_publickey(session, &raw) == SSH_OK) {
        KeyPtr key(raw);
        host_key = text(ssh_key_type_to_char(ssh_key_type(key.get())));
    }
    return fmt::format("kex {}, host key {}, cipher {}", text(ssh_get_kex_algo(session)), host_key,
                       text(ssh_get_cipher_out(session)));
}

OpenedSession open_session(const SshOptions& options, const std::string& who, Deadline deadline) {
    global_init();
    OpenedSession opened;
    SessionPtr session = make_session();
    if (!session) {
        opened.result = failure(TransportError::unreachable, "cannot allocate an SSH session");
        return opened;
    }
    ssh_session raw = session.get();

    // Order: host, our algorithm preferences, then ~/.ssh/config (which may
    // override them), then the values of the pair file, which always win.
    int rc = ssh_options_set(raw, SSH_OPTIONS_HOST, options.address.c_str());
    rc |= ssh_options_set(raw, SSH_OPTIONS_KEY_EXCHANGE, kKeyExchange);
    rc |= ssh_options_set(raw, SSH_OPTIONS_HOSTKEYS, kHostKeys);
    int no_delay = 1;  // small request/answer packets: Nagle would add ~40 ms to each
    rc |= ssh_options_set(raw, SSH_OPTIONS_NODELAY, &no_delay);
    if (options.read_ssh_config) {
        const std::string config = options.ssh_config_file ? expand_home(*options.ssh_config_file) : "";
        if (ssh_options_parse_config(raw, config.empty() ? nullptr : config.c_str()) != SSH_OK) {
            opened.result = failure(TransportError::unreachable,
                                    fmt::format("cannot read the ssh configuration for {}: {}", who,
                                                last_error(raw)));
            return opened;
        }
    } else {
        bool process_config = false;
        rc |= ssh_options_set(raw, SSH_OPTIONS_PROCESS_CONFIG, &process_config);
    }
    unsigned int port = static_cast<unsigned int>(options.port);
    rc |= ssh_options_set(raw, SSH_OPTIONS_PORT, &port);
    if (!options.user.empty()) rc |= ssh_options_set(raw, SSH_OPTIONS_USER, options.user.c_str());
    const std::string known_hosts = known_hosts_path(options);
    rc |= ssh_options_set(raw, SSH_OPTIONS_KNOWNHOSTS, known_hosts.c_str());
    if (rc != SSH_OK) {
        opened.result = failure(TransportError::unreachable,
                                fmt::format("invalid SSH options for {}: {}", who, last_error(raw)));
        return opened;
    }

    set_timeout(raw, deadline.remaining_ms());
    if (ssh_connect(raw) != SSH_OK) {
        opened.result = failure(TransportError::unreachable,
                                fmt::format("cannot connect to {}: {}", who, last_error(raw)));
        return opened;
    }
    CommandResult checked = check_host_key(raw, options, who);
    if (checked.status != Status::ok) {
        opened.result = std::move(checked);
        return opened;
    }
    set_timeout(raw, deadline.remaining_ms());
    CommandResult authed = authenticate(raw, options, who);
    if (authed.status != Status::ok) {
        opened.result = std::move(authed);
        return opened;
    }
    ssh_set_blocking(raw, 0);
    opened.result = std::move(checked);  // keeps a "host key added" note
    opened.session = std::move(session);
    return opened;
}

}  // namespace hactl::ssh::detail
