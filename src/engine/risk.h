#pragma once

#include <string>
#include <vector>

#include "core/enums.h"

namespace threatpath::engine {

/// One finding of the analysis: an instance of a risk category (a built-in rule or a custom
/// category from the model) at a specific place in the model. Field meanings follow Threagile's
/// risks.json so that a Threagile model yields the same risks: the synthetic id is the stable key
/// that risk tracking refers to, the "most relevant" ids point at the element the risk is about
/// (empty when not applicable) and the breach fields say which components' data might leak.
struct Risk {
  std::string category;  // rule id ("missing-authentication") or custom category id
  core::RiskSeverity severity = core::RiskSeverity::kLow;
  core::Likelihood likelihood = core::Likelihood::kUnlikely;
  core::Impact impact = core::Impact::kLow;
  std::string title;
  std::string synthetic_id;

  std::string data_asset;      // most relevant data asset id
  std::string component;       // most relevant component (technical asset) id
  std::string flow;            // most relevant flow (communication link) id
  std::string boundary;        // most relevant trust boundary id
  std::string shared_runtime;  // most relevant shared runtime id

  core::BreachProbability breach_probability = core::BreachProbability::kImprobable;
  std::vector<std::string> breach_components;  // sorted, without duplicates

  /// Status from the model's risk tracking; unchecked when no tracking entry applies.
  core::RiskStatus status = core::RiskStatus::kUnchecked;
  /// Index into Model::risk_tracking of the entry that set `status`, or -1.
  int tracking = -1;

  friend bool operator==(const Risk&, const Risk&) = default;
};

/// Static description of a risk category: what a rule detects and what to do about it. Texts are
/// Threatpath's own; ids, STRIDE, CWE and function follow Threagile 0.9.x. The built-in rules'
/// metadata is data: src/engine/rules.yaml, read through engine/rule_catalog.h.
struct RuleInfo {
  std::string id;
  std::string title;
  core::Stride stride = core::Stride::kSpoofing;
  int cwe = 0;
  core::RiskFunction function = core::RiskFunction::kArchitecture;
  std::string asvs;
  std::string cheat_sheet;
  std::string description;
  std::string impact;
  std::string detection_logic;
  std::string risk_assessment;
  std::string false_positives;
  std::string action;
  std::string mitigation;
  std::string check;
  bool model_failure_possible_reason = false;
  /// Tags the rule looks at (Threagile's SupportedTags), lower case.
  std::vector<std::string> tags;
};

/// True when a risk in this status still needs attention (Threagile's IsStillAtRisk):
/// unchecked, in discussion, accepted or in progress.
bool IsStillAtRisk(core::RiskStatus status);

}  // namespace threatpath::engine
