// service-registry-poisoning: every in-scope service registry.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "service-registry-poisoning",
      .title = "Service Registry Poisoning",
      .stride = Stride::kSpoofing,
      .cwe = 693,
      .function = RiskFunction::kArchitecture,
      .asvs = "V10 - Malicious Code Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Access_Control_Cheat_Sheet.html",
      .description =
          "Components find each other through a service registry, which an attacker "
          "may fill with false endpoints or configuration.",
      .impact = "Calls and data may be redirected to attacker-controlled endpoints.",
      .detection_logic = "In-scope service registries.",
      .risk_assessment =
          "Low impact, medium when the registry, a caller or the data on a call "
          "into it is strictly confidential or mission critical; unlikely.",
      .false_positives = "Registries not used for discovering services.",
      .action = "Service registry integrity",
      .mitigation =
          "Restrict who may write to the registry and cross-check what lookups "
          "return.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

bool FlowVerySensitive(const AnalysisContext& ctx, int f) {
  return ctx.HighestConfidentialityOfFlow(f) == Confidentiality::kStrictlyConfidential ||
         ctx.HighestIntegrityOfFlow(f) == Criticality::kMissionCritical ||
         ctx.HighestAvailabilityOfFlow(f) == Criticality::kMissionCritical;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Is(c, "service-registry")) continue;
    Impact impact = Impact::kLow;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (IsVerySensitive(ctx, c) || (s != AnalysisContext::kNone && IsVerySensitive(ctx, s)) ||
          FlowVerySensitive(ctx, f)) {
        impact = Impact::kMedium;
        break;
      }
    }
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
    r.title = "Service registry poisoning at " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& ServiceRegistryPoisoningRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
