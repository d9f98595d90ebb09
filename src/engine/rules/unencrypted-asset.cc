// unencrypted-asset: sensitive components that are not encrypted at rest.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unencrypted-asset"); }

bool IsEncryptionWaiver(const AnalysisContext& ctx, int c) {
  return ctx.IsAny(c, {"reverse-proxy", "load-balancer", "waf", "ids", "ips"}) ||
         ctx.Has(c, Attr::kEmbeddedComponent);
}

Risk Make(const AnalysisContext& ctx, int c, Impact impact, bool needs_end_user_key) {
  const core::Component& comp = ctx.component(c);
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Unencrypted component " + Q(comp.title);
  if (needs_end_user_key) r.title += " without encryption keyed per end user";
  r.component = comp.id;
  r.synthetic_id = SyntheticId(Info(), {comp.id});
  SetBreach(r, BreachProbability::kImprobable, {comp.id});
  return r;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || IsEncryptionWaiver(ctx, c)) continue;
    if (ctx.HighestConfidentiality(c) < Confidentiality::kConfidential &&
        ctx.HighestIntegrity(c) < Criticality::kCritical) {
      continue;
    }
    bool very_sensitive = HasTopConfidentialityOrIntegrity(ctx, c);
    bool needs_end_user_key = very_sensitive && ctx.Has(c, Attr::kStoringEndUserData);
    if (comp.encryption == core::Encryption::kNone) {
      risks.push_back(
          Make(ctx, c, very_sensitive ? Impact::kHigh : Impact::kMedium, needs_end_user_key));
    } else if (needs_end_user_key &&
               comp.encryption != core::Encryption::kDataWithEndUserIndividualKey) {
      risks.push_back(Make(ctx, c, Impact::kMedium, needs_end_user_key));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnencryptedAssetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
