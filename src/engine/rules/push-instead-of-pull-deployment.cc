// push-instead-of-pull-deployment: build pipelines writing into deployment targets.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("push-instead-of-pull-deployment"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  // As in Threagile, the impact is not reset between targets: once a sensitive target has been
  // seen, the risks found after it are rated medium as well. Components are visited by id and
  // their flows in model order, so the result is deterministic.
  Impact impact = Impact::kLow;
  for (int c : ctx.components_by_id()) {
    if (!ctx.Is(c, "build-pipeline")) continue;
    const core::Component& pipeline = ctx.component(c);
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone) continue;
      const core::Component& target = ctx.component(t);
      if (flow.readonly || flow.usage != Usage::kDevOps || target.out_of_scope ||
          ctx.Has(t, Attr::kDevelopmentRelevant) || target.usage != Usage::kBusiness) {
        continue;
      }
      if (IsSensitive(ctx, t)) impact = Impact::kMedium;
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
      r.title = "Push-based deployment into " + Q(target.title) + " by build pipeline " +
                Q(pipeline.title);
      r.component = target.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {pipeline.id});
      SetBreach(r, BreachProbability::kImprobable, {target.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& PushInsteadOfPullDeploymentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
