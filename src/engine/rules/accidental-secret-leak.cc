// accidental-secret-leak: source repositories and artifact registries.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "accidental-secret-leak",
      .title = "Accidental Secret Leak",
      .stride = Stride::kInformationDisclosure,
      .cwe = 200,
      .function = RiskFunction::kOperations,
      .asvs = "V14 - Configuration Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "Source repositories (with their history) and artifact registries tend to "
          "collect secrets by accident: passwords, API tokens, certificates, keys.",
      .impact =
          "Anyone with read access to the repository or registry may find and use the "
          "secrets.",
      .detection_logic = "In-scope source-code repositories and artifact registries.",
      .risk_assessment =
          "Low impact; medium when the component's highest rating is at least "
          "confidential, critical or critical, high when strictly confidential "
          "or mission critical. Unlikely.",
      .false_positives = "Rare.",
      .action = "Build pipeline hardening",
      .mitigation =
          "Keep secrets out with ignore files and pre-commit checks (for example "
          "git-secrets or Talisman) and scan repositories and images regularly (for "
          "example with gitleaks).",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
      .tags = {"git", "nexus"},
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.IsAny(c, {"sourcecode-repository", "artifact-registry"})) {
      continue;
    }
    Impact impact = Impact::kLow;
    if (IsSensitive(ctx, c)) impact = Impact::kMedium;
    if (IsVerySensitive(ctx, c)) impact = Impact::kHigh;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
    r.title = "Accidental secret leak at " + Q(comp.title);
    if (AnalysisContext::IsTaggedWithAny(comp.tags, {"git"})) {
      r.title += " (Git: prevent secrets from being committed)";
    }
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kProbable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& AccidentalSecretLeakRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
