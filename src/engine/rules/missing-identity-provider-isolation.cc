// missing-identity-provider-isolation: identity components sharing a network segment with other
// components.

#include <unordered_map>

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-identity-provider-isolation",
      .title = "Missing Identity Provider Isolation",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kOperations,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "Identity providers and identity stores share a network segment with "
          "components that have nothing to do with identity (execution-environment "
          "boundaries do not isolate at network level).",
      .impact =
          "Attackers who compromise a neighbour can move on to the identity components "
          "without crossing a network boundary.",
      .detection_logic =
          "In-scope identity-related components with other components (neither "
          "identity-related nor tolerated near high-value targets) in the same "
          "network boundary, worse in the same execution environment.",
      .risk_assessment =
          "High impact, very high when the identity component is strictly "
          "confidential or mission critical; unlikely, likely when sharing an "
          "execution environment.",
      .false_positives = "Segments where every component is hardened like an identity provider.",
      .action = "Network segmentation",
      .mitigation = "Put identity providers and their stores into their own network segment.",
      .check =
          "Is the segmentation in place as the linked cheat sheet and ASVS chapter "
          "recommend?",
      .model_failure_possible_reason = false,
  };
  return info;
}

// Threagile compares each identity component with every other component; counting the
// components that make a segment risky per network boundary and per execution environment gives
// the same answer in O(components).
std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::unordered_map<int, int> per_network, per_environment;
  for (int o = 0; o < ctx.component_count(); ++o) {
    if (ctx.Has(o, Attr::kIdentityRelated) || ctx.Has(o, Attr::kCloseToHighValueTargetsTolerated)) {
      continue;
    }
    ++per_network[ctx.NetworkBoundaryOf(o)];
    int b = ctx.BoundaryOf(o);
    if (b != AnalysisContext::kNone &&
        ctx.boundary(b).type == core::BoundaryType::kExecutionEnvironment) {
      ++per_environment[b];
    }
  }
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Has(c, Attr::kIdentityRelated)) continue;
    // An identity component never counts as its own neighbour.
    bool found = per_network[ctx.NetworkBoundaryOf(c)] > 0;
    int b = ctx.BoundaryOf(c);
    bool same_environment = b != AnalysisContext::kNone &&
                            ctx.boundary(b).type == core::BoundaryType::kExecutionEnvironment &&
                            per_environment[b] > 0;
    if (!found) continue;
    Risk r = NewRisk(Info(), same_environment ? Likelihood::kLikely : Likelihood::kUnlikely,
                     IsVerySensitiveOwn(comp) ? Impact::kVeryHigh : Impact::kHigh);
    r.title = "Missing isolation of identity component " + Q(comp.title) +
              (same_environment ? " from other components in its execution environment"
                                : " from other components in its network segment");
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MissingIdentityProviderIsolationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
