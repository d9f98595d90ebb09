#pragma once

#include "core/enums.h"

namespace threatpath::engine {

/// Weight of a likelihood or impact in Threagile's risk matrix: 1 (unlikely / low) to 4
/// (frequent / very high).
int Weight(core::Likelihood likelihood);
int Weight(core::Impact impact);

/// Threagile's severity matrix: the product of the two weights maps to a severity,
/// 1 -> low, 2..3 -> medium, 4..8 -> elevated, 9..12 -> high, 16 -> critical.
core::RiskSeverity CalculateSeverity(core::Likelihood likelihood, core::Impact impact);

}  // namespace threatpath::engine
