// unnecessary-communication-link: flows that carry no data.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unnecessary-communication-link"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (!flow.data_sent.empty() || !flow.data_received.empty()) continue;
      int t = ctx.target(f);
      if (comp.out_of_scope && (t == AnalysisContext::kNone || ctx.component(t).out_of_scope)) {
        continue;
      }
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
      r.title = "Flow " + Q(flow.title) + " of " + Q(comp.title) + " transfers no data";
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

const Rule& UnnecessaryCommunicationLinkRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
