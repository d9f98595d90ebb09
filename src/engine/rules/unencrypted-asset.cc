// unencrypted-asset: sensitive components that are not encrypted at rest.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unencrypted-asset",
      .title = "Unencrypted Technical Assets",
      .stride = Stride::kInformationDisclosure,
      .cwe = 311,
      .function = RiskFunction::kOperations,
      .asvs = "V6 - Stored Cryptography Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html",
      .description =
          "A component whose own rating or whose data calls for confidentiality or "
          "integrity protection keeps that data without encryption at rest.",
      .impact =
          "Whoever gets hold of the component's storage (a stolen disk, a backup, a "
          "compromised host) can read the data directly.",
      .detection_logic =
          "In-scope components, except reverse proxies, load balancers, WAFs, IDS, IPS and "
          "embedded components, whose highest rating (own or of the data they process or store) "
          "is at least confidential or critical and that have no encryption. Components holding "
          "strictly-confidential or mission-critical data of a kind that usually stores end-user "
          "data also need per-end-user keys.",
      .risk_assessment =
          "Medium impact, high when the data is strictly confidential or mission "
          "critical; unlikely to be exploited on its own.",
      .false_positives =
          "Data that is already encrypted at document or field level before it "
          "reaches the component.",
      .action = "Encryption at rest",
      .mitigation =
          "Encrypt the component's storage; for end-user data of the highest "
          "sensitivity use keys held per end user.",
      .check = "Is the storage encrypted as the linked cheat sheet and ASVS chapter recommend?",
      .model_failure_possible_reason = false,
  };
  return info;
}

bool IsEncryptionWaiver(const AnalysisContext& ctx, int c) {
  return ctx.IsAny(c, {"reverse-proxy", "load-balancer", "waf", "ids", "ips"}) ||
         ctx.Has(c, Attr::kEmbeddedComponent);
}

Risk Make(const AnalysisContext& ctx, int c, Impact impact, bool needs_end_user_key) {
  const core::Component& comp = ctx.component(c);
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, impact);
  r.title = "Unencrypted component " + Q(comp.title);
  if (needs_end_user_key) r.title += " without encryption keyed per end user";
  r.component = comp.id;
  r.synthetic_id = SyntheticId(Info(), {comp.id});
  SetBreach(r, BreachProbability::kImprobable, {comp.id});
  return r;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope || IsEncryptionWaiver(ctx, c)) continue;
    if (ctx.HighestConfidentiality(c) < Confidentiality::kConfidential &&
        ctx.HighestIntegrity(c) < Criticality::kCritical) {
      continue;
    }
    bool very_sensitive = ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
                          ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
    bool needs_end_user_key = very_sensitive && ctx.Has(c, Attr::kStoringEndUserData);
    if (comp.encryption == core::Encryption::kNone) {
      risks.push_back(
          Make(ctx, c, very_sensitive ? Impact::kHigh : Impact::kMedium, needs_end_user_key));
    } else if (needs_end_user_key &&
               comp.encryption != core::Encryption::kDataWithEndUserIndividualKey) {
      risks.push_back(Make(ctx, c, Impact::kMedium, needs_end_user_key));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnencryptedAssetRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
