// code-backdooring: development components exposed to the internet or to unmanaged clients.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("code-backdooring"); }

Risk Make(const AnalysisContext& ctx, int c) {
  const core::Component& comp = ctx.component(c);
  // Threagile always passes "elevated" here; the impact only depends on the ratings.
  Impact impact = Impact::kLow;
  if (!ctx.Is(c, "code-inspection-platform")) {
    impact = Impact::kMedium;
    if (ctx.HighestConfidentiality(c) >= Confidentiality::kConfidential ||
        ctx.HighestIntegrity(c) >= Criticality::kCritical) {
      impact = Impact::kHigh;
    }
  }
  // The component itself and every target it deploys code-like data to.
  std::vector<std::string> breach = {comp.id};
  for (int f : ctx.outgoing(c)) {
    if (ctx.flow(f).usage != Usage::kDevOps || ctx.target(f) == AnalysisContext::kNone) continue;
    for (int d : ctx.sent(f)) {
      if (ctx.data_asset(d).integrity >= Criticality::kImportant) {
        breach.push_back(ctx.id(ctx.target(f)));
        break;
      }
    }
  }
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Code backdooring at " + Q(comp.title);
  r.component = comp.id;
  r.synthetic_id = SyntheticId(Info(), {comp.id});
  SetBreach(r, BreachProbability::kProbable, std::move(breach));
  return r;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Has(c, Attr::kDevelopmentRelevant)) continue;
    bool exposed = comp.internet;
    for (int f : ctx.incoming(c)) {
      if (exposed) break;
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      const core::Component& caller = ctx.component(s);
      exposed = (!ctx.flow(f).vpn && caller.internet) || caller.out_of_scope;
    }
    if (exposed) risks.push_back(Make(ctx, c));
  }
  return risks;
}

}  // namespace

const Rule& CodeBackdooringRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
