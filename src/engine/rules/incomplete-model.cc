// incomplete-model: unknown technologies and protocols.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "incomplete-model",
      .title = "Incomplete Model",
      .stride = Stride::kInformationDisclosure,
      .cwe = 1008,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Threat_Modeling_Cheat_Sheet.html",
      .description =
          "The model names an unknown technology or protocol, a sign that it is not "
          "complete.",
      .impact = "Risks that depend on the missing facts go unnoticed.",
      .detection_logic =
          "In-scope components with an unknown technology, and their flows with "
          "an unknown protocol.",
      .risk_assessment = "Low.",
      .false_positives = "Rare; usually the model is incomplete.",
      .action = "Complete the model",
      .mitigation = "Find out which technology or protocol is used and model it.",
      .check = "Is the model complete as the linked cheat sheet and ASVS chapter recommend?",
      .model_failure_possible_reason = true,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope) continue;
    if (ctx.Is(c, "unknown-technology")) {
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
      r.title = "Unknown technology at " + Q(comp.title);
      r.component = comp.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (flow.protocol != Protocol::kUnknown) continue;
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
      r.title = "Unknown protocol on flow " + Q(flow.title) + " of " + Q(comp.title);
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

const Rule& IncompleteModelRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
