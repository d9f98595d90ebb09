// missing-vault: models without a vault for secrets.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-vault"); }

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
