// missing-identity-store: end-user identities are propagated but the model has no identity
// store.

#include <algorithm>

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-identity-store",
      .title = "Missing Identity Store",
      .stride = Stride::kSpoofing,
      .cwe = 287,
      .function = RiskFunction::kArchitecture,
      .asvs = "V2 - Authentication Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html",
      .description =
          "Flows are authorized by end-user identity, yet the model contains no "
          "identity store, so part of the system is probably missing from it.",
      .impact = "Risks of the identity provider or store that is not modelled stay invisible.",
      .detection_logic =
          "Models with flows authorized by end-user identity propagation and "
          "without an in-scope identity store (LDAP or database).",
      .risk_assessment =
          "Low impact, medium when a component receiving end-user identities is "
          "rated at least confidential, critical or critical; unlikely.",
      .false_positives = "Systems that offer data or services without real authentication.",
      .action = "Identity store",
      .mitigation = "Add the identity store to the model when the application has a login.",
      .check =
          "Is the identity store modelled and checked against the linked cheat sheet and "
          "ASVS chapter?",
      .model_failure_possible_reason = true,
  };
  return info;
}

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
