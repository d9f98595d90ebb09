// missing-identity-propagation: services handling end-user requests that authorize callers only
// as technical users.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-identity-propagation"); }

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
