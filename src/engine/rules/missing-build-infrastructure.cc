// missing-build-infrastructure: custom code without a modelled way to build it.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-build-infrastructure"); }

double Score(const AnalysisContext& ctx, int c) {
  return c == AnalysisContext::kNone ? 8 + 5 + 5 : ctx.SensitivityScore(c);
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  bool custom = false, pipeline = false, repository = false, devops_client = false;
  Impact impact = Impact::kLow;
  int most_relevant = AnalysisContext::kNone;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.custom_developed_parts && !comp.out_of_scope) {
      custom = true;
      if (impact == Impact::kLow) {
        most_relevant = c;
        if (IsSensitive(ctx, c)) impact = Impact::kMedium;
      }
      if (IsSensitiveOwn(comp)) impact = Impact::kMedium;
      if (ctx.SensitivityScore(c) > Score(ctx, most_relevant)) most_relevant = c;
    }
    if (ctx.Is(c, "build-pipeline")) pipeline = true;
    if (ctx.Is(c, "sourcecode-repository")) repository = true;
    if (ctx.Is(c, "devops-client")) devops_client = true;
  }
  if (!custom || (pipeline && repository && devops_client)) return {};
  std::string id = most_relevant == AnalysisContext::kNone ? "" : ctx.id(most_relevant);
  std::string title =
      most_relevant == AnalysisContext::kNone ? "" : ctx.component(most_relevant).title;
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Missing build infrastructure in the model (for example for " + Q(title) + ")";
  r.component = id;
  r.synthetic_id = SyntheticId(Info(), {id});
  SetBreach(r, BreachProbability::kImprobable, {});
  return {r};
}

}  // namespace

const Rule& MissingBuildInfrastructureRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
