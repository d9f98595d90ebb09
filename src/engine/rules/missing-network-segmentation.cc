// missing-network-segmentation: high-value components sharing a network segment with easier
// targets they do not talk to.

#include <unordered_map>
#include <unordered_set>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

constexpr double kRaaLimit = 50;

const RuleInfo& Info() { return BuiltinRuleInfo("missing-network-segmentation"); }

// Threagile compares every candidate with every other component; this counts, per network
// boundary, the components that make a neighbourhood risky, and subtracts those directly
// connected to the candidate, which gives the same answer in O(components + flows).
std::vector<Risk> Generate(const AnalysisContext& ctx) {
  auto is_weak = [&](int o) {
    return ctx.Has(o, Attr::kLessProtectedType) &&
           !ctx.Has(o, Attr::kCloseToHighValueTargetsTolerated);
  };
  auto group_of = [&](int c) { return ctx.NetworkBoundaryOf(c); };
  std::unordered_map<int, int> weak_per_group;
  for (int o = 0; o < ctx.component_count(); ++o) {
    if (is_weak(o)) ++weak_per_group[group_of(o)];
  }

  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope ||
        ctx.IsAny(c, {"reverse-proxy", "waf", "ids", "ips", "service-registry"})) {
      continue;
    }
    if (ctx.raa(c) < kRaaLimit ||
        !(comp.type == ComponentType::kDatastore || IsSensitiveOwn(comp))) {
      continue;
    }
    int group = group_of(c);
    int available = weak_per_group[group] - (is_weak(c) ? 1 : 0);
    std::unordered_set<int> connected_weak;
    for (const std::vector<int>* flows : {&ctx.outgoing(c), &ctx.incoming(c)}) {
      for (int f : *flows) {
        int o = ctx.source(f) == c ? ctx.target(f) : ctx.source(f);
        if (o != AnalysisContext::kNone && o != c && is_weak(o) && group_of(o) == group) {
          connected_weak.insert(o);
        }
      }
    }
    available -= static_cast<int>(connected_weak.size());
    if (available <= 0) continue;
    Risk r = NewRisk(Info(), Likelihood::kUnlikely,
                     IsVerySensitiveOwn(comp) ? Impact::kMedium : Impact::kLow);
    r.title = "Missing network segmentation around " + Q(comp.title) +
              ", which shares its network segment with less protected components";
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MissingNetworkSegmentationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
