#include "hactl/contract/monitor_url.hpp"

#include <string_view>

namespace hactl::contract {

std::string monitor_url_on(const model::PairSpec& spec, model::Role role) {
    const std::string& url = spec.monitor_url;
    if (role == model::Role::primary) return url;
    // scheme://[userinfo@]host[:port][/path...]
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    const auto authority_start = scheme_end + 3;
    auto authority_end = url.find_first_of("/?#", authority_start);
    if (authority_end == std::string::npos) authority_end = url.size();
    const std::string_view authority(url.data() + authority_start, authority_end - authority_start);
    const auto at = authority.rfind('@');
    const auto host_start = at == std::string_view::npos ? 0 : at + 1;
    auto host_end = authority.find(':', host_start);
    if (host_end == std::string_view::npos) host_end = authority.size();
    if (authority.substr(host_start, host_end - host_start) != spec.primary.address) return url;
    std::string out = url;
    out.replace(authority_start + host_start, host_end - host_start, spec.secondary.address);
    return out;
}

}  // namespace hactl::contract
