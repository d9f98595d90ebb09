// xml-external-entity: components accepting XML.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "xml-external-entity",
      .title = "XML External Entity (XXE)",
      .stride = Stride::kInformationDisclosure,
      .cwe = 611,
      .function = RiskFunction::kDevelopment,
      .asvs = "V14 - Configuration Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "XML_External_Entity_Prevention_Cheat_Sheet.html",
      .description =
          "A component parses XML from its callers; a parser that resolves external "
          "entities can be made to open files and URLs.",
      .impact =
          "Attackers may read local files (configuration, keys, credentials) and reach "
          "services behind the component.",
      .detection_logic =
          "In-scope components accepting the XML data format (once per listed "
          "format entry).",
      .risk_assessment =
          "Medium impact, high for strictly-confidential or mission-critical "
          "components; very likely.",
      .false_positives = "XML that is signed or otherwise fully trusted.",
      .action = "XML parser hardening",
      .mitigation =
          "Disable external entities and DTD processing in every XML parser; for "
          "third-party products check that they do and keep them patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

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
