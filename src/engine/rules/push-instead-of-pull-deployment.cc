// push-instead-of-pull-deployment: build pipelines writing into deployment targets.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "push-instead-of-pull-deployment",
      .title = "Push instead of Pull Deployment",
      .stride = Stride::kTampering,
      .cwe = 1127,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "The build pipeline pushes deployments into its targets, so every target "
          "must expose an interface that accepts deployments; with pull-based "
          "deployment the targets fetch what they run and expose less.",
      .impact = "Every deployment interface is one more way into the production components.",
      .detection_logic =
          "Non-read-only DevOps flows from build pipelines into in-scope business "
          "components that are not themselves development-related.",
      .risk_assessment =
          "Low impact, medium once a deployment target rated at least "
          "confidential, critical or critical has been seen; unlikely.",
      .false_positives = "Flows from the pipeline that do not deploy anything.",
      .action = "Pull-based deployment",
      .mitigation = "Prefer pull-based deployment (GitOps style) over pushing into targets.",
      .check =
          "Is the attack surface reduced as the linked cheat sheet and ASVS chapter "
          "recommend?",
      .model_failure_possible_reason = true,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  // As in Threagile, the impact is not reset between targets: once a sensitive target has been
  // seen, the risks found after it are rated medium as well. Components are visited by id and
  // their flows in model order, so the result is deterministic.
  Impact impact = Impact::kLow;
  for (int c : ctx.components_by_id()) {
    if (!ctx.Is(c, "build-pipeline")) continue;
    const core::Component& pipeline = ctx.component(c);
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone) continue;
      const core::Component& target = ctx.component(t);
      if (flow.readonly || flow.usage != Usage::kDevOps || target.out_of_scope ||
          ctx.Has(t, Attr::kDevelopmentRelevant) || target.usage != Usage::kBusiness) {
        continue;
      }
      if (IsSensitive(ctx, t)) impact = Impact::kMedium;
      Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
      r.title = "Push-based deployment into " + Q(target.title) + " by build pipeline " +
                Q(pipeline.title);
      r.component = target.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {pipeline.id});
      SetBreach(r, BreachProbability::kImprobable, {target.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& PushInsteadOfPullDeploymentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
