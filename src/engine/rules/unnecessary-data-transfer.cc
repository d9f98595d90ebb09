// unnecessary-data-transfer: sensitive data sent to or received by a component that neither
// processes nor stores it.

#include <set>
#include <tuple>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unnecessary-data-transfer"); }

void Check(const AnalysisContext& ctx, int c, int partner, const std::vector<int>& data,
           std::set<std::tuple<int, int, int>>& seen, std::vector<Risk>& risks) {
  for (int d : data) {
    if (ctx.ProcessesOrStores(c, d)) continue;
    const core::DataAsset& asset = ctx.data_asset(d);
    if (asset.confidentiality < Confidentiality::kConfidential &&
        asset.integrity < Criticality::kCritical) {
      continue;
    }
    const core::Component& comp = ctx.component(c);
    const core::Component& other = ctx.component(partner);
    // One risk per data asset, component and partner (that is, per synthetic id).
    if (!seen.insert({d, c, partner}).second) continue;
    bool high = asset.confidentiality == Confidentiality::kStrictlyConfidential ||
                asset.integrity == Criticality::kMissionCritical;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, high ? Impact::kMedium : Impact::kLow);
    r.title = "Unnecessary transfer of " + Q(asset.title) + " at " + Q(comp.title) +
              " to or from " + Q(other.title);
    r.component = comp.id;
    r.data_asset = asset.id;
    r.synthetic_id = SyntheticId(Info(), {asset.id, comp.id, other.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  std::set<std::tuple<int, int, int>> seen;
  for (int c : ctx.components_by_id()) {
    if (ctx.component(c).out_of_scope) continue;
    for (int f : ctx.outgoing(c)) {
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone || ctx.Has(t, Attr::kUnnecessaryDataTolerated)) continue;
      Check(ctx, c, t, ctx.sent(f), seen, risks);
      Check(ctx, c, t, ctx.received(f), seen, risks);
    }
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.Has(s, Attr::kUnnecessaryDataTolerated)) continue;
      Check(ctx, c, s, ctx.sent(f), seen, risks);
      Check(ctx, c, s, ctx.received(f), seen, risks);
    }
  }
  return risks;
}

}  // namespace

const Rule& UnnecessaryDataTransferRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
