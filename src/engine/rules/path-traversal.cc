// path-traversal: file systems accessed by in-scope callers.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("path-traversal"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    if (!ctx.IsAny(c, {"file-server", "local-file-system"})) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.component(s).out_of_scope) continue;
      const core::Flow& flow = ctx.flow(f);
      const core::Component& files = ctx.component(c);
      const core::Component& caller = ctx.component(s);
      bool high = HasTopConfidentialityOrIntegrity(ctx, c);
      Likelihood likelihood = LikelihoodByUsage(flow);
      Risk r = NewRisk(Info(), likelihood, high ? Impact::kHigh : Impact::kMedium);
      r.title = "Path traversal from " + Q(caller.title) + " into file system " + Q(files.title) +
                " over " + Q(flow.title);
      r.component = caller.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {caller.id, files.id, flow.id});
      SetBreach(r, BreachProbability::kProbable, {files.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& PathTraversalRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
