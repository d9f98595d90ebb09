// missing-waf: web applications and services reached across a network boundary without a WAF.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-waf"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope ||
        !(ctx.Has(c, Attr::kWebApplication) || ctx.Has(c, Attr::kWebService))) {
      continue;
    }
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || !ctx.IsAcrossTrustBoundaryNetworkOnly(f) ||
          !IsWebAccessProtocol(ctx.flow(f).protocol) || ctx.Is(s, "waf")) {
        continue;
      }
      Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                       IsVerySensitive(ctx, c) ? Impact::kMedium : Impact::kLow);
      r.title = "Missing web application firewall in front of " + Q(comp.title);
      r.component = comp.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
      break;
    }
  }
  return risks;
}

}  // namespace

const Rule& MissingWafRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
