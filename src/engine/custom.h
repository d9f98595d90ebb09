#pragma once

#include <vector>

#include "core/model.h"
#include "engine/risk.h"

namespace threatpath::engine {

/// The metadata of a risk category defined in the model (Threagile's individual risk
/// categories), in the shape of a built-in rule's.
RuleInfo CustomCategoryInfo(const core::RiskCategory& category);

/// The risks written into the model under its custom risk categories, in model order. Severity,
/// likelihood, impact and breach data are taken as written (the severity is not recomputed);
/// the synthetic id is built as Threagile does: category, then the most relevant component,
/// flow, trust boundary, shared runtime and data asset, each when given.
std::vector<Risk> CustomRisks(const core::Model& model);

}  // namespace threatpath::engine
