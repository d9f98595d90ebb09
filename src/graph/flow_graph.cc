#include "graph/flow_graph.h"

#include <algorithm>
#include <utility>

namespace threatpath::graph {
namespace {

constexpr int kNone = FlowGraph::kNone;

// Builds a compressed adjacency (offsets of size n + 1, data) from (key, value) pairs with a
// stable counting sort, so that each key's values keep the order in which they were added.
void BuildCsr(int n, const std::vector<std::pair<int, int>>& pairs, std::vector<int>& offsets,
              std::vector<int>& data) {
  offsets.assign(static_cast<size_t>(n) + 1, 0);
  for (const auto& [key, value] : pairs) ++offsets[key + 1];
  for (int i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  data.resize(pairs.size());
  std::vector<int> next(offsets.begin(), offsets.end() - 1);
  for (const auto& [key, value] : pairs) data[next[key]++] = value;
}

template <typename T>
void IndexIds(const std::vector<T>& elements, std::unordered_map<std::string_view, int>& index) {
  index.reserve(elements.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    index.emplace(elements[i].id, static_cast<int>(i));  // first wins
  }
}

}  // namespace

int FlowGraph::Find(const IdIndex& index, std::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? kNone : it->second;
}

FlowGraph::FlowGraph(const core::Model& model) : model_(model) {
  const int n = component_count();
  const int m = flow_count();
  const int nb = boundary_count();
  const int na = data_asset_count();
  IndexIds(model.components, component_ids_);
  IndexIds(model.flows, flow_ids_);
  IndexIds(model.boundaries, boundary_ids_);
  IndexIds(model.data_assets, asset_ids_);

  // Flows and adjacency.
  flow_ends_.assign(m, Ends{});
  std::vector<std::pair<int, int>> out_pairs, in_pairs;
  out_pairs.reserve(m);
  in_pairs.reserve(m);
  for (int f = 0; f < m; ++f) {
    int s = FindComponent(model.flows[f].from.id);
    int t = FindComponent(model.flows[f].to.id);
    if (s == kNone || t == kNone || s == t) continue;
    flow_ends_[f] = {s, t};
    out_pairs.emplace_back(s, f);
    in_pairs.emplace_back(t, f);
  }
  BuildCsr(n, out_pairs, out_offsets_, out_flows_);
  BuildCsr(n, in_pairs, in_offsets_, in_flows_);

  // Boundaries: each component's direct boundary, each boundary's parent (first wins).
  component_boundary_.assign(n, kNone);
  boundary_parent_.assign(nb, kNone);
  for (int b = 0; b < nb; ++b) {
    for (const core::Ref& r : model.boundaries[b].components) {
      int c = FindComponent(r.id);
      if (c != kNone && component_boundary_[c] == kNone) component_boundary_[c] = b;
    }
    for (const core::Ref& r : model.boundaries[b].nested) {
      int child = FindBoundary(r.id);
      if (child != kNone && child != b && boundary_parent_[child] == kNone) {
        boundary_parent_[child] = b;
      }
    }
  }
  // Depths, cutting a nesting cycle at the edge that closes it.
  boundary_depth_.assign(nb, 0);
  std::vector<char> state(nb, 0);  // 0 new, 1 on the current walk, 2 done
  std::vector<int> walk;
  for (int b = 0; b < nb; ++b) {
    if (state[b] == 2) continue;
    walk.clear();
    int x = b;
    while (x != kNone && state[x] == 0) {
      state[x] = 1;
      walk.push_back(x);
      x = boundary_parent_[x];
    }
    if (x != kNone && state[x] == 1) {
      boundary_parent_[walk.back()] = kNone;
      x = kNone;
    }
    int depth = x == kNone ? -1 : boundary_depth_[x];
    for (auto it = walk.rbegin(); it != walk.rend(); ++it) {
      boundary_depth_[*it] = ++depth;
      state[*it] = 2;
    }
  }
  crosses_.assign(m, 0);
  for (int f = 0; f < m; ++f) {
    const Ends& e = flow_ends_[f];
    if (e.source == kNone) continue;
    crosses_[f] = component_boundary_[e.source] != component_boundary_[e.target];
  }

  // Data held by each component, and the holders of each asset.
  std::vector<int> seen(na, kNone);  // the component that last listed the asset
  std::vector<int> pos(na, 0);       // where in held_assets_ it went
  std::vector<std::pair<int, int>> holder_pairs;
  held_offsets_.assign(static_cast<size_t>(n) + 1, 0);
  for (int c = 0; c < n; ++c) {
    const core::Component& comp = model.components[c];
    auto add = [&](const core::Refs& refs, bool stored) {
      for (const core::Ref& r : refs) {
        int d = FindDataAsset(r.id);
        if (d == kNone) continue;
        if (seen[d] != c) {
          seen[d] = c;
          pos[d] = static_cast<int>(held_assets_.size());
          held_assets_.push_back(d);
          held_stored_.push_back(0);
          holder_pairs.emplace_back(d, c);
        }
        if (stored) held_stored_[pos[d]] = 1;
      }
    };
    add(comp.data_processed, false);
    add(comp.data_stored, true);
    held_offsets_[c + 1] = static_cast<int>(held_assets_.size());
  }
  BuildCsr(na, holder_pairs, holder_offsets_, holders_);

  // Refuted assumptions by the components and flows they name.
  std::vector<std::pair<int, int>> on_c, on_f;
  std::vector<int> stamp_c(n, kNone), stamp_f(m, kNone);
  for (int a = 0; a < static_cast<int>(model.assumptions.size()); ++a) {
    const core::Assumption& as = model.assumptions[a];
    if (as.status != core::AssumptionStatus::kRefuted) continue;
    for (const core::Ref& r : as.elements) {
      if (int c = FindComponent(r.id); c != kNone) {
        if (stamp_c[c] != a) on_c.emplace_back(c, a);
        stamp_c[c] = a;
      } else if (int f = FindFlow(r.id); f != kNone) {
        if (stamp_f[f] != a) on_f.emplace_back(f, a);
        stamp_f[f] = a;
      }
    }
  }
  BuildCsr(n, on_c, refuted_c_offsets_, refuted_c_);
  BuildCsr(m, on_f, refuted_f_offsets_, refuted_f_);
}

std::vector<int> FlowGraph::BoundaryChain(int c) const {
  std::vector<int> chain;
  for (int b = component_boundary_[c]; b != kNone; b = boundary_parent_[b]) chain.push_back(b);
  return chain;
}

bool FlowGraph::Stores(int c, int d) const {
  for (int i = held_offsets_[c]; i < held_offsets_[c + 1]; ++i) {
    if (held_assets_[i] == d) return held_stored_[i] != 0;
  }
  return false;
}

FlowGraph::Crossing FlowGraph::CrossingOf(int f) const {
  Crossing out;
  if (!CrossesBoundary(f)) return out;
  int a = component_boundary_[flow_ends_[f].source];
  int b = component_boundary_[flow_ends_[f].target];
  auto depth = [&](int x) { return x == kNone ? -1 : boundary_depth_[x]; };
  while (depth(a) > depth(b)) {
    out.left.push_back(a);
    a = boundary_parent_[a];
  }
  while (depth(b) > depth(a)) {
    out.entered.push_back(b);
    b = boundary_parent_[b];
  }
  while (a != b) {
    out.left.push_back(a);
    out.entered.push_back(b);
    a = boundary_parent_[a];
    b = boundary_parent_[b];
  }
  std::reverse(out.entered.begin(), out.entered.end());
  return out;
}

}  // namespace threatpath::graph
