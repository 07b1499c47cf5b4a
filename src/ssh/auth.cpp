// Public key authentication: an identity file, or ssh-agent and the default
// identities. Key material is never printed; passphrases are never asked for.
#include <libssh/callbacks.h>

#include <cstdlib>

#include <fmt/format.h>

#include "session_open.hpp"

namespace hactl::ssh::detail {

using transport::CommandResult;
using transport::TransportError;

namespace {

/// Passphrase prompt: hactl runs unattended, so encrypted keys are refused
/// (load them into ssh-agent instead).
int refuse_passphrase(const char* /*prompt*/, char* /*buf*/, size_t /*len*/, int /*echo*/, int /*verify*/,
                      void* /*userdata*/) {
    return -1;
}

ssh_callbacks no_prompt_callbacks() {
    static ssh_callbacks_struct callbacks = [] {
        ssh_callbacks_struct cb{};
        ssh_callbacks_init(&cb);
        cb.auth_function = refuse_passphrase;
        return cb;
    }();
    return &callbacks;
}

const char* auth_answer(int rc) {
    switch (rc) {
        case SSH_AUTH_DENIED: return "denied";
        case SSH_AUTH_PARTIAL: return "partial success (another method is required)";
        case SSH_AUTH_AGAIN: return "no answer in time";
        default: return "error";
    }
}

}  // namespace

CommandResult authenticate(ssh_session session, const SshOptions& options, const std::string& who) {
    ssh_set_callbacks(session, no_prompt_callbacks());
    int rc = SSH_AUTH_ERROR;
    std::string tried;
    if (options.identity_file) {
        const std::string path = expand_home(*options.identity_file);
        tried = fmt::format("the identity file {}", path);
        ssh_key raw = nullptr;
        if (ssh_pki_import_privkey_file(path.c_str(), nullptr, refuse_passphrase, nullptr, &raw) != SSH_OK) {
            return failure(TransportError::auth_failed,
                           fmt::format("cannot authenticate to {}: cannot load {} (missing, unreadable, not a "
                                       "private key, or protected by a passphrase: load such a key into "
                                       "ssh-agent and leave identityFile unset)",
                                       who, tried));
        }
        KeyPtr key(raw);
        rc = ssh_userauth_publickey(session, nullptr, key.get());
    } else {
        const char* agent = std::getenv("SSH_AUTH_SOCK");
        tried = fmt::format("the keys of ssh-agent ({}) and the default identities (~/.ssh/id_ed25519, "
                            "~/.ssh/id_ecdsa, ~/.ssh/id_rsa, IdentityFile in ~/.ssh/config)",
                            agent != nullptr ? fmt::format("SSH_AUTH_SOCK={}", agent)
                                             : std::string("SSH_AUTH_SOCK not set"));
        rc = ssh_userauth_publickey_auto(session, nullptr, nullptr);
    }
    if (rc == SSH_AUTH_SUCCESS) {
        CommandResult ok;
        ok.exit_code = 0;
        return ok;
    }
    if (ssh_is_connected(session) == 0 || (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0) {
        return failure(TransportError::unreachable,
                       fmt::format("connection to {} lost during authentication: {}", who, last_error(session)));
    }
    return failure(TransportError::auth_failed,
                   fmt::format("authentication failed for {}: the server did not accept {} (answer: {})", who,
                               tried, auth_answer(rc)));
}

}  // namespace hactl::ssh::detail
