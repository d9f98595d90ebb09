// unnecessary-data-asset: data assets nothing processes, stores or transfers.

#include <algorithm>

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unnecessary-data-asset",
      .title = "Unnecessary Data Asset",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "A data asset is neither processed nor stored by any component nor "
          "transferred by any flow: it is either not needed or not fully modelled.",
      .impact = "Data kept without need can still be stolen through other weaknesses.",
      .detection_logic = "Data assets not referenced by any component or flow.",
      .risk_assessment = "Low.",
      .false_positives = "Rare; usually the model is incomplete.",
      .action = "Reduce the attack surface",
      .mitigation = "Do not keep data that nothing needs, or model where it is used.",
      .check =
          "Is the attack surface reduced as the linked cheat sheet and ASVS chapter "
          "recommend?",
      .model_failure_possible_reason = true,
  };
  return info;
}

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
