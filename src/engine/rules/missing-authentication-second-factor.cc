// missing-authentication-second-factor: humans reach highly sensitive components without a
// second factor.

#include "engine/rule_catalog.h"
#include "engine/rules/missing-authentication.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-authentication-second-factor"); }

bool IgnoredCaller(const AnalysisContext& ctx, int s) {
  return ctx.Has(s, Attr::kUnprotectedCommunicationsTolerated) ||
         ctx.component(s).type == ComponentType::kDatastore;
}

bool NeedsSecondFactor(const AnalysisContext& ctx, int f) {
  bool sensitive = ctx.HighestConfidentialityOfFlow(f) >= Confidentiality::kConfidential ||
                   ctx.HighestIntegrityOfFlow(f) >= Criticality::kCritical;
  return sensitive && ctx.flow(f).authentication != core::Authentication::kTwoFactor;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || ctx.Has(c, Attr::kTrafficForwarding) ||
        ctx.Has(c, Attr::kUnprotectedCommunicationsTolerated)) {
      continue;
    }
    if (!IsSensitive(ctx, c) && !comp.multi_tenant) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || IgnoredCaller(ctx, s)) continue;
      const core::Component& caller = ctx.component(s);
      if (caller.used_as_client_by_human) {
        if (NeedsSecondFactor(ctx, f)) {
          risks.push_back(MissingAuthenticationRisk(Info(), ctx, c, f, f, "", Impact::kMedium,
                                                    Likelihood::kUnlikely, true));
        }
      } else if (ctx.Has(s, Attr::kTrafficForwarding)) {
        for (int g : ctx.incoming(s)) {
          int s2 = ctx.source(g);
          if (s2 == AnalysisContext::kNone || IgnoredCaller(ctx, s2)) continue;
          if (ctx.component(s2).used_as_client_by_human && NeedsSecondFactor(ctx, g)) {
            risks.push_back(MissingAuthenticationRisk(
                Info(), ctx, c, f, g, caller.title, Impact::kMedium, Likelihood::kUnlikely, true));
          }
        }
      }
    }
  }
  return risks;
}

}  // namespace

const Rule& MissingAuthenticationSecondFactorRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
