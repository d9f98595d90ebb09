// service-registry-poisoning: every in-scope service registry.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("service-registry-poisoning"); }

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
