// missing-vault: models without a vault for secrets.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-vault",
      .title = "Missing Vault (Secret Storage)",
      .stride = Stride::kInformationDisclosure,
      .cwe = 522,
      .function = RiskFunction::kArchitecture,
      .asvs = "V6 - Stored Cryptography Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html",
      .description =
          "The model has no vault: configuration secrets (credentials, private keys, "
          "client certificates) presumably sit in configuration files instead of a "
          "hardened, authenticated and audited secret store.",
      .impact =
          "Any weakness that lets attackers read files (path traversal and the like) also "
          "gives them the secrets.",
      .detection_logic = "Models without a vault component.",
      .risk_assessment =
          "Low impact, medium when any component is rated at least confidential, "
          "critical or critical; unlikely.",
      .false_positives = "Systems without sensitive configuration secrets.",
      .action = "Vault (secret storage)",
      .mitigation =
          "Keep configuration secrets in a vault and let components fetch them at "
          "run time.",
      .check = "Is a vault in place?",
      .model_failure_possible_reason = true,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  bool vault = false;
  Impact impact = Impact::kLow;
  int most_relevant = AnalysisContext::kNone;
  double best = 8 + 5 + 5;  // Threagile starts from an empty component (public, archive, archive)
  for (int c : ctx.components_by_id()) {
    if (ctx.Is(c, "vault")) vault = true;
    if (IsSensitive(ctx, c) || IsSensitiveOwn(ctx.component(c))) impact = Impact::kMedium;
    if (ctx.SensitivityScore(c) > best) {
      best = ctx.SensitivityScore(c);
      most_relevant = c;
    }
  }
  if (vault) return {};
  std::string id = most_relevant == AnalysisContext::kNone ? "" : ctx.id(most_relevant);
  std::string title =
      most_relevant == AnalysisContext::kNone ? "" : ctx.component(most_relevant).title;
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Missing vault for secrets in the model (for example for " + Q(title) + ")";
  r.component = id;
  r.synthetic_id = SyntheticId(Info(), {id});
  SetBreach(r, BreachProbability::kImprobable, {});
  return {r};
}

}  // namespace

const Rule& MissingVaultRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
