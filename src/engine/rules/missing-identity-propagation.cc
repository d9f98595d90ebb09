// missing-identity-propagation: services handling end-user requests that authorize callers only
// as technical users.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-identity-propagation",
      .title = "Missing Identity Propagation",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 284,
      .function = RiskFunction::kArchitecture,
      .asvs = "V4 - Access Control Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Access_Control_Cheat_Sheet.html",
      .description =
          "A service that usually works on behalf of end users accepts authenticated "
          "requests without learning which end user they are for, so it cannot check "
          "that user's rights on the data.",
      .impact =
          "After compromising a caller, attackers can read or change data of any user, as "
          "the service trusts the caller rather than the end user.",
      .detection_logic =
          "In-scope components of a kind that usually processes end-user requests, rated at "
          "least confidential, critical or critical (or, when multi-tenant, restricted, important "
          "or important), with authenticated incoming flows from callers able to pass on an "
          "identity that are not authorized by end-user identity propagation. DevOps flows with "
          "some authorization are exempt; data stores as callers are ignored.",
      .risk_assessment =
          "Low impact, medium when the service is strictly confidential or "
          "mission critical; unlikely.",
      .false_positives =
          "Services whose functions and data are not tied to individual end "
          "users.",
      .action = "Identity propagation",
      .mitigation =
          "Pass the end user's identity along (for example as a signed token) and "
          "authorize each request against it in the back end; give DevOps access at "
          "least a technical-user authorization.",
      .check = "Is authorization done as the linked cheat sheet and ASVS chapter recommend?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Has(c, Attr::kProcessingEndUserRequests)) continue;
    bool rated = IsSensitiveOwn(comp) ||
                 (comp.multi_tenant && (comp.confidentiality >= Confidentiality::kRestricted ||
                                        comp.integrity >= Criticality::kImportant ||
                                        comp.availability >= Criticality::kImportant));
    if (!rated) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      if (!ctx.Has(s, Attr::kPropagateIdentityToOutgoingTargets) ||
          ctx.component(s).type == ComponentType::kDatastore) {
        continue;
      }
      const core::Flow& flow = ctx.flow(f);
      if (flow.authentication == core::Authentication::kNone ||
          flow.authorization == core::Authorization::kEndUserIdentityPropagation) {
        continue;
      }
      if (flow.usage == Usage::kDevOps && flow.authorization != core::Authorization::kNone) {
        continue;
      }
      const core::Component& caller = ctx.component(s);
      Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                       IsVerySensitiveOwn(comp) ? Impact::kMedium : Impact::kLow);
      r.title = "Missing end-user identity propagation on " + Q(flow.title) + " from " +
                Q(caller.title) + " to " + Q(comp.title);
      r.component = comp.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {flow.id, caller.id, comp.id});
      SetBreach(r, BreachProbability::kImprobable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& MissingIdentityPropagationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
