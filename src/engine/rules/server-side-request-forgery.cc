// server-side-request-forgery: servers making web requests to other components.

#include <unordered_map>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("server-side-request-forgery"); }

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
