#pragma once

#include <optional>

#include "core/enums.h"
#include "core/ref.h"

namespace threatpath::core {

/// A risk written into the model by hand under a custom risk category (Threagile's
/// `risks_identified`). `title` is the map key.
struct IdentifiedRisk {
  std::string title;
  RiskSeverity severity = RiskSeverity::kMedium;
  Likelihood likelihood = Likelihood::kLikely;
  Impact impact = Impact::kMedium;
  BreachProbability breach_probability = BreachProbability::kPossible;
  Refs breach_components;
  Ref most_relevant_data_asset;
  Ref most_relevant_component;
  Ref most_relevant_flow;
  Ref most_relevant_boundary;
  Ref most_relevant_shared_runtime;
  Loc loc;
};

/// A risk category defined in the model (Threagile's individual / custom risk categories).
struct RiskCategory : Element {
  std::string impact;
  std::string asvs;
  std::string cheat_sheet;
  std::string action;
  std::string mitigation;
  std::string check;
  RiskFunction function = RiskFunction::kBusinessSide;
  Stride stride = Stride::kSpoofing;
  std::string detection_logic;
  std::string risk_assessment;
  std::string false_positives;
  bool model_failure_possible_reason = false;
  int cwe = 0;
  std::vector<IdentifiedRisk> risks;
};

/// A decision about one risk, keyed by its synthetic id; `*` may stand for one `@`-separated
/// part of the key.
struct RiskTracking {
  std::string key;
  RiskStatus status = RiskStatus::kUnchecked;
  std::string justification;
  std::string ticket;
  std::string date;
  std::string checked_by;
  std::string owner;
  Loc loc;
};

}  // namespace threatpath::core
