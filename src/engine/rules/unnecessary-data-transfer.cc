// unnecessary-data-transfer: sensitive data sent to or received by a component that neither
// processes nor stores it.

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unnecessary-data-transfer"); }

// One risk per data asset, component and partner (that is, per synthetic id).
void Emit(const AnalysisContext& ctx, int c, int d, int partner, std::vector<Risk>& risks) {
  if (ctx.ProcessesOrStores(c, d)) return;
  const core::DataAsset& asset = ctx.data_asset(d);
  if (asset.confidentiality < Confidentiality::kConfidential &&
      asset.integrity < Criticality::kCritical) {
    return;
  }
  const core::Component& comp = ctx.component(c);
  const core::Component& other = ctx.component(partner);
  bool high = asset.confidentiality == Confidentiality::kStrictlyConfidential ||
              asset.integrity == Criticality::kMissionCritical;
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, high ? Impact::kMedium : Impact::kLow);
  r.title = "Unnecessary transfer of " + Q(asset.title) + " at " + Q(comp.title) + " to or from " +
            Q(other.title);
  r.component = comp.id;
  r.data_asset = asset.id;
  r.synthetic_id = SyntheticId(Info(), {asset.id, comp.id, other.id});
  SetBreach(r, BreachProbability::kImprobable, {comp.id});
  risks.push_back(std::move(r));
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  // Per component: every (data asset, partner) pair its flows carry, each reported once. The
  // pairs of one component are few, so sorting them keeps the rule linear in the model.
  std::vector<std::pair<int, int>> pairs;
  auto add = [&pairs](int partner, const std::vector<int>& data) {
    for (int d : data) pairs.emplace_back(d, partner);
  };
  for (int c : ctx.components_by_id()) {
    if (ctx.component(c).out_of_scope) continue;
    pairs.clear();
    for (int f : ctx.outgoing(c)) {
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone || ctx.Has(t, Attr::kUnnecessaryDataTolerated)) continue;
      add(t, ctx.sent(f));
      add(t, ctx.received(f));
    }
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.Has(s, Attr::kUnnecessaryDataTolerated)) continue;
      add(s, ctx.sent(f));
      add(s, ctx.received(f));
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (const auto& [d, partner] : pairs) Emit(ctx, c, d, partner, risks);
  }
  return risks;
}

}  // namespace

const Rule& UnnecessaryDataTransferRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
