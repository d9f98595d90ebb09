// missing-authentication: sensitive components accepting unauthenticated requests.

#include "engine/rules/missing-authentication.h"

#include "engine/rule_catalog.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-authentication"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope ||
        ctx.IsAny(c, {"load-balancer", "reverse-proxy", "service-registry", "waf", "ids", "ips"})) {
      continue;
    }
    if (!IsSensitive(ctx, c) && !comp.multi_tenant) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      if (ctx.Has(s, Attr::kUnprotectedCommunicationsTolerated) ||
          ctx.component(s).type == ComponentType::kDatastore) {
        continue;
      }
      const core::Flow& flow = ctx.flow(f);
      if (flow.authentication != core::Authentication::kNone ||
          core::IsProcessLocal(flow.protocol)) {
        continue;
      }
      Confidentiality fc = ctx.HighestConfidentialityOfFlow(f);
      Criticality fi = ctx.HighestIntegrityOfFlow(f);
      Impact impact = Impact::kMedium;
      if (fc == Confidentiality::kStrictlyConfidential || fi == Criticality::kMissionCritical) {
        impact = Impact::kHigh;
      } else if (fc <= Confidentiality::kInternal && fi == Criticality::kOperational) {
        impact = Impact::kLow;
      }
      risks.push_back(
          MissingAuthenticationRisk(Info(), ctx, c, f, f, "", impact, Likelihood::kLikely, false));
    }
  }
  return risks;
}

}  // namespace

Risk MissingAuthenticationRisk(const RuleInfo& info, const AnalysisContext& ctx, int c, int flow,
                               int origin, const std::string& hop, Impact impact,
                               Likelihood likelihood, bool two_factor) {
  const core::Component& comp = ctx.component(c);
  const core::Flow& f = ctx.flow(flow);
  int origin_source = ctx.source(origin);
  std::string caller =
      origin_source == AnalysisContext::kNone ? std::string() : ctx.component(origin_source).title;
  Risk r = NewRisk(info, likelihood, impact);
  r.title =
      std::string(two_factor ? "Missing two-factor authentication" : "Missing authentication") +
      " on " + Q(f.title) + " from " + Q(caller);
  if (!hop.empty()) r.title += " through " + Q(hop);
  r.title += " to " + Q(comp.title);
  r.component = comp.id;
  r.flow = f.id;
  r.synthetic_id = SyntheticId(info, {f.id, ctx.id(ctx.source(flow)), comp.id});
  SetBreach(r, BreachProbability::kPossible, {comp.id});
  return r;
}

const Rule& MissingAuthenticationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
