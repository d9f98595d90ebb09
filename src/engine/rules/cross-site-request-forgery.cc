// cross-site-request-forgery: web applications called over web protocols.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("cross-site-request-forgery"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Has(c, Attr::kWebApplication)) continue;
    for (int f : ctx.incoming(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (!IsWebAccessProtocol(flow.protocol)) continue;
      int s = ctx.source(f);
      std::string caller = s == AnalysisContext::kNone ? std::string() : ctx.component(s).title;
      Likelihood likelihood = LikelihoodByUsage(flow);
      Impact impact = ctx.HighestIntegrityOfFlow(f) == Criticality::kMissionCritical
                          ? Impact::kMedium
                          : Impact::kLow;
      Risk r = NewRisk(Info(), likelihood, impact);
      r.title = "Cross-site request forgery at " + Q(comp.title) + " over " + Q(flow.title) +
                " from " + Q(caller);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id, flow.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& CrossSiteRequestForgeryRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
