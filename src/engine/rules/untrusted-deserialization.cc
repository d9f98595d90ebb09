// untrusted-deserialization: components accepting serialized objects.

#include <algorithm>

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "untrusted-deserialization",
      .title = "Untrusted Deserialization",
      .stride = Stride::kTampering,
      .cwe = 502,
      .function = RiskFunction::kArchitecture,
      .asvs = "V5 - Validation, Sanitization and Encoding Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html",
      .description =
          "A component turns serialized objects (Java or .NET serialization, EJB, "
          "RMI) from its callers back into objects.",
      .impact = "Crafted objects can make the component run attacker code.",
      .detection_logic =
          "In-scope components accepting the serialization data format, EJBs, "
          "and targets of IIOP or JRMP flows.",
      .risk_assessment =
          "High impact, very high for strictly-confidential or mission-critical "
          "components; likely, very likely when an IIOP or JRMP flow crosses a "
          "network trust boundary.",
      .false_positives = "Serialized data that is signed or otherwise fully trusted.",
      .action = "Safe deserialization",
      .mitigation =
          "Avoid deserializing data from callers, even inside the same boundary when "
          "it arrives over the network; otherwise allow only known types. For "
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
