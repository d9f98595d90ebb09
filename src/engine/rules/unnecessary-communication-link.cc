// unnecessary-communication-link: flows that carry no data.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unnecessary-communication-link",
      .title = "Unnecessary Communication Link",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "A flow neither sends nor receives any data asset: it is either not needed "
          "or not fully modelled.",
      .impact = "Every unneeded connection is one more path attackers can use.",
      .detection_logic =
          "Flows without data sent or received where at least one end is in "
          "scope.",
      .risk_assessment = "Low.",
      .false_positives = "Rare; usually the model is incomplete.",
      .action = "Reduce the attack surface",
      .mitigation = "Remove flows that transfer nothing, or model the data they carry.",
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
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (!flow.data_sent.empty() || !flow.data_received.empty()) continue;
      int t = ctx.target(f);
      if (comp.out_of_scope && (t == AnalysisContext::kNone || ctx.component(t).out_of_scope)) {
        continue;
      }
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
      r.title = "Flow " + Q(flow.title) + " of " + Q(comp.title) + " transfers no data";
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {flow.id, comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnnecessaryCommunicationLinkRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
