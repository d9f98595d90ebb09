// missing-vault-isolation: vaults sharing a network segment with other components.

#include <unordered_map>
#include <unordered_set>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("missing-vault-isolation"); }

bool IsEnvironment(const AnalysisContext& ctx, int b) {
  return b != AnalysisContext::kNone &&
         ctx.boundary(b).type == core::BoundaryType::kExecutionEnvironment;
}

// Threagile compares each vault with every other component. Here the non-vault components are
// counted per network boundary and per execution environment once; for each vault the data
// stores it talks to directly (its own storage, which does not count) are subtracted.
std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::unordered_map<int, int> per_network, per_environment;
  for (int o = 0; o < ctx.component_count(); ++o) {
    if (ctx.Is(o, "vault")) continue;
    ++per_network[ctx.NetworkBoundaryOf(o)];
    if (IsEnvironment(ctx, ctx.BoundaryOf(o))) ++per_environment[ctx.BoundaryOf(o)];
  }
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !ctx.Is(c, "vault")) continue;
    int network = ctx.NetworkBoundaryOf(c);
    int environment = IsEnvironment(ctx, ctx.BoundaryOf(c)) ? ctx.BoundaryOf(c) : -2;
    std::unordered_set<int> storage;
    for (const std::vector<int>* flows : {&ctx.outgoing(c), &ctx.incoming(c)}) {
      for (int f : *flows) {
        int o = ctx.source(f) == c ? ctx.target(f) : ctx.source(f);
        if (o != AnalysisContext::kNone && o != c && !ctx.Is(o, "vault") &&
            ctx.component(o).type == ComponentType::kDatastore) {
          storage.insert(o);
        }
      }
    }
    int in_network = per_network[network], in_environment = 0;
    if (environment != -2) in_environment = per_environment[environment];
    for (int o : storage) {
      if (ctx.NetworkBoundaryOf(o) == network) --in_network;
      if (ctx.BoundaryOf(o) == environment) --in_environment;
    }
    bool same_environment = in_environment > 0;
    if (in_network <= 0 && !same_environment) continue;
    Risk r = NewRisk(Info(), same_environment ? Likelihood::kLikely : Likelihood::kUnlikely,
                     IsVerySensitiveOwn(comp) ? Impact::kHigh : Impact::kMedium);
    r.title = "Missing isolation of vault " + Q(comp.title) +
              (same_environment ? " from other components in its execution environment"
                                : " from other components in its network segment");
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MissingVaultIsolationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
