#pragma once
// RAII owners for libssh objects. Private to the ssh adapter: only files in
// src/ssh include libssh.
#include <libssh/libssh.h>

#include <chrono>
#include <memory>
#include <string>

namespace hactl::ssh::detail {

struct SessionDeleter {
    void operator()(ssh_session session) const {
        if (session == nullptr) return;
        if (ssh_is_connected(session) != 0) ssh_disconnect(session);
        ssh_free(session);
    }
};
struct ChannelDeleter {
    // ssh_channel_free sends CHANNEL_CLOSE itself when the channel is still open.
    void operator()(ssh_channel channel) const {
        if (channel != nullptr) ssh_channel_free(channel);
    }
};
struct KeyDeleter {
    void operator()(ssh_key key) const {
        if (key != nullptr) ssh_key_free(key);
    }
};
struct CharDeleter {
    void operator()(char* text) const {
        if (text != nullptr) ssh_string_free_char(text);
    }
};

/// A session shared by the transport and the interactions it started, so that
/// a reconnect never frees a session an open channel still points into.
using SessionPtr = std::shared_ptr<ssh_session_struct>;
using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using KeyPtr = std::unique_ptr<ssh_key_struct, KeyDeleter>;
using CharPtr = std::unique_ptr<char, CharDeleter>;

/// Wraps a fresh ssh_session; nullptr when libssh cannot allocate one.
inline SessionPtr make_session() {
    ssh_session raw = ssh_new();
    if (raw == nullptr) return nullptr;
    return SessionPtr(raw, SessionDeleter{});
}

using Clock = std::chrono::steady_clock;

/// A point in time after which an operation gives up.
struct Deadline {
    Clock::time_point at;

    static Deadline in(std::chrono::milliseconds span) { return Deadline{Clock::now() + span}; }
    /// Milliseconds left, 0 when passed.
    int remaining_ms() const {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at - Clock::now()).count();
        return left > 0 ? static_cast<int>(left) : 0;
    }
    bool expired() const { return Clock::now() >= at; }
    Deadline earliest(Deadline other) const { return at < other.at ? *this : other; }
};

/// The text of libssh's last error on `session`.
inline std::string last_error(ssh_session session) {
    const char* text = ssh_get_error(session);
    return (text != nullptr && *text != '\0') ? std::string(text) : std::string("unknown libssh error");
}

}  // namespace hactl::ssh::detail
