// unnecessary-data-asset: data assets nothing processes, stores or transfers.

#include <algorithm>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unnecessary-data-asset"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<bool> used(ctx.data_asset_count(), false);
  for (int c = 0; c < ctx.component_count(); ++c) {
    for (int d : ctx.processed(c)) used[d] = true;
    for (int d : ctx.stored(c)) used[d] = true;
  }
  for (int f = 0; f < ctx.flow_count(); ++f) {
    for (int d : ctx.sent(f)) used[d] = true;
    for (int d : ctx.received(f)) used[d] = true;
  }
  std::vector<int> unused;
  for (int d = 0; d < ctx.data_asset_count(); ++d) {
    if (!used[d]) unused.push_back(d);
  }
  std::sort(unused.begin(), unused.end(),
            [&](int a, int b) { return ctx.data_asset(a).id < ctx.data_asset(b).id; });
  std::vector<Risk> risks;
  for (int d : unused) {
    const core::DataAsset& asset = ctx.data_asset(d);
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
    r.title = "Data asset " + Q(asset.title) + " is not used anywhere";
    r.data_asset = asset.id;
    r.synthetic_id = SyntheticId(Info(), {asset.id});
    // Threagile lists the data asset's own id as the breached "technical asset".
    SetBreach(r, BreachProbability::kImprobable, {asset.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& UnnecessaryDataAssetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
