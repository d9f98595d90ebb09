// container-baseimage-backdooring: in-scope components running as containers.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "container-baseimage-backdooring",
      .title = "Container Base Image Backdooring",
      .stride = Stride::kTampering,
      .cwe = 912,
      .function = RiskFunction::kOperations,
      .asvs = "V10 - Malicious Code Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html",
      .description =
          "A container is built on base images and layers that may contain "
          "vulnerable components or backdoors (tainted images have been published on "
          "public registries).",
      .impact =
          "Attackers may persist in the system by running code in the deployed "
          "containers.",
      .detection_logic = "In-scope components running as containers.",
      .risk_assessment =
          "Medium impact, high for strictly-confidential or mission-critical "
          "components; unlikely.",
      .false_positives = "Base images that are reviewed and signed.",
      .action = "Container infrastructure hardening",
      .mitigation =
          "Use trusted, minimal base images from the original vendors, verify their "
          "signatures, follow image-building best practices and scan image layers "
          "for known vulnerabilities regularly.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || comp.machine != core::Machine::kContainer) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                     IsVerySensitive(ctx, c) ? Impact::kHigh : Impact::kMedium);
    r.title = "Container base image backdooring at " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kProbable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& ContainerBaseimageBackdooringRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
