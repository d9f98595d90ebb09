// path-traversal: file systems accessed by in-scope callers.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "path-traversal",
      .title = "Path-Traversal",
      .stride = Stride::kInformationDisclosure,
      .cwe = 22,
      .function = RiskFunction::kDevelopment,
      .asvs = "V12 - File and Resources Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html",
      .description =
          "A caller reads files from a file server or local file system; if it builds "
          "paths from input, the input can point at other files (path traversal, "
          "local file inclusion).",
      .impact =
          "Attackers may read configuration, keys, credentials, deployment or business "
          "files.",
      .detection_logic = "Flows from in-scope callers into file servers and local file systems.",
      .risk_assessment =
          "Medium impact, high when the file system holds strictly-confidential "
          "or mission-critical data; very likely, likely for DevOps flows.",
      .false_positives = "File names that contain nothing the caller's users control.",
      .action = "Path traversal prevention",
      .mitigation =
          "Map requests to files instead of using given names; otherwise check that "
          "the resolved path stays in the expected folder and has the expected type; "
          "for third-party products check that they do and keep them patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

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
      bool high = ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
                  ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
      Likelihood likelihood =
          flow.usage == Usage::kDevOps ? Likelihood::kLikely : Likelihood::kVeryLikely;
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
