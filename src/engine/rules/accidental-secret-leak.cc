// accidental-secret-leak: source repositories and artifact registries.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("accidental-secret-leak"); }

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
