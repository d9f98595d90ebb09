#pragma once

#include <array>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/model.h"
#include "engine/risk.h"
#include "engine/tracking.h"

namespace threatpath::engine {

struct AnalyzeOptions {
  /// Ids of built-in rules not to run (Threagile's -skip-risk-rules).
  std::vector<std::string> skip_rules;
};

/// Everything the analysis finds in a model.
struct AnalysisResult {
  /// Built-in and custom risks with their tracking status, sorted by SortRisks.
  std::vector<Risk> risks;
  /// Relative attacker attractiveness per component, indexed like Model::components.
  std::vector<double> raa;
  /// Risk-tracking entries that matched no risk, in model order.
  std::vector<OrphanedTracking> orphaned_tracking;
  /// Metadata of the model's custom risk categories, in model order.
  std::vector<RuleInfo> custom_categories;
  /// Entries of `skip_rules` that name no built-in rule.
  std::vector<std::string> unknown_skipped_rules;
};

/// Runs every built-in rule (in BuiltinRules() order) and adds the model's custom risks, then
/// applies risk tracking and sorts. Pure and deterministic: the same model gives the same result.
/// Expects a model that passed core::Validate; unresolved references are skipped, not trusted.
/// For a Threagile model, apply core::DeriveThreagile first so the analysis sees what Threagile
/// sees.
AnalysisResult Analyze(const core::Model& model, const catalog::Catalog& catalog,
                       const AnalyzeOptions& options = {});

/// The order of Threatpath's outputs: severity (highest first), then impact and likelihood
/// (highest first), then category id, synthetic id, title and the most relevant ids. Stable,
/// so risks that agree on all of these keep their relative order.
void SortRisks(std::vector<Risk>& risks);

/// Number of risks per severity, indexed by core::RiskSeverity (low first).
std::array<int, 5> CountBySeverity(const std::vector<Risk>& risks);

}  // namespace threatpath::engine
