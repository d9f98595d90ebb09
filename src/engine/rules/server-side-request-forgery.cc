// server-side-request-forgery: servers making web requests to other components.

#include <unordered_map>

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "server-side-request-forgery",
      .title = "Server-Side Request Forgery (SSRF)",
      .stride = Stride::kInformationDisclosure,
      .cwe = 918,
      .function = RiskFunction::kDevelopment,
      .asvs = "V12 - File and Resources Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
      .description =
          "A server (not a client) makes web requests to other components; if input "
          "shapes the target address, attackers can redirect the requests "
          "(server-side request forgery, local or remote file inclusion).",
      .impact =
          "Attackers may reach services and files that only the server can reach, "
          "including other components in its network segment.",
      .detection_logic =
          "Outgoing web-protocol flows of in-scope components that are neither "
          "clients nor load balancers.",
      .risk_assessment =
          "Low impact; medium when the target, or any component in the same network boundary "
          "that accepts web requests, holds strictly-confidential data, and at least medium "
          "inside cloud boundaries. Likely, unlikely for DevOps flows.",
      .false_positives = "Servers whose outgoing requests never depend on input.",
      .action = "Server-side request forgery prevention",
      .mitigation =
          "Do not build request targets from input; map to an allow-list of targets "
          "instead; for third-party products check that they do and keep them "
          "patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

// Components reachable over web protocols, grouped by network boundary.
struct WebTargets {
  std::vector<std::string> ids;
  bool strictly_confidential = false;
};

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::unordered_map<int, WebTargets> by_group;
  for (int p : ctx.components_by_id()) {
    bool web = false;
    for (int f : ctx.incoming(p)) web = web || IsWebAccessProtocol(ctx.flow(f).protocol);
    if (!web) continue;
    WebTargets& group = by_group[ctx.NetworkBoundaryOf(p)];
    group.ids.push_back(ctx.id(p));
    if (ctx.HighestConfidentiality(p) == Confidentiality::kStrictlyConfidential) {
      group.strictly_confidential = true;
    }
  }

  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || ctx.Has(c, Attr::kClient) || ctx.Is(c, "load-balancer")) continue;
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone || !IsWebAccessProtocol(flow.protocol)) continue;
      const core::Component& target = ctx.component(t);
      Impact impact = Impact::kLow;
      if (ctx.HighestConfidentiality(t) == Confidentiality::kStrictlyConfidential) {
        impact = Impact::kMedium;
      }
      std::vector<std::string> breach = {comp.id};
      auto group = by_group.find(ctx.NetworkBoundaryOf(c));
      if (group != by_group.end()) {
        breach.insert(breach.end(), group->second.ids.begin(), group->second.ids.end());
        if (group->second.strictly_confidential) impact = Impact::kMedium;
      }
      int b = ctx.BoundaryOf(c);
      if (impact == Impact::kLow && b != AnalysisContext::kNone &&
          AnalysisContext::IsWithinCloud(ctx.boundary(b).type)) {
        impact = Impact::kMedium;
      }
      Likelihood likelihood =
          flow.usage == Usage::kDevOps ? Likelihood::kUnlikely : Likelihood::kLikely;
      Risk r = NewRisk(Info(), likelihood, impact);
      r.title = "Server-side request forgery at " + Q(comp.title) + " when requesting " +
                Q(target.title) + " over " + Q(flow.title);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id, target.id, flow.id});
      SetBreach(r, BreachProbability::kPossible, std::move(breach));
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& ServerSideRequestForgeryRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
