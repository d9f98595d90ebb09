// missing-file-validation: custom-developed components accepting files.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-file-validation",
      .title = "Missing File Validation",
      .stride = Stride::kSpoofing,
      .cwe = 434,
      .function = RiskFunction::kDevelopment,
      .asvs = "V12 - File and Resources Verification Requirements",
      .cheat_sheet = "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html",
      .description =
          "A custom-developed component accepts files, whose names and types must be "
          "checked strictly.",
      .impact =
          "Attackers may upload malicious files that the component or its users later "
          "open.",
      .detection_logic =
          "In-scope components with custom-developed parts accepting the file "
          "data format (once per listed format entry).",
      .risk_assessment =
          "Low impact, medium for strictly-confidential or mission-critical "
          "components; very likely.",
      .false_positives = "Files that are signed or otherwise fully trusted.",
      .action = "File validation",
      .mitigation =
          "Allow only known extensions and determine the type on the server; do not "
          "use the given file name; scan for malware on upload and again on later "
          "download; limit file sizes.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || !comp.custom_developed_parts) continue;
    for (core::DataFormat format : comp.data_formats_accepted) {
      if (format != core::DataFormat::kFile) continue;
      Risk r = NewRisk(Info(), Likelihood::kVeryLikely,
                       IsVerySensitive(ctx, c) ? Impact::kMedium : Impact::kLow);
      r.title = "Missing file validation at " + Q(comp.title);
      r.component = comp.id;
      r.synthetic_id = SyntheticId(Info(), {comp.id});
      SetBreach(r, BreachProbability::kProbable, {comp.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& MissingFileValidationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
