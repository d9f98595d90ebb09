// unnecessary-technical-asset: components that hold no data or talk to nobody.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unnecessary-technical-asset"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    bool no_data = comp.data_processed.empty() && comp.data_stored.empty();
    bool no_flows = ctx.outgoing(c).empty() && ctx.incoming(c).empty();
    if (!no_data && !no_flows) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
    r.title = "Component " + Q(comp.title) + (no_data ? " holds no data" : " has no flows");
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& UnnecessaryTechnicalAssetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
