// incomplete-model: unknown technologies and protocols.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("incomplete-model"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    // 0.9.1 skips out-of-scope components (their technology and their flows); the first 2020
    // releases did not.
    if (comp.out_of_scope) continue;
    if (ctx.Is(c, "unknown-technology")) {
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
      r.title = "Unknown technology at " + Q(comp.title);
      r.component = comp.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (flow.protocol != Protocol::kUnknown) continue;
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
      r.title = "Unknown protocol on flow " + Q(flow.title) + " of " + Q(comp.title);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {flow.id, comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& IncompleteModelRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
