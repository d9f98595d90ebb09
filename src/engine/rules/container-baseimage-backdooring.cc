// container-baseimage-backdooring: in-scope components running as containers.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("container-baseimage-backdooring"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || comp.machine != core::Machine::kContainer) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                     IsVerySensitive(ctx, c) ? Impact::kHigh : Impact::kMedium);
    r.title = "Container base image backdooring at " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kProbable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& ContainerBaseimageBackdooringRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
