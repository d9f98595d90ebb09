// container-platform-escape: in-scope container platforms.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("container-platform-escape"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<std::string> containers;
  for (int c = 0; c < ctx.component_count(); ++c) {
    if (ctx.component(c).machine == core::Machine::kContainer) containers.push_back(ctx.id(c));
  }
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Is(c, "container-platform")) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                     IsVerySensitive(ctx, c) ? Impact::kHigh : Impact::kMedium);
    r.title = "Container platform escape at " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kProbable, containers);
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& ContainerPlatformEscapeRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
