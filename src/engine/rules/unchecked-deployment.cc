// unchecked-deployment: development components without security scanning in the pipeline.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unchecked-deployment",
      .title = "Unchecked Deployment",
      .stride = Stride::kTampering,
      .cwe = 1127,
      .function = RiskFunction::kArchitecture,
      .asvs = "V14 - Configuration Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "Vulnerable_Dependency_Management_Cheat_Sheet.html",
      .description =
          "Development components may deploy software without the scans DevSecOps "
          "practice adds to a pipeline (static, dynamic and interactive testing, "
          "dependency and container layer scanning).",
      .impact = "Vulnerabilities in custom code or its dependencies reach production unnoticed.",
      .detection_logic = "All development-related components.",
      .risk_assessment =
          "Low impact, medium when a deployment target (reached by a DevOps flow "
          "sending data of at least important integrity) is rated at least "
          "confidential, critical or critical; unlikely.",
      .false_positives = "Pipelines that build no software.",
      .action = "Build pipeline hardening",
      .mitigation =
          "Scan source, byte code, dependencies and container layers in the pipeline, "
          "and optionally running test systems.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    if (!ctx.Has(c, Attr::kDevelopmentRelevant)) continue;
    const core::Component& comp = ctx.component(c);
    Impact impact = Impact::kLow;
    std::vector<std::string> breach = {comp.id};
    for (int f : ctx.outgoing(c)) {
      int t = ctx.target(f);
      if (ctx.flow(f).usage != Usage::kDevOps || t == AnalysisContext::kNone) continue;
      for (int d : ctx.sent(f)) {
        if (ctx.data_asset(d).integrity < Criticality::kImportant) continue;
        breach.push_back(ctx.id(t));
        if (IsSensitive(ctx, t)) impact = Impact::kMedium;
        break;
      }
    }
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
    r.title = "Unchecked deployment from " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kPossible, std::move(breach));
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& UncheckedDeploymentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
