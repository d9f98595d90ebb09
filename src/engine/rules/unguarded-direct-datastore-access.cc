// unguarded-direct-datastore-access: sensitive data stores reached directly across a network
// trust boundary.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unguarded-direct-datastore-access"); }

bool FileServerViaFileTransfer(const AnalysisContext& ctx, int c, const core::Flow& flow) {
  return ctx.Is(c, "file-server") &&
         (flow.protocol == Protocol::kFtp || flow.protocol == Protocol::kFtps ||
          flow.protocol == Protocol::kSftp);
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& store = ctx.component(c);
    if (store.out_of_scope || store.type != ComponentType::kDatastore) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      const core::Flow& flow = ctx.flow(f);
      if (ctx.IsAny(c, {"identity-store-ldap", "identity-store-database"}) &&
          ctx.Is(s, "identity-provider")) {
        continue;
      }
      if (store.confidentiality < Confidentiality::kConfidential &&
          store.integrity < Criticality::kCritical) {
        continue;
      }
      if (!ctx.IsAcrossTrustBoundaryNetworkOnly(f) || FileServerViaFileTransfer(ctx, c, flow) ||
          flow.usage == Usage::kDevOps || ctx.IsSharingSameParentTrustBoundary(c, s)) {
        continue;
      }
      bool high = store.confidentiality == Confidentiality::kStrictlyConfidential ||
                  store.integrity == Criticality::kMissionCritical;
      Impact impact = high || ctx.raa(c) > 40 ? Impact::kMedium : Impact::kLow;
      const core::Component& caller = ctx.component(s);
      Risk r = NewRisk(Info(), Likelihood::kLikely, impact);
      r.title = "Direct access to data store " + Q(store.title) + " by " + Q(caller.title) +
                " over " + Q(flow.title);
      r.component = store.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {flow.id, caller.id, store.id});
      SetBreach(r, BreachProbability::kImprobable, {store.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnguardedDirectDatastoreAccessRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
