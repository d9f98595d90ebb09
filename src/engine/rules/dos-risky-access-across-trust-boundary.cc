// dos-risky-access-across-trust-boundary: availability-critical components called across a
// network trust boundary.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "dos-risky-access-across-trust-boundary",
      .title = "DoS-risky Access Across Trust-Boundary",
      .stride = Stride::kDenialOfService,
      .cwe = 400,
      .function = RiskFunction::kOperations,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html",
      .description =
          "A component whose availability is rated critical or higher is called from "
          "another network trust boundary, where callers are easier to abuse for "
          "denial of service.",
      .impact =
          "Attackers may exhaust the component and take down important parts of the "
          "system.",
      .detection_logic =
          "In-scope components other than load balancers with an own availability of critical "
          "or higher, and non-DevOps, non-local incoming flows across a network trust boundary. "
          "When the caller forwards traffic (load balancer, reverse proxy, WAF), the flows into "
          "that caller are checked instead.",
      .risk_assessment =
          "Low impact; medium when availability is mission critical and neither "
          "VPN, IP filtering nor redundancy is in place. Unlikely.",
      .false_positives = "Operations that cost the component little time or resources.",
      .action = "Denial-of-service protection",
      .mitigation =
          "Throttle and apply per-client quotas; put maintenance access behind a VPN; "
          "make the target redundant.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter in place?",
      .model_failure_possible_reason = false,
  };
  return info;
}

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
