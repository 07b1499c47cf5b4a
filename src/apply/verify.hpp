#pragma once
// The verification pass after apply ran steps (the runbook's "Verification").
#include <string>

#include "hactl/apply/events.hpp"
#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"

namespace hactl::apply {

class StepRunner;

/// Checks the monitor's lags (numeric for each replicated service), runs
/// replication_port_check on both hosts and cluster_replicate_files once on
/// the secondary, emitting one verify event per check. Returns "" when all
/// pass, otherwise what failed.
std::string verify_pair(const model::PairSpec& spec, const facts::PairFacts& observed, StepRunner& runner,
                        EventSink& events);

}  // namespace hactl::apply
