// search-query-injection: search engines queried by in-scope callers.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("search-query-injection"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    if (!ctx.IsAny(c, {"search-engine", "search-index"})) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.component(s).out_of_scope) continue;
      const core::Flow& flow = ctx.flow(f);
      if (flow.protocol != Protocol::kHttp && flow.protocol != Protocol::kHttps &&
          flow.protocol != Protocol::kBinary && flow.protocol != Protocol::kBinaryEncrypted) {
        continue;
      }
      const core::Component& engine = ctx.component(c);
      const core::Component& caller = ctx.component(s);
      Impact impact = Impact::kMedium;
      if (HasTopConfidentialityOrIntegrity(ctx, c)) {
        impact = Impact::kHigh;
      } else if (ctx.HighestConfidentiality(c) <= Confidentiality::kInternal &&
                 ctx.HighestIntegrity(c) == Criticality::kOperational) {
        impact = Impact::kLow;
      }
      Likelihood likelihood = LikelihoodByUsage(flow);
      Risk r = NewRisk(Info(), likelihood, impact);
      r.title = "Search query injection from " + Q(caller.title) + " into search engine " +
                Q(engine.title) + " over " + Q(flow.title);
      r.component = caller.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {caller.id, engine.id, flow.id});
      SetBreach(r, BreachProbability::kProbable, {engine.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& SearchQueryInjectionRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
