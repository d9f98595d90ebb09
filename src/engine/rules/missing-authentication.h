#pragma once

// Shared by missing-authentication and missing-authentication-second-factor, which report their
// risks the same way.

#include <string>

#include "engine/rules/common.h"

namespace threatpath::engine::rules {

/// A risk of category `info` on flow `flow` into component `c`. `origin` is the flow whose
/// caller is named in the title (the same flow, or one a hop further up); `hop` names the
/// forwarding component in between, if any. The synthetic id is
/// category@flow@source-of-flow@component.
Risk MissingAuthenticationRisk(const RuleInfo& info, const AnalysisContext& ctx, int c, int flow,
                               int origin, const std::string& hop, Impact impact,
                               Likelihood likelihood, bool two_factor);

}  // namespace threatpath::engine::rules
