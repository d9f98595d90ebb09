// missing-build-infrastructure: custom code without a modelled way to build it.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-build-infrastructure",
      .title = "Missing Build Infrastructure",
      .stride = Stride::kTampering,
      .cwe = 1127,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "The model has custom-developed parts but not the infrastructure that "
          "builds them (developer clients, source repository, build pipeline), so it "
          "probably misses components.",
      .impact = "Risks of the build infrastructure stay invisible.",
      .detection_logic =
          "Models with in-scope custom-developed components that lack a build "
          "pipeline, a source-code repository or a DevOps client.",
      .risk_assessment =
          "Low impact, medium when a custom-developed component is rated at "
          "least confidential, critical or critical; unlikely.",
      .false_positives = "Models without custom-developed parts.",
      .action = "Build pipeline hardening",
      .mitigation = "Add the build infrastructure to the model.",
      .check =
          "Is the build infrastructure modelled and checked against the linked cheat "
          "sheet and ASVS chapter?",
      .model_failure_possible_reason = true,
  };
  return info;
}

double Score(const AnalysisContext& ctx, int c) {
  return c == AnalysisContext::kNone ? 8 + 5 + 5 : ctx.SensitivityScore(c);
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  bool custom = false, pipeline = false, repository = false, devops_client = false;
  Impact impact = Impact::kLow;
  int most_relevant = AnalysisContext::kNone;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.custom_developed_parts && !comp.out_of_scope) {
      custom = true;
      if (impact == Impact::kLow) {
        most_relevant = c;
        if (IsSensitive(ctx, c)) impact = Impact::kMedium;
      }
      if (IsSensitiveOwn(comp)) impact = Impact::kMedium;
      if (ctx.SensitivityScore(c) > Score(ctx, most_relevant)) most_relevant = c;
    }
    if (ctx.Is(c, "build-pipeline")) pipeline = true;
    if (ctx.Is(c, "sourcecode-repository")) repository = true;
    if (ctx.Is(c, "devops-client")) devops_client = true;
  }
  if (!custom || (pipeline && repository && devops_client)) return {};
  std::string id = most_relevant == AnalysisContext::kNone ? "" : ctx.id(most_relevant);
  std::string title =
      most_relevant == AnalysisContext::kNone ? "" : ctx.component(most_relevant).title;
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Missing build infrastructure in the model (for example for " + Q(title) + ")";
  r.component = id;
  r.synthetic_id = SyntheticId(Info(), {id});
  SetBreach(r, BreachProbability::kImprobable, {});
  return {r};
}

}  // namespace

const Rule& MissingBuildInfrastructureRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
