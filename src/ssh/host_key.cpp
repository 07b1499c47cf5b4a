// Strict host key checking against known_hosts, before any authentication or
// command. Unknown keys are added only when the options allow it; a changed
// key is always refused.
#include <unistd.h>

#include <fmt/format.h>

#include "session_open.hpp"

namespace hactl::ssh::detail {

using transport::CommandResult;
using transport::TransportError;

namespace {

struct ServerKey {
    std::string fingerprint;  ///< "SHA256:..."
    std::string algorithm;    ///< "ssh-ed25519"
    std::string keyscan_type; ///< "ed25519", the -t argument of ssh-keyscan
};

std::string keyscan_type(enum ssh_keytypes_e type) {
    switch (type) {
        case SSH_KEYTYPE_ED25519: return "ed25519";
        case SSH_KEYTYPE_RSA: return "rsa";
        case SSH_KEYTYPE_ECDSA_P256:
        case SSH_KEYTYPE_ECDSA_P384:
        case SSH_KEYTYPE_ECDSA_P521: return "ecdsa";
        default: return "ed25519";
    }
}

bool read_server_key(ssh_session session, ServerKey& out) {
    ssh_key raw = nullptr;
    if (ssh_get_server_publickey(session, &raw) != SSH_OK) return false;
    KeyPtr key(raw);
    unsigned char* hash = nullptr;
    size_t hash_len = 0;
    if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &hash_len) != SSH_OK) {
        return false;
    }
    CharPtr text(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hash_len));
    ssh_clean_pubkey_hash(&hash);
    if (!text) return false;
    out.fingerprint = text.get();
    const char* name = ssh_key_type_to_char(ssh_key_type(key.get()));
    out.algorithm = name != nullptr ? name : "unknown";
    out.keyscan_type = keyscan_type(ssh_key_type(key.get()));
    return true;
}

/// How known_hosts names the host: "addr" on port 22, "[addr]:port" otherwise.
std::string known_hosts_name(const SshOptions& options) {
    if (options.port == 22) return options.address;
    return fmt::format("[{}]:{}", options.address, options.port);
}

std::string keyscan_command(const SshOptions& options, const ServerKey& key, const std::string& file) {
    const std::string port = options.port == 22 ? "" : fmt::format("-p {} ", options.port);
    return fmt::format("ssh-keyscan {}-t {} {} >> {}", port, key.keyscan_type, options.address, file);
}

}  // namespace

CommandResult check_host_key(ssh_session session, const SshOptions& options, const std::string& who) {
    const std::string file = known_hosts_path(options);
    ServerKey key;
    if (!read_server_key(session, key)) {
        return failure(TransportError::host_key_unknown,
                       fmt::format("cannot read the host key of {}: {}", who, last_error(session)));
    }
    const enum ssh_known_hosts_e state = ssh_session_is_known_server(session);
    switch (state) {
        case SSH_KNOWN_HOSTS_OK: {
            CommandResult ok;
            ok.exit_code = 0;
            return ok;
        }
        case SSH_KNOWN_HOSTS_CHANGED:
        case SSH_KNOWN_HOSTS_OTHER: {
            const char* what = state == SSH_KNOWN_HOSTS_CHANGED
                                   ? "differs from the key recorded"
                                   : "is of a type other than the key recorded";
            return failure(
                TransportError::host_key_changed,
                fmt::format("HOST KEY CHANGED for {}: the server presented {} key {}, which {} in {}. "
                            "This can be a man-in-the-middle attack; refusing to connect "
                            "(--accept-new-host-key never replaces a known key). Fix: only if the change is "
                            "expected (host reinstalled), remove the old key with "
                            "`ssh-keygen -R '{}' -f {}`, verify the new fingerprint out of band, "
                            "then add it with `{}`.",
                            who, key.algorithm, key.fingerprint, what, file,
                            known_hosts_name(options), file, keyscan_command(options, key, file)));
        }
        case SSH_KNOWN_HOSTS_UNKNOWN:
        case SSH_KNOWN_HOSTS_NOT_FOUND: {
            if (options.accept_new_host_key) {
                if (ssh_session_update_known_hosts(session) != SSH_OK) {
                    return failure(TransportError::host_key_unknown,
                                   fmt::format("cannot add the host key {} of {} to {}: {}", key.fingerprint,
                                               who, file, last_error(session)));
                }
                CommandResult added;
                added.exit_code = 0;
                added.message = fmt::format("added the {} host key {} of {} to {}", key.algorithm,
                                            key.fingerprint, who, file);
                return added;
            }
            const bool missing = state == SSH_KNOWN_HOSTS_NOT_FOUND || ::access(file.c_str(), F_OK) != 0;
            const char* where = missing ? "the file does not exist" : "the host is not in it";
            return failure(TransportError::host_key_unknown,
                           fmt::format("host key unknown: {} presented {} key {}, which is not in {} ({}). "
                                       "Fix: verify the fingerprint out of band, then add it with `{}`, "
                                       "or trust it on first use with --accept-new-host-key.",
                                       who, key.algorithm, key.fingerprint, file, where,
                                       keyscan_command(options, key, file)));
        }
        case SSH_KNOWN_HOSTS_ERROR:
        default:
            return failure(TransportError::host_key_unknown,
                           fmt::format("cannot check the host key {} of {} against {}: {}", key.fingerprint,
                                       who, file, last_error(session)));
    }
}

}  // namespace hactl::ssh::detail
