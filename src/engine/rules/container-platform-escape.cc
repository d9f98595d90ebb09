// container-platform-escape: in-scope container platforms.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "container-platform-escape",
      .title = "Container Platform Escape",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 1008,
      .function = RiskFunction::kOperations,
      .asvs = "V14 - Configuration Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html",
      .description =
          "A container platform hosts much of the runtime; attackers who break out of "
          "one container can gain the platform's privileges and with them every other "
          "container.",
      .impact =
          "Attackers may persist deeply, running code in many containers and in the "
          "platform itself.",
      .detection_logic = "In-scope container platforms.",
      .risk_assessment =
          "Medium impact, high for strictly-confidential or mission-critical "
          "platforms; unlikely.",
      .false_positives = "Container platforms that run no part of the modelled system.",
      .action = "Container infrastructure hardening",
      .mitigation =
          "Harden the platform (CIS benchmarks for Docker and Kubernetes, Docker "
          "Bench, InSpec profiles); use trusted minimal images; separate workloads "
          "with namespaces and node affinity the way their data is separated.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
      .tags = {"docker", "kubernetes", "openshift"},
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<std::string> containers;
  for (int c = 0; c < ctx.component_count(); ++c) {
    if (ctx.component(c).machine == core::Machine::kContainer) containers.push_back(ctx.id(c));
  }
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Is(c, "container-platform")) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                     IsVerySensitive(ctx, c) ? Impact::kHigh : Impact::kMedium);
    r.title = "Container platform escape at " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kProbable, containers);
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& ContainerPlatformEscapeRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
