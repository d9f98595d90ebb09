// xml-external-entity: components accepting XML.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("xml-external-entity"); }

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope) continue;
    for (core::DataFormat format : comp.data_formats_accepted) {
      if (format != core::DataFormat::kXml) continue;
      Risk r = NewRisk(Info(), Likelihood::kVeryLikely,
                       IsVerySensitive(ctx, c) ? Impact::kHigh : Impact::kMedium);
      r.title = "XML external entity processing at " + Q(comp.title);
      r.component = comp.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id});
      SetBreach(r, BreachProbability::kProbable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& XmlExternalEntityRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
