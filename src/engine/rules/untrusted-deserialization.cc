// untrusted-deserialization: components accepting serialized objects.

#include <algorithm>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("untrusted-deserialization"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope) continue;
    const auto& formats = comp.data_formats_accepted;
    bool found = std::find(formats.begin(), formats.end(), core::DataFormat::kSerialization) !=
                 formats.end();
    if (ctx.Is(c, "ejb")) found = true;
    bool across = false;
    std::string via;
    for (int f : ctx.incoming(c)) {
      Protocol p = ctx.flow(f).protocol;
      if (p != Protocol::kIiop && p != Protocol::kIiopEncrypted && p != Protocol::kJrmp &&
          p != Protocol::kJrmpEncrypted) {
        continue;
      }
      found = true;
      if (ctx.IsAcrossTrustBoundaryNetworkOnly(f)) {
        across = true;
        via = ctx.flow(f).title;
      }
    }
    if (!found) continue;
    Impact impact = IsVerySensitive(ctx, c) ? Impact::kVeryHigh : Impact::kHigh;
    Risk r = NewRisk(Info(), across ? Likelihood::kVeryLikely : Likelihood::kLikely, impact);
    r.title = "Untrusted deserialization at " + Q(comp.title);
    if (across) r.title += ", reachable across a trust boundary (for example over " + Q(via) + ")";
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kProbable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& UntrustedDeserializationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
