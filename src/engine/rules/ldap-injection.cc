// ldap-injection: LDAP servers queried by in-scope callers.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "ldap-injection",
      .title = "LDAP-Injection",
      .stride = Stride::kTampering,
      .cwe = 90,
      .function = RiskFunction::kDevelopment,
      .asvs = "V5 - Validation, Sanitization and Encoding Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "LDAP_Injection_Prevention_Cheat_Sheet.html",
      .description =
          "A caller queries an LDAP server; if it builds filters from input, the "
          "input can change the query.",
      .impact = "Attackers may widen LDAP queries and read more directory data than allowed.",
      .detection_logic = "Flows from in-scope callers over LDAP or LDAPS.",
      .risk_assessment =
          "Medium impact, high when the server holds strictly-confidential or "
          "mission-critical data; likely, unlikely for DevOps flows.",
      .false_positives = "Queries that contain nothing the caller's users control.",
      .action = "Injection prevention",
      .mitigation =
          "Encode LDAP special characters in every filter and search value; for "
          "third-party products check that they do and keep them patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.component(s).out_of_scope) continue;
      const core::Flow& flow = ctx.flow(f);
      if (flow.protocol != Protocol::kLdap && flow.protocol != Protocol::kLdaps) continue;
      const core::Component& server = ctx.component(c);
      const core::Component& caller = ctx.component(s);
      bool high = ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
                  ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
      Likelihood likelihood =
          flow.usage == Usage::kDevOps ? Likelihood::kUnlikely : Likelihood::kLikely;
      Risk r = NewRisk(Info(), likelihood, high ? Impact::kHigh : Impact::kMedium);
      r.title = "LDAP injection from " + Q(caller.title) + " into LDAP server " + Q(server.title) +
                " over " + Q(flow.title);
      r.component = caller.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {caller.id, server.id, flow.id});
      SetBreach(r, BreachProbability::kProbable, {server.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& LdapInjectionRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
