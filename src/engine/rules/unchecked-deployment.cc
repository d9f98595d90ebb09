// unchecked-deployment: development components without security scanning in the pipeline.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unchecked-deployment"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    if (!ctx.Has(c, Attr::kDevelopmentRelevant)) continue;
    const core::Component& comp = ctx.component(c);
    Impact impact = Impact::kLow;
    std::vector<std::string> breach = {comp.id};
    for (int f : ctx.outgoing(c)) {
      int t = ctx.target(f);
      if (ctx.flow(f).usage != Usage::kDevOps || t == AnalysisContext::kNone) continue;
      for (int d : ctx.sent(f)) {
        if (ctx.data_asset(d).integrity < Criticality::kImportant) continue;
        breach.push_back(ctx.id(t));
        if (IsSensitive(ctx, t)) impact = Impact::kMedium;
        break;
      }
    }
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
    r.title = "Unchecked deployment from " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kPossible, std::move(breach));
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& UncheckedDeploymentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
