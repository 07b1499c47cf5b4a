#pragma once
// RapidCheck generators of valid pair models, and a renderer that writes a
// model as a pair file in varied YAML styles (test support).
#include <string>

#include <rapidcheck.h>

#include "hactl/model/pair.hpp"

namespace hactl::test {

/// A valid pair: unicast distinct addresses, names, users, paths, URLs and
/// wrappers drawn from the accepted alphabets, optional fields sometimes absent.
rc::Gen<model::PairSpec> gen_valid_pair();

/// How render_pair writes a file.
struct RenderStyle {
    bool omit_defaults = false;  ///< leave out fields equal to their default
    bool flow_ssh = false;       ///< ssh: { user: x, port: 22 }
    int quoting = 0;             ///< 0 plain where safe, 1 single quotes, 2 double quotes
    bool comments = false;       ///< comments between and after fields
};
rc::Gen<RenderStyle> gen_render_style();

/// `pair` as a pair file written in `style` (an independent writer from to_yaml).
std::string render_pair(const model::PairSpec& pair, const RenderStyle& style);

}  // namespace hactl::test
