#pragma once
/// Which URL reads the replication monitor of one host of the pair.
///
/// spec.monitorUrl is the monitor of the host the file names primary (contract
/// section 5): `http://localhost/...` (the default), an https BASE_URL, or the
/// primary's own address in a simulated pair. Before a switchover, apply must
/// read the monitor of the SECONDARY (the serving master). The rule, kept here
/// alone: the same URL, fetched with curl on that host, with the primary's
/// address replaced by the secondary's when the URL's host is exactly the
/// primary's address; any other URL (localhost, a name) is used as written,
/// since it already means "this host" or cannot be rewritten safely.
#include <string>

#include "hactl/model/pair.hpp"

namespace hactl::contract {

/// The monitor URL to fetch on `role`'s host. Never fails.
std::string monitor_url_on(const model::PairSpec& spec, model::Role role);

}  // namespace hactl::contract
