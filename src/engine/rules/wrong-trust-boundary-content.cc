// wrong-trust-boundary-content: non-container components in namespace-isolation boundaries.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "wrong-trust-boundary-content",
      .title = "Wrong Trust Boundary Content",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Threat_Modeling_Cheat_Sheet.html",
      .description =
          "A network-policy namespace isolation boundary, which can only hold "
          "containers, contains something else.",
      .impact = "A wrong model hides risks.",
      .detection_logic =
          "Components directly inside network-policy-namespace-isolation "
          "boundaries that run neither as containers nor serverless.",
      .risk_assessment = "Low.",
      .false_positives = "Rare; usually the model is wrong.",
      .action = "Model consistency",
      .mitigation = "Use the right boundary type, or the right machine type for the component.",
      .check = "Is the model consistent as the linked cheat sheet and ASVS chapter recommend?",
      .model_failure_possible_reason = true,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    int b = ctx.BoundaryOf(c);
    if (b == AnalysisContext::kNone ||
        ctx.boundary(b).type != core::BoundaryType::kNetworkPolicyNamespaceIsolation) {
      continue;
    }
    const core::Component& comp = ctx.component(c);
    if (comp.machine == core::Machine::kContainer || comp.machine == core::Machine::kServerless) {
      continue;
    }
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
    r.title = "Component " + Q(comp.title) + " is not a container but sits in namespace " +
              "isolation boundary " + Q(ctx.boundary(b).title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& WrongTrustBoundaryContentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
