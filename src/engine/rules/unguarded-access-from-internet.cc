// unguarded-access-from-internet: sensitive components called directly by internet components.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unguarded-access-from-internet"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || ctx.Is(c, "load-balancer")) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      const core::Flow& flow = ctx.flow(f);
      if (!comp.custom_developed_parts) {
        bool http = flow.protocol == Protocol::kHttp || flow.protocol == Protocol::kHttps;
        bool file = flow.protocol == Protocol::kFtp || flow.protocol == Protocol::kFtps ||
                    flow.protocol == Protocol::kSftp;
        if (http &&
            ctx.IsAny(c, {"web-server", "web-application", "reverse-proxy", "waf", "gateway"})) {
          continue;
        }
        if (file && ctx.Is(c, "gateway")) continue;
      }
      if (ctx.Is(s, "monitoring") || flow.vpn) continue;
      if (comp.confidentiality < Confidentiality::kConfidential &&
          comp.integrity < Criticality::kCritical) {
        continue;
      }
      const core::Component& caller = ctx.component(s);
      if (!caller.internet) continue;
      bool high = comp.confidentiality == Confidentiality::kStrictlyConfidential ||
                  comp.integrity == Criticality::kMissionCritical;
      Impact impact = high || ctx.raa(c) > 40 ? Impact::kMedium : Impact::kLow;
      Risk r = NewRisk(Info(), Likelihood::kVeryLikely, impact);
      r.title = "Unguarded internet access to " + Q(comp.title) + " by " + Q(caller.title) +
                " over " + Q(flow.title);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id, caller.id, flow.id});
      SetBreach(r, BreachProbability::kPossible, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnguardedAccessFromInternetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
