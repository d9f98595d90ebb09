// missing-identity-provider-isolation: identity components sharing a network segment with other
// components.

#include <unordered_map>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-identity-provider-isolation"); }

// Threagile compares each identity component with every other component; counting the
// components that make a segment risky per network boundary and per execution environment gives
// the same answer in O(components).
std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::unordered_map<int, int> per_network, per_environment;
  for (int o = 0; o < ctx.component_count(); ++o) {
    if (ctx.Has(o, Attr::kIdentityRelated) || ctx.Has(o, Attr::kCloseToHighValueTargetsTolerated)) {
      continue;
    }
    ++per_network[ctx.NetworkBoundaryOf(o)];
    int b = ctx.BoundaryOf(o);
    if (b != AnalysisContext::kNone &&
        ctx.boundary(b).type == core::BoundaryType::kExecutionEnvironment) {
      ++per_environment[b];
    }
  }
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Has(c, Attr::kIdentityRelated)) continue;
    // An identity component never counts as its own neighbour.
    bool found = per_network[ctx.NetworkBoundaryOf(c)] > 0;
    int b = ctx.BoundaryOf(c);
    bool same_environment = b != AnalysisContext::kNone &&
                            ctx.boundary(b).type == core::BoundaryType::kExecutionEnvironment &&
                            per_environment[b] > 0;
    if (!found) continue;
    Risk r = NewRisk(Info(), same_environment ? Likelihood::kLikely : Likelihood::kUnlikely,
                     IsVerySensitiveOwn(comp) ? Impact::kVeryHigh : Impact::kHigh);
    r.title = "Missing isolation of identity component " + Q(comp.title) +
              (same_environment ? " from other components in its execution environment"
                                : " from other components in its network segment");
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MissingIdentityProviderIsolationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
