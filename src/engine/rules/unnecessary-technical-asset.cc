// unnecessary-technical-asset: components that hold no data or talk to nobody.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unnecessary-technical-asset",
      .title = "Unnecessary Technical Asset",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "A component processes and stores no data, or has no flows at all: it is "
          "either not needed or not fully modelled.",
      .impact = "Every unneeded component is one more thing attackers can target.",
      .detection_logic =
          "Components without processed or stored data, or without any incoming "
          "or outgoing flow.",
      .risk_assessment = "Low.",
      .false_positives = "Rare; usually the model is incomplete.",
      .action = "Reduce the attack surface",
      .mitigation =
          "Remove components that do nothing, or model what they process and whom "
          "they talk to.",
      .check =
          "Is the attack surface reduced as the linked cheat sheet and ASVS chapter "
          "recommend?",
      .model_failure_possible_reason = true,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    bool no_data = comp.data_processed.empty() && comp.data_stored.empty();
    bool no_flows = ctx.outgoing(c).empty() && ctx.incoming(c).empty();
    if (!no_data && !no_flows) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
    r.title = "Component " + Q(comp.title) + (no_data ? " holds no data" : " has no flows");
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& UnnecessaryTechnicalAssetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
