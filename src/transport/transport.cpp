#include "hactl/transport/transport.hpp"

namespace hactl::transport {

const char* to_string(TransportError error) {
    switch (error) {
        case TransportError::none: return "no error";
        case TransportError::unreachable: return "unreachable";
        case TransportError::host_key_unknown: return "host key unknown";
        case TransportError::host_key_changed: return "host key changed";
        case TransportError::auth_failed: return "authentication failed";
        case TransportError::channel: return "channel failed";
    }
    return "unknown error";
}

}  // namespace hactl::transport
