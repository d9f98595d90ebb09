// mixed-targets-on-shared-runtime: runtimes hosting components of different trust boundaries, or
// front-end next to back-end components.

#include <algorithm>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("mixed-targets-on-shared-runtime"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<int> order(ctx.runtime_count());
  for (int r = 0; r < ctx.runtime_count(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return ctx.runtime(a).id < ctx.runtime(b).id; });

  std::vector<Risk> risks;
  for (int rt : order) {
    const std::vector<int>& comps = ctx.RuntimeComponents(rt);
    // Threagile compares boundary ids, where "" (no boundary) never starts a comparison.
    std::string current;
    bool mixed_boundaries = false, frontend = false, backend = false;
    for (int c : comps) {
      int b = ctx.BoundaryOf(c);
      std::string boundary = b == AnalysisContext::kNone ? std::string() : ctx.boundary(b).id;
      if (!current.empty() && current != boundary) {
        mixed_boundaries = true;
        break;
      }
      current = boundary;
      if (ctx.Has(c, Attr::kFrontendRelated)) frontend = true;
      if (ctx.Has(c, Attr::kBackendRelated)) backend = true;
    }
    if (!mixed_boundaries && !(frontend && backend)) continue;
    bool high = std::any_of(comps.begin(), comps.end(),
                            [&](int c) { return IsVerySensitiveOwn(ctx.component(c)); });
    const core::SharedRuntime& runtime = ctx.runtime(rt);
    Risk r = NewRisk(Info(), Likelihood::kUnlikely, high ? Impact::kMedium : Impact::kLow);
    r.title = "Shared runtime " + Q(runtime.title) +
              " mixes targets of different value, letting attackers step from a weaker one to "
              "a more valuable one";
    r.shared_runtime = runtime.id;
    r.synthetic_id = SyntheticId(Info(), {runtime.id});
    std::vector<std::string> breach;
    for (int c : comps) breach.push_back(ctx.id(c));
    SetBreach(r, BreachProbability::kImprobable, std::move(breach));
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MixedTargetsOnSharedRuntimeRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
