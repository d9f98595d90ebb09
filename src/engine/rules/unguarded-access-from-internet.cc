// unguarded-access-from-internet: sensitive components called directly by internet components.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unguarded-access-from-internet",
      .title = "Unguarded Access From Internet",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 501,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "A sensitive component is reachable straight from the internet, without a "
          "guarding service, application or reverse proxy in front of it.",
      .impact =
          "Attackers on the internet can probe and attack the component directly, with no "
          "hardened layer absorbing or filtering their requests.",
      .detection_logic =
          "In-scope components other than load balancers, rated at least confidential or "
          "critical (own rating), with incoming non-VPN flows from internet components that are "
          "not monitoring. Web servers, web applications, reverse proxies, WAFs and gateways "
          "without custom-developed parts are exempt for HTTP(S); gateways also for FTP, FTPS "
          "and SFTP.",
      .risk_assessment =
          "Low impact, medium when the component is strictly confidential or "
          "mission critical or its RAA exceeds 40 %; very likely.",
      .false_positives =
          "Callers filtered by other means equivalent to a reverse proxy, WAF or "
          "gateway.",
      .action = "Guard internet exposure",
      .mitigation =
          "Put a guarding service, application or reverse proxy in front; use a bastion "
          "host for administration and a store-and-forward host for file exchange.",
      .check = "Is the exposure reduced as the linked cheat sheet and ASVS chapter recommend?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || ctx.Is(c, "load-balancer")) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      const core::Flow& flow = ctx.flow(f);
      if (!comp.custom_developed_parts) {
        bool http = flow.protocol == Protocol::kHttp || flow.protocol == Protocol::kHttps;
        bool file = flow.protocol == Protocol::kFtp || flow.protocol == Protocol::kFtps ||
                    flow.protocol == Protocol::kSftp;
        if (http &&
            ctx.IsAny(c, {"web-server", "web-application", "reverse-proxy", "waf", "gateway"})) {
          continue;
        }
        if (file && ctx.Is(c, "gateway")) continue;
      }
      if (ctx.Is(s, "monitoring") || flow.vpn) continue;
      if (comp.confidentiality < Confidentiality::kConfidential &&
          comp.integrity < Criticality::kCritical) {
        continue;
      }
      const core::Component& caller = ctx.component(s);
      if (!caller.internet) continue;
      bool high = comp.confidentiality == Confidentiality::kStrictlyConfidential ||
                  comp.integrity == Criticality::kMissionCritical;
      Impact impact = high || ctx.raa(c) > 40 ? Impact::kMedium : Impact::kLow;
      Risk r = NewRisk(Info(), Likelihood::kVeryLikely, impact);
      r.title = "Unguarded internet access to " + Q(comp.title) + " by " + Q(caller.title) +
                " over " + Q(flow.title);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id, caller.id, flow.id});
      SetBreach(r, BreachProbability::kPossible, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnguardedAccessFromInternetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
