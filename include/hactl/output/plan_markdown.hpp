#pragma once
/// The plan as Markdown (`hactl plan --format markdown`), for a merge request's
/// comment or a CI job's summary: the pair and its hosts, one table row per
/// step to run (destructive ones marked), the steps with nothing to do folded
/// away, and the summary line.
#include <string>
#include <string_view>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::output {

/// `text` made safe for one cell of a Markdown (GFM) table: control characters
/// shown as printable() shows them, `|` and the characters Markdown would read
/// as formatting (`` ` ``, `*`, `_`, `[`, `]`, `\`) backslash-escaped, `<`, `>`
/// and `&` as HTML entities (no tag or entity of the host's reaches the page),
/// a line break as `<br>`. Never fails.
std::string markdown_cell(std::string_view text);

/// The whole plan as GitHub/GitLab-flavoured Markdown, ending in a newline.
/// Host text passes through markdown_cell(). Never fails.
std::string render_plan_markdown(const model::PairSpec& desired, const facts::PairFacts& observed,
                                 const plan::Plan& plan);

}  // namespace hactl::output
