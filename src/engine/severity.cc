#include "engine/severity.h"

#include "engine/risk.h"

namespace threatpath::engine {

int Weight(core::Likelihood likelihood) { return static_cast<int>(likelihood) + 1; }
int Weight(core::Impact impact) { return static_cast<int>(impact) + 1; }

core::RiskSeverity CalculateSeverity(core::Likelihood likelihood, core::Impact impact) {
  int product = Weight(likelihood) * Weight(impact);
  if (product <= 1) return core::RiskSeverity::kLow;
  if (product <= 3) return core::RiskSeverity::kMedium;
  if (product <= 8) return core::RiskSeverity::kElevated;
  if (product <= 12) return core::RiskSeverity::kHigh;
  return core::RiskSeverity::kCritical;
}

bool IsStillAtRisk(core::RiskStatus status) {
  return status == core::RiskStatus::kUnchecked || status == core::RiskStatus::kInDiscussion ||
         status == core::RiskStatus::kAccepted || status == core::RiskStatus::kInProgress;
}

}  // namespace threatpath::engine
