// missing-authentication-second-factor: humans reach highly sensitive components without a
// second factor.

#include "engine/rules/missing-authentication.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-authentication-second-factor",
      .title = "Missing Two-Factor Authentication (2FA)",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 308,
      .function = RiskFunction::kBusinessSide,
      .asvs = "V2 - Authentication Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "Multifactor_Authentication_Cheat_Sheet.html",
      .description =
          "People reach a component that handles highly sensitive data with a single "
          "authentication factor.",
      .impact =
          "A phished or guessed password is enough to read or change highly sensitive "
          "data.",
      .detection_logic =
          "In-scope components that neither forward traffic nor are monitoring-like, whose "
          "highest rating is at least confidential, critical or critical, or that are "
          "multi-tenant, with incoming flows without two-factor authentication carrying data "
          "rated at least confidential or critical, from clients used by humans, directly or "
          "through one forwarding component.",
      .risk_assessment = "Medium impact; unlikely.",
      .false_positives = "Components whose functions and data are not tied to end users.",
      .action = "Second authentication factor",
      .mitigation = "Require a second factor for human users of the component.",
      .check =
          "Is multi-factor authentication in place as the linked cheat sheet and ASVS "
          "chapter recommend?",
      .model_failure_possible_reason = false,
  };
  return info;
}

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
