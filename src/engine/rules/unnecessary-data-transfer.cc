// unnecessary-data-transfer: sensitive data sent to or received by a component that neither
// processes nor stores it.

#include <set>
#include <tuple>

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unnecessary-data-transfer",
      .title = "Unnecessary Data Transfer",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "A component sends or receives sensitive data that it neither processes nor "
          "stores: either the transfer is not needed or the model is incomplete.",
      .impact = "Data that travels where it is not needed can be stolen there too.",
      .detection_logic =
          "In-scope components with incoming or outgoing flows (whose other end does not "
          "tolerate unneeded data, as monitoring does) carrying data rated at least confidential "
          "or critical that the component neither processes nor stores.",
      .risk_assessment =
          "Low impact, medium for strictly-confidential or mission-critical data; "
          "unlikely.",
      .false_positives =
          "Components whose processed or stored data is missing from the model; "
          "complete the model instead.",
      .action = "Reduce the attack surface",
      .mitigation = "Stop sending or receiving data the component does not need.",
      .check =
          "Is the attack surface reduced as the linked cheat sheet and ASVS chapter "
          "recommend?",
      .model_failure_possible_reason = true,
  };
  return info;
}

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
