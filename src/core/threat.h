#pragma once

#include "core/enums.h"
#include "core/ref.h"

namespace threatpath::core {

/// A threat written by people (in a session or in the model), in threat-grammar form:
/// "a <source> with <prerequisites> can <action>, which leads to <impact>, affecting <assets>".
struct Threat : Element {
  Stride stride = Stride::kTampering;
  std::string source;
  std::string prerequisites;
  std::string action;
  std::string impact;
  Refs affected;  // components, flows, data assets or boundaries
  Likelihood likelihood = Likelihood::kLikely;
  Impact impact_rating = Impact::kMedium;
  RiskStatus status = RiskStatus::kUnchecked;
  ThreatResponse response = ThreatResponse::kUndecided;
  std::string owner;
  std::string justification;
  Refs mitigations;
};

/// Something we do about threats; linked many-to-many with them.
struct Mitigation : Element {
  MitigationStatus status = MitigationStatus::kProposed;
  std::string owner;
  std::string ticket;
  Refs threats;
};

/// Something the model takes to be true. Threats and mitigations that rely on a refuted
/// assumption reopen.
struct Assumption : Element {
  std::string statement;
  Refs elements;
  Refs threats;
  Refs mitigations;
  AssumptionStatus status = AssumptionStatus::kUnvalidated;
  std::string evidence;
  std::string validated_by;
  std::string validated_on;
};

}  // namespace threatpath::core
