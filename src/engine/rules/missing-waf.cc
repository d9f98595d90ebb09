// missing-waf: web applications and services reached across a network boundary without a WAF.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-waf",
      .title = "Missing Web Application Firewall (WAF)",
      .stride = Stride::kTampering,
      .cwe = 1008,
      .function = RiskFunction::kOperations,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Virtual_Patching_Cheat_Sheet.html",
      .description =
          "Web applications and services reached across a network boundary have no "
          "web application firewall in front of them as a first filtering layer.",
      .impact =
          "Attackers can run standard attack patterns at full speed, unfiltered and "
          "unnoticed.",
      .detection_logic =
          "In-scope web applications and web services with an incoming "
          "web-protocol flow across a network trust boundary that does not come "
          "from a WAF.",
      .risk_assessment =
          "Low impact, medium for strictly-confidential or mission-critical "
          "components; unlikely.",
      .false_positives =
          "Components reached only through WAFs or reverse proxies with a WAF "
          "module.",
      .action = "Web application firewall",
      .mitigation =
          "Put a WAF in front of web applications and services (cloud providers offer "
          "them; reverse proxies can be extended with one).",
      .check = "Is a WAF in place?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope ||
        !(ctx.Has(c, Attr::kWebApplication) || ctx.Has(c, Attr::kWebService))) {
      continue;
    }
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || !ctx.IsAcrossTrustBoundaryNetworkOnly(f) ||
          !IsWebAccessProtocol(ctx.flow(f).protocol) || ctx.Is(s, "waf")) {
        continue;
      }
      Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                       IsVerySensitive(ctx, c) ? Impact::kMedium : Impact::kLow);
      r.title = "Missing web application firewall in front of " + Q(comp.title);
      r.component = comp.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
      break;
    }
  }
  return risks;
}

}  // namespace

const Rule& MissingWafRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
