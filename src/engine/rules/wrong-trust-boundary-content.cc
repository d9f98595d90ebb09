// wrong-trust-boundary-content: non-container components in namespace-isolation boundaries.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("wrong-trust-boundary-content"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    int b = ctx.BoundaryOf(c);
    if (b == AnalysisContext::kNone ||
        ctx.boundary(b).type != core::BoundaryType::kNetworkPolicyNamespaceIsolation) {
      continue;
    }
    const core::Component& comp = ctx.component(c);
    if (comp.machine == core::Machine::kContainer || comp.machine == core::Machine::kServerless) {
      continue;
    }
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
    r.title = "Component " + Q(comp.title) + " is not a container but sits in namespace " +
              "isolation boundary " + Q(ctx.boundary(b).title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& WrongTrustBoundaryContentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
