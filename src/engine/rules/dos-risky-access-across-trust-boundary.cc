// dos-risky-access-across-trust-boundary: availability-critical components called across a
// network trust boundary.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("dos-risky-access-across-trust-boundary"); }

void Check(const AnalysisContext& ctx, int c, int f, const std::string& hop,
           std::vector<Risk>& risks) {
  const core::Flow& flow = ctx.flow(f);
  int s = ctx.source(f);
  if (s == AnalysisContext::kNone) return;
  if (!ctx.IsAcrossTrustBoundaryNetworkOnly(f) || core::IsProcessLocal(flow.protocol) ||
      flow.usage == Usage::kDevOps) {
    return;
  }
  const core::Component& comp = ctx.component(c);
  bool high = comp.availability == Criticality::kMissionCritical && !flow.vpn &&
              !flow.ip_filtered && !comp.redundant;
  const core::Component& caller = ctx.component(s);
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, high ? Impact::kMedium : Impact::kLow);
  r.title = "Denial-of-service risk: " + Q(comp.title) + " is called by " + Q(caller.title) +
            " over " + Q(flow.title);
  if (!hop.empty()) r.title += " through " + Q(hop);
  r.component = comp.id;
  r.flow = flow.id;
  r.synthetic_id = SyntheticId(Info(), {comp.id, caller.id, flow.id});
  SetBreach(r, BreachProbability::kImprobable, {});
  risks.push_back(std::move(r));
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || ctx.Is(c, "load-balancer") ||
        comp.availability < Criticality::kCritical) {
      continue;
    }
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      if (ctx.Has(s, Attr::kTrafficForwarding)) {
        // Look one hop further up, through the forwarding component.
        for (int g : ctx.incoming(s)) Check(ctx, c, g, ctx.component(s).title, risks);
      } else {
        Check(ctx, c, f, "", risks);
      }
    }
  }
  return risks;
}

}  // namespace

const Rule& DosRiskyAccessAcrossTrustBoundaryRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
