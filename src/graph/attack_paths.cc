#include "graph/attack_paths.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <set>
#include <tuple>
#include <utility>

#include "base/strings.h"

namespace threatpath::graph {
namespace {

constexpr int kNone = FlowGraph::kNone;
constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;
constexpr int kMaxK = 100;

using core::Authentication;
using core::Authorization;

// A route in search orientation: nodes[0] is the target, nodes.back() the origin; flows[i] runs
// (forward) from nodes[i + 1] to nodes[i].
struct Route {
  std::vector<int> nodes;
  std::vector<int> flows;
  int64_t cost = 0;
  int deviation = 0;  // spur position it was found at (Lawler's refinement of Yen's algorithm)
};

// What the analysis knows about every flow, computed once.
struct FlowInfo {
  int64_t cost = 0;
  uint32_t weaknesses = 0;
  std::vector<int> refuted;  // assumption positions, flow's own first, then its target's
};

bool HasTag(const std::vector<std::string>& tags, const std::vector<std::string>& wanted) {
  for (const std::string& t : tags) {
    std::string lower = base::ToLower(base::Trim(t));
    for (const std::string& w : wanted) {
      if (lower == base::ToLower(base::Trim(w))) return true;
    }
  }
  return false;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

using base::Count;

class Analysis {
 public:
  Analysis(const FlowGraph& graph, const AttackPathOptions& options)
      : g_(graph), opt_(options), k_(std::clamp(options.k, 1, kMaxK)) {}

  AttackPathReport Run();

 private:
  void ComputeFlowInfo();
  void ForwardSearch();
  Route TreeRoute(int target) const;
  // The k weakest routes to any of `targets` (reachable, non-origin components).
  std::vector<Route> KWeakest(const std::vector<int>& targets);
  // A* from spur position j of `base` (see KWeakest); false when none or when out of budget.
  bool SpurSearch(const std::vector<int>& targets, const Route& base, int j,
                  const std::vector<int>& removed, Route& out);
  bool OutOfBudget() const { return report_.work.total() > opt_.max_work; }
  AttackPath Describe(int asset, const Route& r) const;
  std::string DescribeHop(int f) const;
  // Ordering key of a route for ties: origin id, target id, flow ids (forward).
  bool IdLess(const Route& a, const Route& b) const;

  const FlowGraph& g_;
  const AttackPathOptions& opt_;
  const int k_;
  AttackPathReport report_;
  std::vector<uint32_t> origin_;
  std::vector<FlowInfo> flow_;
  std::vector<int64_t> dist_;  // forward weakest cost from any origin (kInf: unreachable)
  std::vector<int> parent_;    // flow of the forward search tree
  bool budget_spent_ = false;

  // Scratch space of the spur searches, reset by stamping.
  std::vector<int> stamp_, forbid_;
  std::vector<int64_t> gbest_;
  std::vector<int> prev_;
  int search_id_ = 0;
};

void Analysis::ComputeFlowInfo() {
  const CostModel& c = opt_.costs;
  auto pts = [](int v) -> int64_t { return std::max(v, 0); };
  flow_.resize(g_.flow_count());
  for (int f = 0; f < g_.flow_count(); ++f) {
    if (g_.source(f) == kNone) continue;
    const core::Flow& fl = g_.flow(f);
    FlowInfo& info = flow_[f];
    for (int a : g_.refuted_on_flow(f)) info.refuted.push_back(a);
    for (int a : g_.refuted_on_component(g_.target(f))) {
      if (std::find(info.refuted.begin(), info.refuted.end(), a) == info.refuted.end()) {
        info.refuted.push_back(a);
      }
    }
    int64_t controls = 0;
    switch (fl.authentication) {
      case Authentication::kNone:
        info.weaknesses |= kNoAuthentication;
        break;
      case Authentication::kTwoFactor:
      case Authentication::kClientCertificate:
        controls += pts(c.strong_authentication);
        break;
      default:
        controls += pts(c.authentication);
    }
    switch (fl.authorization) {
      case Authorization::kNone:
        info.weaknesses |= kNoAuthorization;
        break;
      case Authorization::kTechnicalUser:
        controls += pts(c.technical_user_authorization);
        break;
      case Authorization::kEndUserIdentityPropagation:
        controls += pts(c.end_user_authorization);
        break;
    }
    if (g_.CrossesBoundary(f)) {
      if (core::IsEncrypted(fl.protocol)) {
        controls += pts(c.encrypted_boundary_crossing);
      } else if (!core::IsProcessLocal(fl.protocol)) {
        info.weaknesses |= kUnencryptedCrossing;
      }
    }
    if (fl.vpn) controls += pts(c.vpn);
    if (fl.ip_filtered) controls += pts(c.ip_filtered);
    if (!info.refuted.empty()) {
      info.weaknesses |= kRefutedAssumption;
      controls = 0;
    }
    info.cost = pts(c.hop) + controls;
  }
}

// One multi-source Dijkstra from every origin at once (a virtual source joined to each origin at
// cost 0). Origins are never entered: a route that passed through another origin would have a
// cheaper suffix starting there.
void Analysis::ForwardSearch() {
  const int n = g_.component_count();
  dist_.assign(n, kInf);
  parent_.assign(n, kNone);
  using Item = std::pair<int64_t, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  for (int c = 0; c < n; ++c) {
    if (origin_[c] != 0) {
      dist_[c] = 0;
      heap.emplace(0, c);
    }
  }
  WorkStats& w = report_.work;
  while (!heap.empty()) {
    auto [d, u] = heap.top();
    heap.pop();
    ++w.heap_pops;
    if (d > dist_[u]) continue;
    for (int f : g_.outgoing(u)) {
      ++w.relaxations;
      int v = g_.target(f);
      if (origin_[v] != 0) continue;
      int64_t nd = d + flow_[f].cost;
      if (nd < dist_[v]) {
        dist_[v] = nd;
        parent_[v] = f;
        heap.emplace(nd, v);
      }
    }
  }
}

Route Analysis::TreeRoute(int target) const {
  Route r;
  r.cost = dist_[target];
  int v = target;
  r.nodes.push_back(v);
  while (origin_[v] == 0) {
    int f = parent_[v];
    r.flows.push_back(f);
    v = g_.source(f);
    r.nodes.push_back(v);
  }
  return r;
}

bool Analysis::IdLess(const Route& a, const Route& b) const {
  const auto& ca = g_.component(a.nodes.back()).id;
  const auto& cb = g_.component(b.nodes.back()).id;
  if (ca != cb) return ca < cb;
  const auto& ta = g_.component(a.nodes.front()).id;
  const auto& tb = g_.component(b.nodes.front()).id;
  if (ta != tb) return ta < tb;
  // Flow ids from the origin on.
  auto ia = a.flows.rbegin(), ib = b.flows.rbegin();
  for (; ia != a.flows.rend() && ib != b.flows.rend(); ++ia, ++ib) {
    const auto& fa = g_.flow(*ia).id;
    const auto& fb = g_.flow(*ib).id;
    if (fa != fb) return fa < fb;
    if (*ia != *ib) return *ia < *ib;  // duplicate ids in an unvalidated model
  }
  return a.flows.size() < b.flows.size();
}

// Spur position j: 0 starts over from the virtual sink (a different target), j >= 1 deviates at
// base.nodes[j - 1] after keeping base's first j - 1 flows. The search runs backwards along
// flows toward the origins, as A* with the forward distances as heuristic: they are exact in the
// unmodified graph and stay consistent when nodes and flows are removed.
bool Analysis::SpurSearch(const std::vector<int>& targets, const Route& base, int j,
                          const std::vector<int>& removed, Route& out) {
  ++report_.work.spur_searches;
  ++search_id_;
  const int id = search_id_;
  for (int i = 0; i + 1 < j; ++i) forbid_[base.nodes[i]] = id;
  // (f, -g, node): ties go to the node closest to an origin, then the lowest position.
  using Item = std::tuple<int64_t, int64_t, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  auto reach = [&](int v, int64_t gv, int via) {
    if (stamp_[v] == id && gbest_[v] <= gv) return;
    stamp_[v] = id;
    gbest_[v] = gv;
    prev_[v] = via;
    heap.emplace(gv + dist_[v], -gv, v);
  };
  int spur = kNone;
  if (j == 0) {
    for (int t : targets) {
      if (std::find(removed.begin(), removed.end(), t) == removed.end()) reach(t, 0, kNone);
    }
  } else {
    spur = base.nodes[j - 1];
    reach(spur, 0, kNone);
  }
  WorkStats& w = report_.work;
  int goal = kNone;
  while (!heap.empty()) {
    if (OutOfBudget()) {
      budget_spent_ = true;
      return false;
    }
    auto [fv, neg_g, v] = heap.top();
    heap.pop();
    ++w.heap_pops;
    if (-neg_g > gbest_[v]) continue;
    if (origin_[v] != 0) {
      goal = v;
      break;
    }
    for (int f : g_.incoming(v)) {
      ++w.relaxations;
      if (v == spur && std::find(removed.begin(), removed.end(), f) != removed.end()) continue;
      int u = g_.source(f);
      if (forbid_[u] == id || dist_[u] >= kInf) continue;
      reach(u, gbest_[v] + flow_[f].cost, f);
    }
  }
  if (goal == kNone) return false;

  // Root (base's first j - 1 flows) followed by the spur, still target first.
  out = Route{};
  out.deviation = j;
  std::vector<int> spur_flows, spur_nodes;
  for (int v = goal; prev_[v] != kNone; v = g_.target(prev_[v])) spur_flows.push_back(prev_[v]);
  std::reverse(spur_flows.begin(), spur_flows.end());
  int start = spur_flows.empty() ? goal : g_.target(spur_flows.front());
  int64_t cost = 0;
  for (int i = 0; i + 1 < j; ++i) {
    out.nodes.push_back(base.nodes[i]);
    out.flows.push_back(base.flows[i]);
    cost += flow_[base.flows[i]].cost;
  }
  out.nodes.push_back(start);
  for (int f : spur_flows) {
    out.flows.push_back(f);
    out.nodes.push_back(g_.source(f));
    cost += flow_[f].cost;
  }
  out.cost = cost;
  return true;
}

// Yen's k shortest simple paths with Lawler's refinement (spur only from the position where the
// previous route deviated), bounded by max_spur_searches and the global work budget.
std::vector<Route> Analysis::KWeakest(const std::vector<int>& targets) {
  std::vector<Route> chosen;
  int best = kNone;
  for (int t : targets) {
    if (best == kNone || dist_[t] < dist_[best]) best = t;
  }
  if (best == kNone) return chosen;
  chosen.push_back(TreeRoute(best));
  if (k_ == 1) return chosen;

  auto worse = [this](const Route& a, const Route& b) {
    if (a.cost != b.cost) return a.cost > b.cost;
    return IdLess(b, a);
  };
  std::priority_queue<Route, std::vector<Route>, decltype(worse)> candidates(worse);
  std::set<std::vector<int>> known;  // flow sequences of chosen routes and candidates
  known.insert(chosen[0].flows);
  int spurs_left = std::max(opt_.max_spur_searches, 0);
  std::vector<int> removed;
  bool stopped = false;
  while (static_cast<int>(chosen.size()) < k_ && !stopped) {
    const Route& last = chosen.back();
    // Positions 0 (the virtual sink) and 1 .. flows (nodes[j - 1]; the origin is not one).
    const int positions = static_cast<int>(last.flows.size());
    for (int j = last.deviation; j <= positions; ++j) {
      if (spurs_left == 0 || budget_spent_) {
        stopped = true;
        break;
      }
      // Remove the next step of every chosen route that shares this root.
      removed.clear();
      for (const Route& q : chosen) {
        if (j == 0) {
          removed.push_back(q.nodes[0]);
          continue;
        }
        if (static_cast<int>(q.flows.size()) < j || q.nodes[0] != last.nodes[0]) continue;
        if (!std::equal(q.flows.begin(), q.flows.begin() + (j - 1), last.flows.begin())) continue;
        removed.push_back(q.flows[j - 1]);
      }
      --spurs_left;
      Route r;
      if (SpurSearch(targets, last, j, removed, r) && known.insert(r.flows).second) {
        candidates.push(std::move(r));
      }
    }
    // A partly searched round could miss a cheaper candidate: report only exact routes.
    if (stopped || candidates.empty()) break;
    chosen.push_back(candidates.top());
    candidates.pop();
  }
  if (stopped && static_cast<int>(chosen.size()) < k_) report_.truncated = true;
  return chosen;
}

std::string Analysis::DescribeHop(int f) const {
  const core::Flow& fl = g_.flow(f);
  const FlowInfo& info = flow_[f];
  int s = g_.source(f), t = g_.target(f);
  std::string line = g_.component(s).id + " → " + g_.component(t).id + " over " +
                     std::string(core::ToString(fl.protocol));
  if (fl.authentication != Authentication::kNone) {
    line += ", " + std::string(core::ToString(fl.authentication)) + " authentication";
  }
  if (fl.authorization != Authorization::kNone) {
    line += ", " + std::string(core::ToString(fl.authorization)) + " authorization";
  }
  if (fl.vpn) line += ", via VPN";
  if (fl.ip_filtered) line += ", IP-filtered";
  if (g_.CrossesBoundary(f)) {
    auto name = [&](int b) {
      return b == kNone ? std::string("(none)") : Quote(g_.boundary(b).id);
    };
    line += ", crosses boundary " + name(g_.innermost_boundary(s)) + " → " +
            name(g_.innermost_boundary(t));
  }
  std::vector<std::string> weak;
  if (info.weaknesses & kNoAuthentication) weak.push_back("no authentication");
  if (info.weaknesses & kNoAuthorization) weak.push_back("no authorization");
  if (info.weaknesses & kUnencryptedCrossing) weak.push_back("unencrypted across the boundary");
  for (int a : info.refuted) {
    weak.push_back("controls void: assumption " + Quote(g_.model().assumptions[a].id) +
                   " is refuted");
  }
  if (!weak.empty()) line += "; " + base::Join(weak, ", ");
  return line;
}

AttackPath Analysis::Describe(int asset, const Route& r) const {
  AttackPath p;
  const int origin = r.nodes.back(), target = r.nodes.front();
  p.asset_id = g_.data_asset(asset).id;
  p.origin_id = g_.component(origin).id;
  p.target_id = g_.component(target).id;
  p.cost = r.cost;
  p.origin_reasons = origin_[origin];
  p.target_stores = g_.Stores(target, asset);
  for (auto it = r.nodes.rbegin(); it != r.nodes.rend(); ++it) {
    p.components.push_back(g_.component(*it).id);
  }
  int no_authn = 0, no_authz = 0, unencrypted = 0;
  std::vector<std::string> refuted;
  p.explanation.push_back("start at " + p.origin_id + " (" +
                          DescribeOriginReasons(p.origin_reasons) + ")");
  for (auto it = r.flows.rbegin(); it != r.flows.rend(); ++it) {
    const int f = *it;
    const FlowInfo& info = flow_[f];
    Hop h;
    h.flow_id = g_.flow(f).id;
    h.from_id = g_.component(g_.source(f)).id;
    h.to_id = g_.component(g_.target(f)).id;
    h.cost = info.cost;
    h.weaknesses = info.weaknesses;
    for (int a : info.refuted) {
      const std::string& id = g_.model().assumptions[a].id;
      h.refuted_assumptions.push_back(id);
      if (std::find(refuted.begin(), refuted.end(), id) == refuted.end()) refuted.push_back(id);
    }
    h.explanation = DescribeHop(f);
    no_authn += (info.weaknesses & kNoAuthentication) != 0;
    no_authz += (info.weaknesses & kNoAuthorization) != 0;
    unencrypted += (info.weaknesses & kUnencryptedCrossing) != 0;
    p.explanation.push_back(h.explanation);
    p.hops.push_back(std::move(h));
  }
  p.explanation.push_back("reach " + p.target_id + ", which " +
                          (p.target_stores ? "stores " : "processes ") + p.asset_id);

  const int hops = static_cast<int>(p.hops.size());
  auto of_hops = [&](int n) { return std::to_string(n) + " of " + Count(hops, "hop", "hops"); };
  std::vector<std::string> parts;
  if (no_authn > 0) parts.push_back(of_hops(no_authn) + " without authentication");
  if (no_authz > 0) parts.push_back(of_hops(no_authz) + " without authorization");
  if (unencrypted > 0) {
    parts.push_back(
        Count(unencrypted, "unencrypted boundary crossing", "unencrypted boundary crossings"));
  }
  if (!refuted.empty()) {
    std::vector<std::string> quoted;
    for (const auto& id : refuted) quoted.push_back(Quote(id));
    parts.push_back(
        std::string(refuted.size() == 1 ? "refuted assumption " : "refuted assumptions ") +
        base::Join(quoted, ", "));
  }
  p.weakness_summary = parts.empty() ? "no missing authentication, authorization or encryption"
                                     : base::Join(parts, "; ");
  return p;
}

AttackPathReport Analysis::Run() {
  const int n = g_.component_count();
  origin_ = FindOrigins(g_, opt_);
  for (int c = 0; c < n; ++c) {
    if (origin_[c] != 0) report_.origins.emplace_back(g_.component(c).id, origin_[c]);
  }
  ComputeFlowInfo();
  ForwardSearch();
  stamp_.assign(n, 0);
  forbid_.assign(n, 0);
  gbest_.assign(n, 0);
  prev_.assign(n, kNone);

  // Sensitive assets, in model order.
  std::vector<int> assets;
  for (int d = 0; d < g_.data_asset_count(); ++d) {
    const core::DataAsset& a = g_.data_asset(d);
    bool wanted =
        opt_.assets.empty()
            ? a.confidentiality >= opt_.min_confidentiality || a.integrity >= opt_.min_integrity
            : std::find(opt_.assets.begin(), opt_.assets.end(), a.id) != opt_.assets.end();
    if (wanted) assets.push_back(d);
  }

  for (int d : assets) {
    AssetCoverage cov;
    cov.asset_id = g_.data_asset(d).id;
    std::vector<int> targets;
    for (int c : g_.holders(d)) {
      if (origin_[c] != 0) {
        Exposure e;
        e.asset_id = cov.asset_id;
        e.component_id = g_.component(c).id;
        e.origin_reasons = origin_[c];
        e.stores = g_.Stores(c, d);
        for (int a : g_.refuted_on_component(c)) {
          e.refuted_assumptions.push_back(g_.model().assumptions[a].id);
        }
        e.explanation = e.component_id + (e.stores ? " stores " : " processes ") + e.asset_id +
                        " and is itself an origin (" + DescribeOriginReasons(e.origin_reasons) +
                        ")";
        if (!e.refuted_assumptions.empty()) {
          std::vector<std::string> quoted;
          for (const auto& id : e.refuted_assumptions) quoted.push_back(Quote(id));
          e.explanation += "; refuted: " + base::Join(quoted, ", ");
        }
        report_.exposures.push_back(std::move(e));
        ++cov.exposures;
        continue;
      }
      ++cov.holders;
      if (dist_[c] < kInf) targets.push_back(c);
    }
    cov.reachable = static_cast<int>(targets.size());
    report_.assets.push_back(cov);

    auto emit = [&](const std::vector<int>& group) {
      ++report_.work.groups;
      for (const Route& r : KWeakest(group)) report_.paths.push_back(Describe(d, r));
    };
    if (opt_.grouping == Grouping::kPerAsset) {
      if (!targets.empty()) emit(targets);
    } else {
      for (int t : targets) emit({t});
    }
  }

  std::sort(report_.paths.begin(), report_.paths.end(),
            [](const AttackPath& a, const AttackPath& b) {
              auto ka = std::tie(a.cost, a.asset_id, a.origin_id, a.target_id);
              auto kb = std::tie(b.cost, b.asset_id, b.origin_id, b.target_id);
              if (ka != kb) return ka < kb;
              return a.FlowIds() < b.FlowIds();
            });
  std::sort(report_.exposures.begin(), report_.exposures.end(),
            [](const Exposure& a, const Exposure& b) {
              return std::tie(a.asset_id, a.component_id) < std::tie(b.asset_id, b.component_id);
            });
  if (budget_spent_) report_.truncated = true;
  return std::move(report_);
}

}  // namespace

std::vector<std::string> AttackPath::FlowIds() const {
  std::vector<std::string> ids;
  ids.reserve(hops.size());
  for (const Hop& h : hops) ids.push_back(h.flow_id);
  return ids;
}

std::vector<uint32_t> FindOrigins(const FlowGraph& graph, const AttackPathOptions& options) {
  std::vector<char> untrusted(graph.boundary_count(), 0);
  for (int b = 0; b < graph.boundary_count(); ++b) {
    const core::TrustBoundary& tb = graph.boundary(b);
    untrusted[b] =
        HasTag(tb.tags, options.untrusted_boundary_tags) ||
        std::find(options.untrusted_boundaries.begin(), options.untrusted_boundaries.end(),
                  tb.id) != options.untrusted_boundaries.end();
  }
  std::vector<uint32_t> out(graph.component_count(), 0);
  for (int c = 0; c < graph.component_count(); ++c) {
    const core::Component& comp = graph.component(c);
    uint32_t r = 0;
    if (comp.internet) r |= kInternetFacing;
    if (comp.type == core::ComponentType::kExternalEntity) r |= kExternalEntity;
    if (comp.used_as_client_by_human) r |= kHumanClient;
    int b = graph.innermost_boundary(c);
    if (b == FlowGraph::kNone) {
      if (options.outside_boundaries_is_untrusted) r |= kOutsideBoundaries;
    } else if (untrusted[b]) {
      r |= kUntrustedBoundary;
    }
    out[c] = r;
  }
  return out;
}

AttackPathReport FindAttackPaths(const FlowGraph& graph, const AttackPathOptions& options) {
  return Analysis(graph, options).Run();
}

std::string DescribeOriginReasons(uint32_t reasons) {
  std::vector<std::string> parts;
  if (reasons & kInternetFacing) parts.push_back("internet-facing");
  if (reasons & kExternalEntity) parts.push_back("external entity");
  if (reasons & kHumanClient) parts.push_back("used as a client by humans");
  if (reasons & kOutsideBoundaries) parts.push_back("outside every trust boundary");
  if (reasons & kUntrustedBoundary) parts.push_back("in an untrusted boundary");
  return base::Join(parts, ", ");
}

std::string FormatReport(const AttackPathReport& report) {
  std::string out;
  out += "origins: " + std::to_string(report.origins.size()) + "\n";
  for (const auto& [id, reasons] : report.origins) {
    out += "  " + id + ": " + DescribeOriginReasons(reasons) + "\n";
  }
  out += "assets: " + std::to_string(report.assets.size()) + "\n";
  for (const AssetCoverage& a : report.assets) {
    out += "  " + a.asset_id + ": " + std::to_string(a.reachable) + " of " +
           std::to_string(a.holders) + " holders reachable, " + std::to_string(a.exposures) +
           " exposed\n";
  }
  out += "paths: " + std::to_string(report.paths.size()) + "\n";
  for (const AttackPath& p : report.paths) {
    out += "  [" + std::to_string(p.cost) + "] " + p.asset_id + ": " +
           base::Join(p.components, " → ") + "\n";
    out += "    weaknesses: " + p.weakness_summary + "\n";
    for (const std::string& line : p.explanation) out += "    - " + line + "\n";
  }
  out += "exposures: " + std::to_string(report.exposures.size()) + "\n";
  for (const Exposure& e : report.exposures) out += "  " + e.explanation + "\n";
  if (report.truncated) out += "truncated: work bound reached, some alternatives not searched\n";
  return out;
}

}  // namespace threatpath::graph
