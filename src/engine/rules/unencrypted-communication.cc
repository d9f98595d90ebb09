// unencrypted-communication: flows carrying sensitive data or credentials in clear text.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("unencrypted-communication"); }

bool IsHigh(const core::DataAsset& d) {
  return d.confidentiality == Confidentiality::kStrictlyConfidential ||
         d.integrity == Criticality::kMissionCritical;
}

bool IsMedium(const core::DataAsset& d) {
  return d.confidentiality == Confidentiality::kConfidential ||
         d.integrity == Criticality::kCritical;
}

Risk Make(const AnalysisContext& ctx, int f, bool high, bool auth) {
  const core::Flow& flow = ctx.flow(f);
  const core::Component& source = ctx.component(ctx.source(f));
  const core::Component& target = ctx.component(ctx.target(f));
  Likelihood likelihood =
      ctx.IsAcrossTrustBoundaryNetworkOnly(f) ? Likelihood::kLikely : Likelihood::kUnlikely;
  Risk r = NewRisk(Info(), likelihood, high ? Impact::kHigh : Impact::kMedium);
  r.title =
      "Unencrypted flow " + Q(flow.title) + " from " + Q(source.title) + " to " + Q(target.title);
  if (auth) r.title += ", carrying authentication material";
  if (flow.vpn) r.title += " (a VPN does not replace encryption for the most sensitive data)";
  r.component = source.id;
  r.flow = flow.id;
  r.synthetic_id = SyntheticId(Info(), {flow.id, source.id, target.id});
  SetBreach(r, BreachProbability::kPossible, {target.id});
  return r;
}

// The first data asset (sent before received) that makes the flow a risk decides the rating.
bool Check(const AnalysisContext& ctx, int f, const std::vector<int>& data, bool auth,
           std::vector<Risk>& risks) {
  for (int d : data) {
    const core::DataAsset& asset = ctx.data_asset(d);
    if (IsHigh(asset) || auth) {
      risks.push_back(Make(ctx, f, true, auth));
      return true;
    }
    if (!ctx.flow(f).vpn && IsMedium(asset)) {
      risks.push_back(Make(ctx, f, false, auth));
      return true;
    }
  }
  return false;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    if (ctx.component(c).out_of_scope) continue;
    for (int f : ctx.outgoing(c)) {
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone) continue;
      const core::Flow& flow = ctx.flow(f);
      if (core::IsEncrypted(flow.protocol) || core::IsProcessLocal(flow.protocol)) continue;
      if (ctx.Has(c, Attr::kUnprotectedCommunicationsTolerated) ||
          ctx.Has(t, Attr::kUnprotectedCommunicationsTolerated)) {
        continue;
      }
      bool auth = flow.authentication != core::Authentication::kNone;
      if (!Check(ctx, f, ctx.sent(f), auth, risks)) Check(ctx, f, ctx.received(f), auth, risks);
    }
  }
  return risks;
}

}  // namespace

const Rule& UnencryptedCommunicationRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
