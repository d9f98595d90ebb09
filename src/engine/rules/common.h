#pragma once

// Helpers shared by the built-in rules. Internal to src/engine: other modules use rule.h.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "engine/context.h"
#include "engine/risk.h"
#include "engine/rule.h"

namespace threatpath::engine::rules {

using core::BreachProbability;
using core::ComponentType;
using core::Confidentiality;
using core::Criticality;
using core::Impact;
using core::Likelihood;
using core::Protocol;
using core::RiskFunction;
using core::Stride;
using core::Usage;

/// A risk of the rule's category with likelihood, impact and the matching severity set.
Risk NewRisk(const RuleInfo& info, Likelihood likelihood, Impact impact);

/// Threagile's synthetic id: the category id and the parts joined with '@'.
std::string SyntheticId(const RuleInfo& info, std::initializer_list<std::string_view> parts);

/// Sets the breach probability and the breached components (sorted, duplicates removed).
void SetBreach(Risk& risk, BreachProbability probability, std::vector<std::string> components);

/// "'title'", for risk titles.
std::string Q(std::string_view title);

/// Highest ratings (own and of the data processed or stored) reach confidential / critical /
/// critical, or strictly confidential / mission critical / mission critical.
bool IsSensitive(const AnalysisContext& ctx, int c);
bool IsVerySensitive(const AnalysisContext& ctx, int c);
/// Highest confidentiality strictly confidential or highest integrity mission critical
/// (availability not counted): the "high impact" test of the injection-style rules.
bool HasTopConfidentialityOrIntegrity(const AnalysisContext& ctx, int c);
/// Threagile's likelihood for attacks over a flow: likely for devops traffic, else very likely.
Likelihood LikelihoodByUsage(const core::Flow& flow);
/// The same on the component's own ratings only.
bool IsSensitiveOwn(const core::Component& comp);
bool IsVerySensitiveOwn(const core::Component& comp);

/// Threagile's IsPotentialWebAccessProtocol: http(s), ws(s) and the reverse-proxy protocols.
bool IsWebAccessProtocol(Protocol p);
/// Threagile's IsPotentialDatabaseAccessProtocol; `lax` adds http(s) and binary(-encrypted).
bool IsDatabaseAccessProtocol(Protocol p, bool lax);

/// Adapter that turns a metadata function and a generator function into a Rule.
class FunctionRule final : public Rule {
 public:
  using InfoFn = const RuleInfo& (*)();
  using GenerateFn = std::vector<Risk> (*)(const AnalysisContext&);
  FunctionRule(InfoFn info, GenerateFn generate) : info_(info), generate_(generate) {}
  const RuleInfo& Info() const override { return info_(); }
  std::vector<Risk> Generate(const AnalysisContext& ctx) const override { return generate_(ctx); }

 private:
  InfoFn info_;
  GenerateFn generate_;
};

}  // namespace threatpath::engine::rules
