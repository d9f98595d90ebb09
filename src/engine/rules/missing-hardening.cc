// missing-hardening: components attractive enough to need explicit hardening.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

constexpr double kRaaLimit = 55;
constexpr double kRaaLimitReduced = 40;

const RuleInfo& Info() { return BuiltinRuleInfo("missing-hardening"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope) continue;
    bool reduced_limit = comp.type == ComponentType::kDatastore ||
                         ctx.IsAny(c, {"application-server", "identity-provider", "erp"});
    if (ctx.raa(c) < kRaaLimit && !(ctx.raa(c) >= kRaaLimitReduced && reduced_limit)) continue;
    bool high = HasTopConfidentialityOrIntegrity(ctx, c);
    Risk r = NewRisk(Info(), Likelihood::kLikely, high ? Impact::kMedium : Impact::kLow);
    r.title = "Missing hardening of " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MissingHardeningRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
