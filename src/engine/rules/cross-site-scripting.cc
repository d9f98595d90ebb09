// cross-site-scripting: every in-scope web application.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "cross-site-scripting",
      .title = "Cross-Site Scripting (XSS)",
      .stride = Stride::kTampering,
      .cwe = 79,
      .function = RiskFunction::kDevelopment,
      .asvs = "V5 - Validation, Sanitization and Encoding Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
      .description =
          "Web applications can be made to deliver attacker-controlled script to "
          "their users; other applications on the same domain add to the exposure.",
      .impact =
          "Attackers may act within a victim's session and read or change the victim's "
          "data.",
      .detection_logic = "In-scope components of a web application technology.",
      .risk_assessment =
          "Medium impact, high when the application handles strictly-confidential "
          "or mission-critical data; likely.",
      .false_positives = "Applications never used through a browser-like client.",
      .action = "Cross-site scripting prevention",
      .mitigation =
          "Encode all output for its context and manipulate the DOM safely; for "
          "third-party products check that they do and keep them patched.",
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
    bool high = ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
                ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
    Risk r = NewRisk(Info(), Likelihood::kLikely, high ? Impact::kHigh : Impact::kMedium);
    r.title = "Cross-site scripting at " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kPossible, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& CrossSiteScriptingRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
