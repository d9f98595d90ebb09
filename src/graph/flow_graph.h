#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"

namespace threatpath::graph {

/// The model's data-flow graph with indexes the analyses share: flows in and out of each
/// component (compressed adjacency), the trust boundary each component sits in and the chain of
/// boundaries around it, boundary crossings, which components hold each data asset, and which
/// refuted assumptions name each component or flow. Built once in O(components + flows +
/// boundaries + references).
///
/// Elements are addressed by their position in the model's vectors (an `int`; `kNone` = -1 means
/// "none"), so a graph index is also an index into `model().components`, `model().flows`, ...
/// The model must outlive the graph; the graph is immutable after construction and may be shared
/// between threads.
///
/// The graph does not require a validated model: a flow whose source or target does not resolve
/// (or that starts and ends at the same component) is left out of the adjacency and has
/// `source()` / `target()` = kNone; a duplicate id resolves to its first element; a component
/// listed in several boundaries belongs to the first; boundary nesting is read first-parent-wins
/// and a nesting cycle is cut where it closes.
///
/// Boundary crossing. A flow crosses a trust boundary when its source and target do not sit
/// directly in the same boundary. "Outside every boundary" counts as one place: a flow between
/// two components that are both outside every boundary does not cross, a flow from outside into
/// a boundary does. A flow between a boundary and a boundary nested in it crosses (the nested
/// boundary is a separate zone). This is Threagile's `IsAcrossTrustBoundary`.
class FlowGraph {
 public:
  static constexpr int kNone = -1;

  explicit FlowGraph(const core::Model& model);
  FlowGraph(const FlowGraph&) = delete;
  FlowGraph& operator=(const FlowGraph&) = delete;

  const core::Model& model() const { return model_; }

  // --- Elements --------------------------------------------------------------------------------
  int component_count() const { return static_cast<int>(model_.components.size()); }
  int flow_count() const { return static_cast<int>(model_.flows.size()); }
  int boundary_count() const { return static_cast<int>(model_.boundaries.size()); }
  int data_asset_count() const { return static_cast<int>(model_.data_assets.size()); }
  const core::Component& component(int c) const { return model_.components[c]; }
  const core::Flow& flow(int f) const { return model_.flows[f]; }
  const core::TrustBoundary& boundary(int b) const { return model_.boundaries[b]; }
  const core::DataAsset& data_asset(int d) const { return model_.data_assets[d]; }

  /// Position of the element with this id, or kNone.
  int FindComponent(std::string_view id) const { return Find(component_ids_, id); }
  int FindFlow(std::string_view id) const { return Find(flow_ids_, id); }
  int FindBoundary(std::string_view id) const { return Find(boundary_ids_, id); }
  int FindDataAsset(std::string_view id) const { return Find(asset_ids_, id); }

  // --- Adjacency -------------------------------------------------------------------------------
  /// Source and target component of a flow; kNone when the flow is left out (see above).
  int source(int f) const { return flow_ends_[f].source; }
  int target(int f) const { return flow_ends_[f].target; }
  /// Flows leaving / entering a component, in model order.
  std::span<const int> outgoing(int c) const { return Slice(out_offsets_, out_flows_, c); }
  std::span<const int> incoming(int c) const { return Slice(in_offsets_, in_flows_, c); }
  /// Number of flows in the adjacency (flows whose ends resolve).
  int edge_count() const { return static_cast<int>(out_flows_.size()); }

  // --- Trust boundaries ------------------------------------------------------------------------
  /// The boundary the component sits in directly (its innermost one), or kNone.
  int innermost_boundary(int c) const { return component_boundary_[c]; }
  /// The boundary `b` is nested in, or kNone for a top-level boundary.
  int parent_boundary(int b) const { return boundary_parent_[b]; }
  /// Nesting depth: 0 for a top-level boundary.
  int boundary_depth(int b) const { return boundary_depth_[b]; }
  /// The component's boundary and every boundary around it, innermost first; empty when the
  /// component is outside every boundary. O(depth).
  std::vector<int> BoundaryChain(int c) const;

  /// True when the flow's ends do not sit directly in the same boundary (see the class comment).
  /// False for a flow left out of the adjacency.
  bool CrossesBoundary(int f) const { return crosses_[f] != 0; }

  /// What a flow crosses: the boundaries it leaves (the source's chain, innermost first, up to
  /// the innermost boundary that encloses both ends) and the boundaries it enters (outermost
  /// first, down to the target's innermost boundary). Both empty when it does not cross.
  struct Crossing {
    std::vector<int> left;
    std::vector<int> entered;
  };
  Crossing CrossingOf(int f) const;

  // --- Data and assumptions --------------------------------------------------------------------
  /// Data assets the component processes or stores, deduplicated, in the order written
  /// (processed first).
  std::span<const int> data_held(int c) const { return Slice(held_offsets_, held_assets_, c); }
  /// True when the component lists the asset under data_stored.
  bool Stores(int c, int d) const;
  /// Components that process or store the data asset, in model order.
  std::span<const int> holders(int d) const { return Slice(holder_offsets_, holders_, d); }

  /// Refuted assumptions (positions in model().assumptions) whose `elements` name the component
  /// / the flow, in model order.
  std::span<const int> refuted_on_component(int c) const {
    return Slice(refuted_c_offsets_, refuted_c_, c);
  }
  std::span<const int> refuted_on_flow(int f) const {
    return Slice(refuted_f_offsets_, refuted_f_, f);
  }

  /// Title when there is one, the id otherwise (for prose).
  static const std::string& DisplayName(const core::Element& e) {
    return e.title.empty() ? e.id : e.title;
  }

 private:
  using IdIndex = std::unordered_map<std::string_view, int>;
  static int Find(const IdIndex& index, std::string_view id);
  static std::span<const int> Slice(const std::vector<int>& offsets, const std::vector<int>& data,
                                    int i) {
    return {data.data() + offsets[i], data.data() + offsets[i + 1]};
  }

  struct Ends {
    int source = kNone;
    int target = kNone;
  };

  const core::Model& model_;
  IdIndex component_ids_, flow_ids_, boundary_ids_, asset_ids_;
  std::vector<Ends> flow_ends_;
  std::vector<int> out_offsets_, out_flows_, in_offsets_, in_flows_;
  std::vector<int> component_boundary_, boundary_parent_, boundary_depth_;
  std::vector<char> crosses_;
  std::vector<int> held_offsets_, held_assets_;
  std::vector<char> held_stored_;  // parallel to held_assets_
  std::vector<int> holder_offsets_, holders_;
  std::vector<int> refuted_c_offsets_, refuted_c_, refuted_f_offsets_, refuted_f_;
};

}  // namespace threatpath::graph
