// missing-identity-store: end-user identities are propagated but the model has no identity
// store.

#include <algorithm>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-identity-store"); }

// Threagile starts from an empty component whose own ratings are public / archive / archive.
double Score(const AnalysisContext& ctx, int c) {
  return c == AnalysisContext::kNone ? 8 + 5 + 5 : ctx.SensitivityScore(c);
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  for (int c = 0; c < ctx.component_count(); ++c) {
    if (!ctx.component(c).out_of_scope &&
        ctx.IsAny(c, {"identity-store-ldap", "identity-store-database"})) {
      return {};
    }
  }
  bool found = false;
  int most_relevant = AnalysisContext::kNone;
  Impact impact = Impact::kLow;
  for (int c : ctx.components_by_id()) {
    // Threagile walks each component's flows by title, descending.
    std::vector<int> flows = ctx.outgoing(c);
    std::stable_sort(flows.begin(), flows.end(),
                     [&](int a, int b) { return ctx.flow(a).title > ctx.flow(b).title; });
    for (int f : flows) {
      if (ctx.flow(f).authorization != core::Authorization::kEndUserIdentityPropagation) continue;
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone) continue;
      found = true;
      if (impact == Impact::kLow) {
        most_relevant = t;
        if (IsSensitive(ctx, t)) impact = Impact::kMedium;
      }
      if (IsSensitiveOwn(ctx.component(t))) impact = Impact::kMedium;
      if (ctx.SensitivityScore(c) > Score(ctx, most_relevant)) most_relevant = c;
    }
  }
  if (!found) return {};
  std::string id = most_relevant == AnalysisContext::kNone ? "" : ctx.id(most_relevant);
  std::string title =
      most_relevant == AnalysisContext::kNone ? "" : ctx.component(most_relevant).title;
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Missing identity store in the model (for example for " + Q(title) + ")";
  r.component = id;
  r.synthetic_id = SyntheticId(Info(), {id});
  SetBreach(r, BreachProbability::kImprobable, {});
  return {r};
}

}  // namespace

const Rule& MissingIdentityStoreRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
