// ldap-injection: LDAP servers queried by in-scope callers.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("ldap-injection"); }

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
      bool high = HasTopConfidentialityOrIntegrity(ctx, c);
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
