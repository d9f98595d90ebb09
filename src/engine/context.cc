#include "engine/context.h"

#include <algorithm>

#include "base/strings.h"
#include "engine/raa.h"

namespace threatpath::engine {
namespace {

using core::Confidentiality;
using core::Criticality;

constexpr std::string_view kAttrNames[kAttrCount] = {
    "web_application",
    "web_service",
    "identity_related",
    "security_control_related",
    "unprotected_communications_tolerated",
    "unnecessary_data_tolerated",
    "close_to_high_value_targets_tolerated",
    "client",
    "propagate_identity_to_outgoing_targets",
    "less_protected_type",
    "processing_end_user_requests",
    "storing_end_user_data",
    "frontend_related",
    "backend_related",
    "development_relevant",
    "traffic_forwarding",
    "embedded_component",
};

constexpr double kConfWeight[] = {8, 13, 21, 34, 55};
constexpr double kCritWeight[] = {5, 8, 13, 21, 34};

template <typename T>
void Raise(T& highest, T value) {
  if (value > highest) highest = value;
}

std::vector<int> Resolve(const core::Refs& refs,
                         const std::unordered_map<std::string_view, int>& index) {
  std::vector<int> out;
  out.reserve(refs.size());
  for (const core::Ref& r : refs) {
    auto it = index.find(r.id);
    if (it != index.end()) out.push_back(it->second);
  }
  return out;
}

uint64_t PairKey(int a, int b) {
  uint64_t lo = static_cast<uint32_t>(std::min(a, b));
  uint64_t hi = static_cast<uint32_t>(std::max(a, b));
  return lo << 32 | hi;
}

std::string NormalizeTag(std::string_view tag) { return base::ToLower(base::Trim(tag)); }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Equal after trimming and lower-casing both, without allocating.
bool SameTag(std::string_view a, std::string_view b) {
  a = base::Trim(a);
  b = base::Trim(b);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view AttrName(Attr a) { return kAttrNames[static_cast<int>(a)]; }

AnalysisContext::AnalysisContext(const core::Model& model, const catalog::Catalog& catalog)
    : model_(model), catalog_(catalog) {
  const int n = static_cast<int>(model.components.size());
  comps_.resize(n);
  flows_.resize(model.flows.size());
  bounds_.resize(model.boundaries.size());
  runtimes_.resize(model.shared_runtimes.size());

  for (int d = 0; d < static_cast<int>(model.data_assets.size()); ++d) {
    data_index_.emplace(model.data_assets[d].id, d);
  }
  by_id_.reserve(n);
  std::unordered_map<std::string_view, uint32_t> attrs_of;  // per distinct technology
  for (int c = 0; c < n; ++c) {
    const core::Component& comp = model.components[c];
    comp_index_.emplace(comp.id, c);
    by_id_.push_back(c);
    CompInfo& info = comps_[c];
    for (const std::string& tech : comp.technologies) {
      auto [it, inserted] = attrs_of.emplace(tech, 0);
      if (inserted) {
        for (int a = 0; a < kAttrCount; ++a) {
          if (catalog.Has(tech, kAttrNames[a])) it->second |= 1u << a;
        }
      }
      info.attrs |= it->second;
    }
    info.processed = Resolve(comp.data_processed, data_index_);
    info.stored = Resolve(comp.data_stored, data_index_);
    info.c = comp.confidentiality;
    info.i = comp.integrity;
    info.a = comp.availability;
    for (int d : info.processed) {
      Raise(info.c, model.data_assets[d].confidentiality);
      Raise(info.i, model.data_assets[d].integrity);
      Raise(info.a, model.data_assets[d].availability);
    }
    for (int d : info.stored) {
      Raise(info.c, model.data_assets[d].confidentiality);
      Raise(info.i, model.data_assets[d].integrity);
      Raise(info.a, model.data_assets[d].availability);
    }
  }
  std::sort(by_id_.begin(), by_id_.end(),
            [&](int a, int b) { return model.components[a].id < model.components[b].id; });

  for (int f = 0; f < static_cast<int>(model.flows.size()); ++f) {
    const core::Flow& flow = model.flows[f];
    FlowInfo& info = flows_[f];
    info.source = FindComponent(flow.from.id);
    info.target = FindComponent(flow.to.id);
    info.sent = Resolve(flow.data_sent, data_index_);
    info.received = Resolve(flow.data_received, data_index_);
    for (const std::vector<int>* list : {&info.sent, &info.received}) {
      for (int d : *list) {
        Raise(info.c, model.data_assets[d].confidentiality);
        Raise(info.i, model.data_assets[d].integrity);
        Raise(info.a, model.data_assets[d].availability);
      }
    }
    if (info.source != kNone) comps_[info.source].out.push_back(f);
    if (info.target != kNone) comps_[info.target].in.push_back(f);
    if (info.source != kNone && info.target != kNone) {
      connections_.insert(PairKey(info.source, info.target));
    }
  }

  // Boundaries: direct membership (first boundary wins), parents (first parent wins), then the
  // recursive content of each boundary.
  std::unordered_map<std::string_view, int> boundary_index;
  for (int b = 0; b < boundary_count(); ++b) boundary_index.emplace(model.boundaries[b].id, b);
  for (int b = 0; b < boundary_count(); ++b) {
    for (const core::Ref& r : model.boundaries[b].components) {
      int c = FindComponent(r.id);
      if (c != kNone && comps_[c].boundary == kNone) comps_[c].boundary = b;
    }
    for (const core::Ref& r : model.boundaries[b].nested) {
      auto it = boundary_index.find(r.id);
      if (it != boundary_index.end() && it->second != b && bounds_[it->second].parent == kNone) {
        bounds_[it->second].parent = b;
      }
    }
  }
  for (int b = 0; b < boundary_count(); ++b) {
    BoundaryInfo& info = bounds_[b];
    std::vector<bool> visited(bounds_.size(), false);
    std::vector<int> stack = {b};
    // Depth first, in the order written: push nested boundaries in reverse.
    while (!stack.empty()) {
      int cur = stack.back();
      stack.pop_back();
      if (visited[cur]) continue;
      visited[cur] = true;
      for (const core::Ref& r : model.boundaries[cur].components) {
        int c = FindComponent(r.id);
        if (c != kNone) info.inside.push_back(c);
      }
      const core::Refs& nested = model.boundaries[cur].nested;
      for (auto it = nested.rbegin(); it != nested.rend(); ++it) {
        auto found = boundary_index.find(it->id);
        if (found != boundary_index.end()) stack.push_back(found->second);
      }
    }
    for (int c : info.inside) {
      Raise(info.c, comps_[c].c);
      Raise(info.i, comps_[c].i);
      Raise(info.a, comps_[c].a);
    }
  }

  for (int r = 0; r < runtime_count(); ++r) {
    RuntimeInfo& info = runtimes_[r];
    for (const core::Ref& ref : model.shared_runtimes[r].components) {
      int c = FindComponent(ref.id);
      if (c == kNone) continue;
      info.components.push_back(c);
      if (comps_[c].runtimes.empty() || comps_[c].runtimes.back() != r) {
        comps_[c].runtimes.push_back(r);
      }
      Raise(info.c, comps_[c].c);
      Raise(info.i, comps_[c].i);
      Raise(info.a, comps_[c].a);
    }
  }

  raa_ = ComputeRaa(*this);
}

int AnalysisContext::FindComponent(std::string_view id) const {
  auto it = comp_index_.find(id);
  return it == comp_index_.end() ? kNone : it->second;
}

int AnalysisContext::FindDataAsset(std::string_view id) const {
  auto it = data_index_.find(id);
  return it == data_index_.end() ? kNone : it->second;
}

bool AnalysisContext::Is(int c, std::string_view technology) const {
  const std::vector<std::string>& techs = model_.components[c].technologies;
  if (techs.empty()) return technology == "unknown-technology";
  return std::find(techs.begin(), techs.end(), technology) != techs.end();
}

bool AnalysisContext::IsAny(int c, std::initializer_list<std::string_view> technologies) const {
  for (std::string_view t : technologies) {
    if (Is(c, t)) return true;
  }
  return false;
}

bool AnalysisContext::ProcessesOrStores(int c, int data_asset) const {
  const CompInfo& info = comps_[c];
  return std::find(info.processed.begin(), info.processed.end(), data_asset) !=
             info.processed.end() ||
         std::find(info.stored.begin(), info.stored.end(), data_asset) != info.stored.end();
}

double AnalysisContext::SensitivityScore(int c) const {
  const core::Component& comp = model_.components[c];
  return kConfWeight[static_cast<int>(comp.confidentiality)] +
         kCritWeight[static_cast<int>(comp.integrity)] +
         kCritWeight[static_cast<int>(comp.availability)];
}

bool AnalysisContext::IsNetworkBoundary(core::BoundaryType type) {
  return type != core::BoundaryType::kExecutionEnvironment;
}

bool AnalysisContext::IsWithinCloud(core::BoundaryType type) {
  return type == core::BoundaryType::kNetworkCloudProvider ||
         type == core::BoundaryType::kNetworkCloudSecurityGroup;
}

// "No boundary" behaves like Threagile's zero-value boundary, whose type is network-on-prem.
bool AnalysisContext::BoundaryIsNetwork(int b) const {
  return b == kNone || IsNetworkBoundary(model_.boundaries[b].type);
}

int AnalysisContext::NetworkBoundaryOf(int c) const {
  int b = comps_[c].boundary;
  if (BoundaryIsNetwork(b)) return b;
  return bounds_[b].parent;  // one level only, as Threagile does
}

bool AnalysisContext::IsAcrossTrustBoundary(int f) const {
  int s = flows_[f].source, t = flows_[f].target;
  if (s == kNone || t == kNone) return false;
  return comps_[s].boundary != comps_[t].boundary;
}

bool AnalysisContext::IsAcrossTrustBoundaryNetworkOnly(int f) const {
  int s = flows_[f].source, t = flows_[f].target;
  if (s == kNone || t == kNone) return false;
  int sb = NetworkBoundaryOf(s), tb = NetworkBoundaryOf(t);
  return sb != tb && BoundaryIsNetwork(tb);
}

bool AnalysisContext::IsSameTrustBoundaryNetworkOnly(int a, int b) const {
  return NetworkBoundaryOf(a) == NetworkBoundaryOf(b);
}

bool AnalysisContext::IsSameExecutionEnvironment(int a, int b) const {
  int ba = comps_[a].boundary, bb = comps_[b].boundary;
  if (ba == kNone || bb == kNone) return false;
  return model_.boundaries[ba].type == core::BoundaryType::kExecutionEnvironment &&
         model_.boundaries[bb].type == core::BoundaryType::kExecutionEnvironment && ba == bb;
}

bool AnalysisContext::IsSharingSameParentTrustBoundary(int a, int b) const {
  int ba = comps_[a].boundary, bb = comps_[b].boundary;
  if (ba == kNone || bb == kNone) return ba == bb;
  if (ba == bb) return true;
  // Walk both chains; boundary nesting is shallow, and a step bound protects against cycles.
  const int limit = boundary_count();
  int steps_a = 0;
  for (int x = ba; x != kNone && steps_a <= limit; x = bounds_[x].parent, ++steps_a) {
    int steps_b = 0;
    for (int y = bb; y != kNone && steps_b <= limit; y = bounds_[y].parent, ++steps_b) {
      if (x == y) return true;
    }
  }
  return false;
}

bool AnalysisContext::HasDirectConnection(int a, int b) const {
  return connections_.count(PairKey(a, b)) > 0;
}

bool AnalysisContext::IsTaggedWithAny(const std::vector<std::string>& tags,
                                      std::initializer_list<std::string_view> wanted) {
  for (const std::string& tag : tags) {
    for (std::string_view w : wanted) {
      if (SameTag(tag, w)) return true;
    }
  }
  return false;
}

bool AnalysisContext::IsTaggedWithAny(const std::vector<std::string>& tags,
                                      const std::vector<std::string>& wanted) {
  for (const std::string& tag : tags) {
    for (const std::string& w : wanted) {
      if (SameTag(tag, w)) return true;
    }
  }
  return false;
}

bool AnalysisContext::IsTaggedWithBaseTag(const std::vector<std::string>& tags,
                                          std::string_view base) {
  std::string b = NormalizeTag(base);
  for (const std::string& tag : tags) {
    std::string t = NormalizeTag(tag);
    if (t == b || base::StartsWith(t, b + ":")) return true;
  }
  return false;
}

bool AnalysisContext::BoundaryTaggedTraversingUp(
    int b, std::initializer_list<std::string_view> wanted) const {
  for (int steps = 0; b != kNone && steps <= boundary_count(); b = bounds_[b].parent, ++steps) {
    if (IsTaggedWithAny(model_.boundaries[b].tags, wanted)) return true;
  }
  return false;
}

bool AnalysisContext::IsTaggedWithAnyTraversingUp(
    int c, std::initializer_list<std::string_view> wanted) const {
  if (IsTaggedWithAny(model_.components[c].tags, wanted)) return true;
  if (BoundaryTaggedTraversingUp(comps_[c].boundary, wanted)) return true;
  for (int r : comps_[c].runtimes) {
    if (IsTaggedWithAny(model_.shared_runtimes[r].tags, wanted)) return true;
  }
  return false;
}

}  // namespace threatpath::engine
