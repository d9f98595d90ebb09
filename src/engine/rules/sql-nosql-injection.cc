// sql-nosql-injection: database access protocols used by in-scope callers.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("sql-nosql-injection"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    bool database = ctx.IsAny(c, {"database", "identity-store-database"});
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.component(s).out_of_scope) continue;
      const core::Flow& flow = ctx.flow(f);
      if (!(IsDatabaseAccessProtocol(flow.protocol, true) && database) &&
          !IsDatabaseAccessProtocol(flow.protocol, false)) {
        continue;
      }
      const core::Component& db = ctx.component(c);
      const core::Component& caller = ctx.component(s);
      bool high = HasTopConfidentialityOrIntegrity(ctx, c);
      Likelihood likelihood = LikelihoodByUsage(flow);
      Risk r = NewRisk(Info(), likelihood, high ? Impact::kHigh : Impact::kMedium);
      r.title = "SQL/NoSQL injection from " + Q(caller.title) + " into database " + Q(db.title) +
                " over " + Q(flow.title);
      r.component = caller.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {caller.id, db.id, flow.id});
      SetBreach(r, BreachProbability::kProbable, {db.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& SqlNosqlInjectionRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
