// cross-site-request-forgery: web applications called over web protocols.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "cross-site-request-forgery",
      .title = "Cross-Site Request Forgery (CSRF)",
      .stride = Stride::kSpoofing,
      .cwe = 352,
      .function = RiskFunction::kDevelopment,
      .asvs = "V4 - Access Control Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      .description =
          "A web application reached over web protocols may accept requests that a "
          "foreign site makes a logged-in user's browser send.",
      .impact =
          "Attackers may make logged-in users perform actions they did not intend, by "
          "luring them to a prepared page.",
      .detection_logic = "Flows over web protocols into in-scope web applications.",
      .risk_assessment =
          "Low impact, medium when the flow carries mission-critical data; very "
          "likely, likely for DevOps flows.",
      .false_positives =
          "Applications that carry authentication in custom headers rather than "
          "cookies, or that are never used through a browser.",
      .action = "Cross-site request forgery prevention",
      .mitigation =
          "Use anti-CSRF tokens or the double-submit pattern and mark session cookies "
          "same-site; for third-party products check that they do and keep them "
          "patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Has(c, Attr::kWebApplication)) continue;
    for (int f : ctx.incoming(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (!IsWebAccessProtocol(flow.protocol)) continue;
      int s = ctx.source(f);
      std::string caller = s == AnalysisContext::kNone ? std::string() : ctx.component(s).title;
      Likelihood likelihood =
          flow.usage == Usage::kDevOps ? Likelihood::kLikely : Likelihood::kVeryLikely;
      Impact impact = ctx.HighestIntegrityOfFlow(f) == Criticality::kMissionCritical
                          ? Impact::kMedium
                          : Impact::kLow;
      Risk r = NewRisk(Info(), likelihood, impact);
      r.title = "Cross-site request forgery at " + Q(comp.title) + " over " + Q(flow.title) +
                " from " + Q(caller);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id, flow.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& CrossSiteRequestForgeryRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
