#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "diagram/diagram.h"

namespace threatpath::diagram {
namespace {

using core::BoundaryType;
using core::ComponentType;
using core::Confidentiality;
using core::Model;

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  uint32_t min = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Fill colours, from least to most sensitive.
constexpr const char* kPalette[] = {"#ffffff", "#e3f0ff", "#fff4c2", "#ffd8a8", "#ffb0b0"};

const char* ConfidentialityColour(Confidentiality c) { return kPalette[static_cast<int>(c)]; }

const char* RaaColour(double raa) {
  if (!(raa > 0)) return kPalette[0];  // also NaN
  if (raa >= 80) return kPalette[4];
  return kPalette[static_cast<int>(raa / 20.0)];
}

const char* SeverityColour(core::RiskSeverity s) {
  switch (s) {
    case core::RiskSeverity::kCritical:
      return "#b00020";
    case core::RiskSeverity::kHigh:
      return "#e53935";
    case core::RiskSeverity::kElevated:
      return "#fb8c00";
    case core::RiskSeverity::kMedium:
      return "#fbc02d";
    case core::RiskSeverity::kLow:
      return "#7cb342";
  }
  return "#000000";
}

std::string ShapeAttrs(ComponentType type) {
  switch (type) {
    case ComponentType::kExternalEntity:
      return "shape=box, style=\"filled\"";
    case ComponentType::kProcess:
      return "shape=ellipse, style=\"filled\"";
    case ComponentType::kDatastore:
      return "shape=cylinder, style=\"filled\"";
  }
  return "shape=box";
}

std::string ClusterAttrs(BoundaryType type) {
  switch (type) {
    case BoundaryType::kNetworkOnPrem:
      return "style=\"dashed\"; color=\"#c62828\"";
    case BoundaryType::kNetworkDedicatedHoster:
      return "style=\"dashed\"; color=\"#6d4c41\"";
    case BoundaryType::kNetworkVirtualLan:
      return "style=\"dashed\"; color=\"#ef6c00\"";
    case BoundaryType::kNetworkCloudProvider:
      return "style=\"dashed,bold\"; color=\"#1565c0\"";
    case BoundaryType::kNetworkCloudSecurityGroup:
      return "style=\"dashed\"; color=\"#2e7d32\"";
    case BoundaryType::kNetworkPolicyNamespaceIsolation:
      return "style=\"dashed\"; color=\"#6a1b9a\"";
    case BoundaryType::kExecutionEnvironment:
      return "style=\"dotted\"; color=\"#616161\"";
  }
  return "style=\"dashed\"";
}

std::string EdgeLayout(const std::string& layout) {
  static const std::set<std::string, std::less<>> kKnown = {"spline", "polyline", "ortho", "curved",
                                                            "line",   "false",    "true",  "none"};
  return kKnown.count(layout) ? layout : std::string();
}

std::vector<std::string> SplitColon(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t colon = s.find(':', start);
    out.push_back(s.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

using base::Count;  // "1 component", "2 components"

std::string Indent(int depth) { return std::string(2 * depth, ' '); }

// Which parts of a data-flow diagram to highlight (for attack paths).
struct Highlight {
  std::set<std::string> flows;
  std::set<std::string> components;
  std::string origin;
  std::string target;
  std::string description;  // the path in words: the diagram's tooltip
};

constexpr const char* kPathRed = "#d50000";
// Light enough for the black label text (a label's colour is fixed by the layout).
constexpr const char* kOriginRed = "#ff6e6e";
constexpr const char* kTargetPurple = "#c5a3ff";

class DfdWriter {
 public:
  // With `marks`, the highlight's attributes are collected there instead of being written
  // into the DOT text, which then is the same for every highlight.
  DfdWriter(const Model& model, const DfdOptions& options, const Highlight* highlight,
            std::vector<AttrOverride>* marks = nullptr)
      : m_(model), o_(options), h_(highlight), marks_(marks) {
    for (size_t i = 0; i < m_.components.size(); ++i) {
      comp_index_.emplace(m_.components[i].id, static_cast<int>(i));
    }
    for (size_t i = 0; i < m_.boundaries.size(); ++i) {
      boundary_index_.emplace(m_.boundaries[i].id, static_cast<int>(i));
    }
    if (!o_.risks.empty()) {
      for (const engine::Risk& r : o_.risks) {
        if (r.component.empty() || !engine::IsStillAtRisk(r.status)) continue;
        auto [it, inserted] = worst_.emplace(r.component, r.severity);
        if (!inserted && r.severity > it->second) it->second = r.severity;
      }
    }
  }

  // The whole diagram, collapsed when the model exceeds the threshold.
  std::string Write() {
    ComputeTree();
    const bool collapse = ExceedsCollapseThreshold(m_, o_.collapse_threshold);
    // Collapsed, the nodes are the top-level boundaries.
    fast_layout_ = (collapse ? roots_.size() + 1 : m_.components.size()) > kFastLayoutNodes;
    out_.clear();
    out_ += "digraph dfd {\n";
    GraphAttrs(collapse ? Note::kThreshold : Note::kNone);
    if (collapse) {
      WriteCollapsed();
    } else {
      WriteFull();
    }
    out_ += "}\n";
    return std::move(out_);
  }

  // The overview and the parts: one per top-level boundary (and one for components outside),
  // and, below a part too big to draw in full, one per child boundary, recursively.
  SplitDfd WriteSplit(std::string_view link_extension) {
    ComputeTree();
    ComputeParts();
    link_extension_ = std::string(link_extension);
    const int nb = static_cast<int>(m_.boundaries.size());
    const int outside = nb;
    // Parts in drill-down order: each top-level boundary followed by its sub-parts (pre-order),
    // then the components outside any boundary.
    std::vector<int> parts;
    for (int b : order_) {
      if (written_[b]) parts.push_back(b);
    }
    if (written_[outside]) parts.push_back(outside);

    SplitDfd split;
    out_.clear();
    out_ += "digraph dfd {\n";
    fast_layout_ = roots_.size() + 1 > kFastLayoutNodes;
    GraphAttrs(Note::kOverview);
    WriteCollapsed();
    out_ += "}\n";
    split.overview = std::move(out_);
    for (int p : parts) split.parts.push_back(WritePartOf(p));
    part_ = -1;
    return split;
  }

 private:
  enum class Note { kNone, kThreshold, kOverview, kPart };

  // Outside-neighbour stubs drawn one by one in a part; the rest become one aggregated node.
  static constexpr size_t kMaxStubs = 50;
  // Above this many nodes a diagram is laid out with the cheaper settings (see GraphAttrs).
  static constexpr size_t kFastLayoutNodes = 100;
  // Connections drawn between collapsed boundaries at most (the heaviest; see WriteCollapsed).
  static constexpr size_t kMaxOverviewEdges = 150;

  bool InPart(int c) const { return part_ < 0 || full_[c]; }

  // "n<c>" for a component drawn in full, "x<c>" for a stub.
  std::string NodeName(int c) const { return (InPart(c) ? "n" : "x") + std::to_string(c); }

  bool Collapses(int b) const {
    const int t = o_.collapse_threshold;
    return t > 0 && (sub_components_[b] > t || sub_boundaries_[b] > t);
  }

  // Which boundaries are parts, which part draws each boundary in full, depths and file stems.
  void ComputeParts() {
    const int nb = static_cast<int>(m_.boundaries.size());
    parent_.assign(nb, -1);
    order_.clear();
    for (int r : roots_) {
      std::vector<int> stack = {r};
      while (!stack.empty()) {
        int b = stack.back();
        stack.pop_back();
        order_.push_back(b);
        for (auto it = children_[b].rbegin(); it != children_[b].rend(); ++it) {
          parent_[*it] = b;
          stack.push_back(*it);
        }
      }
    }
    sub_components_.assign(nb, 0);
    sub_boundaries_.assign(nb, 0);
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
      const int b = *it;
      sub_components_[b] += static_cast<int>(direct_[b].size());
      if (parent_[b] >= 0) {
        sub_components_[parent_[b]] += sub_components_[b];
        sub_boundaries_[parent_[b]] += 1 + sub_boundaries_[b];
      }
    }
    drawer_.assign(nb, -1);
    depth_.assign(nb + 1, 1);
    written_.assign(nb + 1, false);
    for (int b : order_) {
      const int up = parent_[b];
      if (up < 0) {
        drawer_[b] = b;
      } else if (drawer_[up] == up && Collapses(up)) {
        drawer_[b] = b;
        depth_[b] = depth_[up] + 1;
      } else {
        drawer_[b] = drawer_[up];
      }
      written_[b] = drawer_[b] == b && (o_.split_max_depth <= 0 || depth_[b] <= o_.split_max_depth);
    }
    written_[nb] =
        std::find(comp_boundary_.begin(), comp_boundary_.end(), -1) != comp_boundary_.end();
    // File stems over all boundaries in model order, so they depend on the model only.
    stems_.assign(nb + 1, std::string());
    std::set<std::string> used;
    for (int b = 0; b < nb; ++b) {
      std::string slug = base::Slugify(m_.boundaries[b].id);
      std::string stem = slug.empty() ? "data-flow-boundary" : "data-flow-boundary-" + slug;
      std::string unique = stem;
      for (int n = 2; used.count(unique); ++n) unique = stem + "-" + std::to_string(n);
      used.insert(unique);
      stems_[b] = unique;
    }
    stems_[nb] = "data-flow-outside-boundaries";
  }

  std::string TitleOf(int b) const {
    if (b == static_cast<int>(m_.boundaries.size())) return "Outside any trust boundary";
    const core::TrustBoundary& tb = m_.boundaries[b];
    return tb.title.empty() ? tb.id : tb.title;
  }

  // The part that draws component c in full (the boundary count for components outside).
  int DrawerOf(int c) const {
    const int b = comp_boundary_[c];
    return b < 0 ? static_cast<int>(m_.boundaries.size()) : drawer_[b];
  }

  // Where a stub's component sits, for its label: the boundary that lists it.
  std::string PlaceOf(int c) const {
    if (comp_boundary_[c] == -1) return "outside any trust boundary";
    return "in '" + TitleOf(comp_boundary_[c]) + "'";
  }

  // A link to the file of part p, or of its nearest ancestor that is written.
  std::string LinkAttr(int p) const {
    if (link_extension_.empty() || stems_.empty()) return "";
    while (p >= 0 && !written_[p]) p = parent_[p];
    if (p < 0) return "";
    return ", URL=" + QuoteDot(stems_[p] + link_extension_);
  }

  // One part: its own components in full; when it collapses, its child boundaries as summary
  // nodes; its outside neighbours as stubs (at most kMaxStubs, the rest aggregated); at most
  // collapse_threshold components in full (the rest of an oversized boundary aggregated).
  DfdPart WritePartOf(int p) {
    const int nb = static_cast<int>(m_.boundaries.size());
    const int outside = nb;
    const size_t n = m_.components.size();
    const bool collapsed = p != outside && Collapses(p);
    DfdPart part;
    part.file_stem = stems_[p];
    part.title = TitleOf(p);
    part.depth = depth_[p];
    if (p != outside) {
      part.boundary_id = m_.boundaries[p].id;
      if (parent_[p] >= 0) part.parent_boundary_id = m_.boundaries[parent_[p]].id;
    }
    part_ = p;
    // The node of every component in this part ("" for components elsewhere).
    full_.assign(n, false);
    std::vector<std::string> name(n);
    std::vector<int> summaries;  // child boundaries drawn as one node, in child order
    std::vector<int> full;
    std::vector<int> count(nb, 0);
    for (size_t c = 0; c < n; ++c) {
      const int b = comp_boundary_[c];
      if (DrawerOf(static_cast<int>(c)) == p) {
        full.push_back(static_cast<int>(c));
        continue;
      }
      if (p == outside || b < 0) continue;
      int child = b;
      while (child >= 0 && parent_[child] != p) child = parent_[child];
      if (child < 0) continue;
      name[c] = "s" + std::to_string(child);
      ++count[child];
    }
    if (collapsed) summaries = children_[p];
    const size_t cap =
        o_.collapse_threshold > 0 ? static_cast<size_t>(o_.collapse_threshold) : full.size();
    for (size_t i = 0; i < full.size(); ++i) {
      const int c = full[i];
      if (i < cap) {
        full_[c] = true;
        name[c] = "n" + std::to_string(c);
      } else {
        name[c] = "h_more";
      }
    }
    const size_t hidden = full.size() > cap ? full.size() - cap : 0;
    part.components = static_cast<int>(full.size() - hidden);
    part.hidden = static_cast<int>(hidden);
    part.summaries = static_cast<int>(summaries.size());
    // Outside neighbours, in model order.
    std::set<int> neighbours;
    for (const core::Flow& f : m_.flows) {
      auto from = comp_index_.find(f.from.id);
      auto to = comp_index_.find(f.to.id);
      if (from == comp_index_.end() || to == comp_index_.end()) continue;
      const bool a = !name[from->second].empty();
      const bool b = !name[to->second].empty();
      if (a && !b) neighbours.insert(to->second);
      if (b && !a) neighbours.insert(from->second);
    }
    std::vector<int> stubs;
    size_t more = 0;
    for (int c : neighbours) {
      if (stubs.size() < kMaxStubs) {
        stubs.push_back(c);
        name[c] = "x" + std::to_string(c);
      } else {
        ++more;
        name[c] = "x_more";
      }
    }
    part.stubs = static_cast<int>(stubs.size());
    part.more_stubs = static_cast<int>(more);
    fast_layout_ = part.components + summaries.size() + stubs.size() > kFastLayoutNodes;

    part_note_ = (p == outside ? std::string("components outside any trust boundary")
                               : "trust boundary '" + part.title + "'") +
                 ": " + Count(static_cast<size_t>(part.components), "component", "components");
    if (!summaries.empty()) {
      part_note_ += "; " + Count(summaries.size(), "nested boundary", "nested boundaries") +
                    " collapsed into one node each (" + std::to_string(sub_components_[p]) +
                    " components exceed the threshold of " + std::to_string(o_.collapse_threshold) +
                    ")";
    }
    if (hidden > 0) {
      part_note_ += "; " + Count(hidden, "more component", "more components") +
                    " held directly not drawn (above the threshold of " +
                    std::to_string(o_.collapse_threshold) + ")";
    }
    if (!stubs.empty()) {
      part_note_ += "; " +
                    Count(stubs.size() + more, "connected component", "connected components") +
                    " elsewhere drawn as stubs";
      if (more > 0) part_note_ += " (" + std::to_string(more) + " aggregated)";
    }
    if (fast_layout_) part_note_ += "; large diagram: straight edges, shorter layout search";

    out_.clear();
    out_ += "digraph dfd {\n";
    GraphAttrs(Note::kPart);
    if (p == outside) {
      for (size_t i = 0; i < static_cast<size_t>(part.components); ++i) WriteNode(full[i], 1);
      if (hidden > 0) WriteHiddenNode(hidden, 1);
    } else if (!collapsed) {
      WriteCluster(p, 1);
    } else {
      WriteClusterHead(p, 1);
      for (int s : summaries) WriteSummaryNode(s, count[s], 2);
      for (size_t i = 0; i < static_cast<size_t>(part.components); ++i) WriteNode(full[i], 2);
      if (hidden > 0) WriteHiddenNode(hidden, 2);
      out_ += Indent(1) + "}\n";
    }
    for (int c : stubs) {
      const core::Component& comp = m_.components[c];
      out_ += "  x" + std::to_string(c) +
              " [shape=box, style=\"dashed,rounded\", fontsize=8, color=\"#9e9e9e\", id=" +
              QuoteDot("stub:" + comp.id) + ", label=" +
              QuoteDot((comp.title.empty() ? comp.id : comp.title) + "\n(" + PlaceOf(c) + ")") +
              ", tooltip=" + QuoteDot(comp.id + ", " + PlaceOf(c)) + LinkAttr(DrawerOf(c)) + "];\n";
    }
    if (more > 0) {
      out_ +=
          "  x_more [shape=box, style=\"dashed,rounded\", fontsize=8, color=\"#9e9e9e\", "
          "id=\"stub:more\", label=" +
          QuoteDot("… and " + std::to_string(more) + " more outside") + "];\n";
    }
    // Flows: one edge each between components drawn one by one, aggregated otherwise.
    std::map<std::pair<std::string, std::string>, int> aggregated;
    for (const core::Flow& f : m_.flows) {
      auto from = comp_index_.find(f.from.id);
      auto to = comp_index_.find(f.to.id);
      if (from == comp_index_.end() || to == comp_index_.end()) continue;
      const std::string& a = name[from->second];
      const std::string& b = name[to->second];
      if (a.empty() || b.empty() || a == b) continue;
      if (a[0] == 'x' && b[0] == 'x') continue;  // both elsewhere
      const bool single_a = a[0] == 'n' || (a[0] == 'x' && a != "x_more");
      const bool single_b = b[0] == 'n' || (b[0] == 'x' && b != "x_more");
      if (single_a && single_b) {
        WriteFlow(f, a, b);
      } else {
        ++aggregated[{a, b}];
      }
    }
    for (const auto& [key, flows] : aggregated) {
      out_ += "  " + key.first + " -> " + key.second +
              " [label=" + QuoteDot(Count(flows, "flow", "flows")) +
              ", penwidth=" + std::to_string(std::min(1 + flows / 10, 5)) + "];\n";
    }
    WriteTweaks();
    out_ += "}\n";
    part.dot = std::move(out_);
    fast_layout_ = false;
    return part;
  }

  void WriteSummaryNode(int b, int components, int depth) {
    const core::TrustBoundary& tb = m_.boundaries[b];
    std::string label =
        "cluster '" + TitleOf(b) + "': " + Count(components, "component", "components");
    if (sub_boundaries_[b] > 0) {
      label += "\n" + Count(sub_boundaries_[b], "nested boundary", "nested boundaries");
    }
    label += "\n" + std::string(core::ToString(tb.type));
    if (written_[b]) label += "\n(drawn in its own diagram)";
    out_ += Indent(depth) + "s" + std::to_string(b) +
            " [shape=box3d, style=\"filled\", fillcolor=\"#f5f5f5\", id=" +
            QuoteDot("boundary:" + tb.id) + ", label=" + QuoteDot(label) +
            (written_[b] ? LinkAttr(b) : std::string()) + "];\n";
  }

  void WriteHiddenNode(size_t hidden, int depth) {
    out_ += Indent(depth) +
            "h_more [shape=box3d, style=\"filled,dashed\", fillcolor=\"#eeeeee\", id=\"more\", "
            "label=" +
            QuoteDot("… and " + Count(hidden, "more component", "more components") + " not drawn") +
            "];\n";
  }

  // Boundary nesting as a forest: children of each boundary and the roots, each boundary placed
  // once (first parent wins); boundaries only reachable through a cycle become roots. Components
  // sit in the first boundary that lists them.
  void ComputeTree() {
    const size_t nb = m_.boundaries.size();
    children_.assign(nb, {});
    direct_.assign(nb, {});
    std::vector<int> parent(nb, -1);
    for (size_t b = 0; b < nb; ++b) {
      for (const core::Ref& ref : m_.boundaries[b].nested) {
        auto it = boundary_index_.find(ref.id);
        if (it == boundary_index_.end() || it->second == static_cast<int>(b)) continue;
        if (parent[it->second] == -1) parent[it->second] = static_cast<int>(b);
      }
    }
    std::vector<bool> placed(nb, false);
    auto place = [&](int root) {
      std::vector<int> stack = {root};
      placed[root] = true;
      roots_.push_back(root);
      while (!stack.empty()) {
        int b = stack.back();
        stack.pop_back();
        for (const core::Ref& ref : m_.boundaries[b].nested) {
          auto it = boundary_index_.find(ref.id);
          if (it == boundary_index_.end() || placed[it->second]) continue;
          placed[it->second] = true;
          children_[b].push_back(it->second);
          stack.push_back(it->second);
        }
      }
    };
    for (size_t b = 0; b < nb; ++b) {
      if (parent[b] == -1 && !placed[b]) place(static_cast<int>(b));
    }
    for (size_t b = 0; b < nb; ++b) {
      if (!placed[b]) place(static_cast<int>(b));
    }
    // Top-level boundary of every boundary, for collapsing.
    top_.assign(nb, -1);
    for (int r : roots_) {
      std::vector<int> stack = {r};
      while (!stack.empty()) {
        int b = stack.back();
        stack.pop_back();
        top_[b] = r;
        for (int c : children_[b]) stack.push_back(c);
      }
    }
    comp_boundary_.assign(m_.components.size(), -1);
    for (size_t b = 0; b < nb; ++b) {
      for (const core::Ref& ref : m_.boundaries[b].components) {
        auto it = comp_index_.find(ref.id);
        if (it == comp_index_.end() || comp_boundary_[it->second] != -1) continue;
        comp_boundary_[it->second] = static_cast<int>(b);
        direct_[b].push_back(it->second);
      }
    }
    for (auto& d : direct_) std::sort(d.begin(), d.end());
    // The summary node (top-level boundary, or nb for none) of every component.
    summary_.assign(m_.components.size(), static_cast<int>(nb));
    for (size_t c = 0; c < m_.components.size(); ++c) {
      if (comp_boundary_[c] != -1) summary_[c] = top_[comp_boundary_[c]];
    }
  }

  // A highlight attribute of the element with DOT id `element` ("" for the graph): written into
  // `attrs` (as ", name=value"), or collected as an override.
  void Mark(std::string& attrs, std::string_view element, const char* name, std::string value) {
    if (marks_ != nullptr) {
      marks_->push_back({std::string(element), name, std::move(value)});
    } else {
      attrs += std::string(", ") + name + "=" + QuoteDot(value);
    }
  }

  void GraphAttrs(Note kind) {
    std::string label = o_.title.empty() ? m_.meta.title : o_.title;
    if (kind == Note::kOverview) {
      std::string note =
          "overview: each top-level trust boundary is one node, with a diagram of its own";
      label += label.empty() ? note : "\n" + note;
    } else if (kind == Note::kPart) {
      label += label.empty() ? part_note_ : "\n" + part_note_;
    } else if (kind == Note::kNone && fast_layout_) {
      std::string note = "large diagram: straight edges, shorter layout search";
      label += label.empty() ? note : "\n" + note;
    } else if (kind == Note::kThreshold) {
      std::string note = (m_.components.size() > static_cast<size_t>(o_.collapse_threshold)
                              ? std::to_string(m_.components.size()) + " components"
                              : std::to_string(m_.boundaries.size()) + " trust boundaries") +
                         " exceed the threshold of " + std::to_string(o_.collapse_threshold) +
                         ": each top-level trust boundary is collapsed into one node";
      label += label.empty() ? note : "\n" + note;
    }
    out_ += "  graph [fontname=\"Helvetica\", fontsize=12, compound=true, newrank=true";
    out_ += ", rankdir=";
    out_ += m_.diagram.layout_left_to_right ? "LR" : "TB";
    if (m_.diagram.nodesep > 0) out_ += ", nodesep=" + std::to_string(m_.diagram.nodesep);
    if (m_.diagram.ranksep > 0) out_ += ", ranksep=" + std::to_string(m_.diagram.ranksep);
    if (fast_layout_) {
      // Measured on generated models (docs/diagrams.md): fewer network-simplex iterations and
      // crossing-minimisation passes, and straight edges (spline routing around thousands of
      // virtual nodes dominates otherwise).
      out_ += ", nslimit=0.2, nslimit1=0.2, mclimit=0.2, searchsize=20, remincross=false";
      out_ += ", splines=\"line\"";
    } else if (std::string s = EdgeLayout(m_.diagram.edge_layout); !s.empty()) {
      out_ += ", splines=" + QuoteDot(s);
    }
    if (!label.empty()) out_ += ", labelloc=t, label=" + QuoteDot(label);
    // Every attribute an attack path's highlight sets is declared here, so that it can also be
    // set after the layout (Graphviz looks attributes up once, when it reads the graph); label
    // colours are not among them, the layout fixes those. The data-flow diagram declares them
    // too: it is the text every attack-path diagram of the model is drawn from.
    std::string tooltip;
    if (h_ != nullptr) Mark(tooltip, "", "tooltip", h_->description);
    out_ += tooltip.empty() ? ", tooltip=\"\"" : tooltip;
    out_ += "];\n";
    out_ += "  node [fontname=\"Helvetica\", fontsize=10, penwidth=1, color=\"black\"];\n";
    out_ += "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\", penwidth=1";
    out_ += ", style=\"solid\"];\n";
  }

  void WriteFull() {
    for (int r : roots_) WriteCluster(r, 1);
    for (size_t c = 0; c < m_.components.size(); ++c) {
      if (comp_boundary_[c] == -1) WriteNode(static_cast<int>(c), 1);
    }
    for (const core::Flow& f : m_.flows) WriteFlow(f);
    WriteTweaks();
  }

  // Invisible connections and same-rank groups, restricted to the current part.
  void WriteTweaks() {
    for (const std::string& pair : m_.diagram.invisible_connections) {
      auto parts = SplitColon(pair);
      if (parts.size() != 2) continue;
      auto a = comp_index_.find(parts[0]);
      auto b = comp_index_.find(parts[1]);
      if (a == comp_index_.end() || b == comp_index_.end()) continue;
      if (!InPart(a->second) || !InPart(b->second)) continue;
      out_ += "  n" + std::to_string(a->second) + " -> n" + std::to_string(b->second) +
              " [style=invis];\n";
    }
    for (const std::string& group : m_.diagram.same_rank_assets) {
      std::string nodes;
      for (const std::string& id : SplitColon(group)) {
        auto it = comp_index_.find(id);
        if (it != comp_index_.end() && InPart(it->second)) {
          nodes += " n" + std::to_string(it->second) + ";";
        }
      }
      if (!nodes.empty()) out_ += "  { rank=same;" + nodes + " }\n";
    }
  }

  void WriteCluster(int b, int depth) {
    WriteClusterHead(b, depth);
    for (int c : children_[b]) WriteCluster(c, depth + 1);
    for (int c : direct_[b]) WriteNode(c, depth + 1);
    out_ += Indent(depth) + "}\n";
  }

  // A cluster's opening line and attributes, without its contents and closing brace.
  void WriteClusterHead(int b, int depth) {
    const core::TrustBoundary& tb = m_.boundaries[b];
    const std::string in = Indent(depth);
    out_ += in + "subgraph cluster_" + std::to_string(b) + " {\n";
    out_ += in + "  id=" + QuoteDot("boundary:" + tb.id) + ";\n";
    out_ += in + "  label=" +
            QuoteDot((tb.title.empty() ? tb.id : tb.title) + "\n" +
                     std::string(core::ToString(tb.type))) +
            ";\n";
    out_ += in + "  tooltip=" + QuoteDot(tb.description.empty() ? tb.id : tb.description) + ";\n";
    out_ += in + "  " + ClusterAttrs(tb.type) + ";\n";
  }

  void WriteNode(int c, int depth) {
    const core::Component& comp = m_.components[c];
    std::string label = comp.title.empty() ? comp.id : comp.title;
    if (!comp.technologies.empty()) label += "\n[" + comp.technologies.front() + "]";
    std::string color, penwidth;
    if (auto it = worst_.find(comp.id); it != worst_.end()) {
      label += "\nrisk: " + std::string(core::ToString(it->second));
      color = SeverityColour(it->second);
      penwidth = "2";
    }
    std::string fill = o_.raa.size() == m_.components.size() && !o_.raa.empty()
                           ? RaaColour(o_.raa[c])
                           : ConfidentialityColour(comp.confidentiality);
    std::string shape = ShapeAttrs(comp.type);
    if (comp.out_of_scope) {
      shape.replace(shape.find("filled"), 6, "filled,dashed");
      fill = "#eeeeee";
    }
    const std::string id = "component:" + comp.id;
    std::string tooltip = comp.description.empty() ? comp.id : comp.description;
    // The highlight changes colours, line widths and the tooltip, never the label or the size:
    // an attack-path diagram has the layout of the data-flow diagram it highlights. Written
    // into the text, its values replace the plain ones; collected, they are set after layout.
    if (h_ != nullptr && h_->components.count(comp.id)) {
      const bool origin = comp.id == h_->origin;
      const bool ends = origin || comp.id == h_->target;
      const std::pair<const char*, std::string*> values[] = {
          {"color", &color}, {"penwidth", &penwidth}, {"fillcolor", &fill}, {"tooltip", &tooltip}};
      const std::string marked[] = {
          kPathRed, "3", ends ? (origin ? kOriginRed : kTargetPurple) : fill,
          ends ? (origin ? "attack origin: " : "attack target: ") + tooltip : tooltip};
      for (size_t i = 0; i < 4; ++i) {
        if (*values[i].second == marked[i]) continue;
        if (marks_ != nullptr) {
          marks_->push_back({id, values[i].first, marked[i]});
        } else {
          *values[i].second = marked[i];
        }
      }
    }
    std::string attrs = shape + ", fillcolor=" + QuoteDot(fill);
    if (!color.empty()) attrs += ", color=" + QuoteDot(color) + ", penwidth=" + penwidth;
    attrs +=
        ", id=" + QuoteDot(id) + ", label=" + QuoteDot(label) + ", tooltip=" + QuoteDot(tooltip);
    out_ += Indent(depth) + "n" + std::to_string(c) + " [" + attrs + "];\n";
  }

  // A highlighted edge: bold and red.
  void MarkEdge(std::string& attrs, std::string_view id) {
    Mark(attrs, id, "color", kPathRed);
    Mark(attrs, id, "penwidth", "3");
    Mark(attrs, id, "style", "bold");
  }

  void WriteFlow(const core::Flow& f) {
    auto from = comp_index_.find(f.from.id);
    auto to = comp_index_.find(f.to.id);
    if (from == comp_index_.end() || to == comp_index_.end()) return;
    WriteFlow(f, NodeName(from->second), NodeName(to->second));
  }

  void WriteFlow(const core::Flow& f, const std::string& from, const std::string& to) {
    const std::string id = "flow:" + f.id;
    std::string attrs = "id=" + QuoteDot(id);
    if (!m_.diagram.suppress_edge_labels) {
      attrs += ", label=" + QuoteDot(std::string(core::ToString(f.protocol)) + "\n" +
                                     std::string(core::ToString(f.authentication)));
    }
    attrs += ", tooltip=" + QuoteDot(f.title.empty() ? f.id : f.title);
    if (f.diagram_tweak_weight != 1) {
      attrs += ", weight=" + std::to_string(std::max(0, f.diagram_tweak_weight));
    }
    if (!f.diagram_tweak_constraint) attrs += ", constraint=false";
    if (f.readonly) attrs += ", arrowhead=onormal";
    if (h_ != nullptr && h_->flows.count(f.id)) MarkEdge(attrs, id);
    out_ += "  " + from + " -> " + to + " [" + attrs + "];\n";
  }

  // Collapsed: one node per top-level boundary (s<root>) plus one for components in no boundary
  // (s_outside); flows aggregated per ordered pair of summaries, flows inside a summary dropped.
  void WriteCollapsed() {
    const int outside = static_cast<int>(m_.boundaries.size());
    const std::vector<int>& summary = summary_;
    std::vector<int> count(m_.boundaries.size() + 1, 0);
    std::vector<int> nested_count(m_.boundaries.size(), 0);
    for (size_t b = 0; b < m_.boundaries.size(); ++b) {
      if (top_[b] != static_cast<int>(b)) ++nested_count[top_[b]];
    }
    for (size_t c = 0; c < m_.components.size(); ++c) ++count[summary[c]];
    std::vector<bool> marked(m_.boundaries.size() + 1, false);
    if (h_ != nullptr) {
      for (const auto& id : h_->components) {
        if (auto it = comp_index_.find(id); it != comp_index_.end()) {
          marked[summary[it->second]] = true;
        }
      }
    }
    auto name = [&](int s) {
      return s == outside ? std::string("s_outside") : "s" + std::to_string(s);
    };
    for (int r : roots_) {
      const core::TrustBoundary& tb = m_.boundaries[r];
      std::string label = "cluster '" + (tb.title.empty() ? tb.id : tb.title) +
                          "': " + Count(count[r], "component", "components");
      if (nested_count[r] > 0) {
        label += "\n" + Count(nested_count[r], "nested boundary", "nested boundaries");
      }
      label += "\n" + std::string(core::ToString(tb.type));
      const std::string id = "boundary:" + tb.id;
      std::string attrs =
          "shape=box3d, style=\"filled\", fillcolor=\"#f5f5f5\", id=" + QuoteDot(id) +
          ", label=" + QuoteDot(label) + LinkAttr(r);
      if (marked[r]) {
        Mark(attrs, id, "color", kPathRed);
        Mark(attrs, id, "penwidth", "3");
      }
      out_ += "  " + name(r) + " [" + attrs + "];\n";
    }
    if (count[outside] > 0) {
      std::string attrs =
          "shape=box3d, style=\"filled,dashed\", fillcolor=\"#ffffff\", id=\"outside\", label=" +
          QuoteDot("outside any boundary: " + Count(count[outside], "component", "components")) +
          LinkAttr(outside);
      if (marked[outside]) {
        Mark(attrs, "outside", "color", kPathRed);
        Mark(attrs, "outside", "penwidth", "3");
      }
      out_ += "  " + name(outside) + " [" + attrs + "];\n";
    }
    struct Agg {
      int flows = 0;
      bool marked = false;  // carries a hop of the highlighted path
      bool pinned = false;  // drawn whatever its weight: marked, or an always-drawn flow
    };
    std::unordered_set<std::string_view> always(o_.always_drawn_flows.begin(),
                                                o_.always_drawn_flows.end());
    std::map<std::pair<int, int>, Agg> edges;
    for (const core::Flow& f : m_.flows) {
      auto from = comp_index_.find(f.from.id);
      auto to = comp_index_.find(f.to.id);
      if (from == comp_index_.end() || to == comp_index_.end()) continue;
      int a = summary[from->second];
      int b = summary[to->second];
      if (a == b) continue;
      Agg& agg = edges[{a, b}];
      ++agg.flows;
      if (h_ != nullptr && h_->flows.count(f.id)) agg.marked = true;
      if (agg.marked || always.count(f.id)) agg.pinned = true;
    }
    // Many top-level boundaries can be connected almost pairwise (100 boundaries, 9,900
    // connections), which no layout untangles in reasonable time: only the pinned connections
    // (highlighted or always drawn) and the heaviest others are drawn, and a note counts the
    // rest.
    std::vector<std::map<std::pair<int, int>, Agg>::const_iterator> kept;
    for (auto it = edges.cbegin(); it != edges.cend(); ++it) kept.push_back(it);
    size_t hidden_flows = 0, hidden = 0;
    if (kept.size() > kMaxOverviewEdges) {
      std::stable_sort(kept.begin(), kept.end(), [](const auto& x, const auto& y) {
        if (x->second.pinned != y->second.pinned) return x->second.pinned;
        return x->second.flows > y->second.flows;
      });
      std::vector<std::map<std::pair<int, int>, Agg>::const_iterator> shown(
          kept.begin(), kept.begin() + kMaxOverviewEdges);
      for (size_t i = kMaxOverviewEdges; i < kept.size(); ++i) {
        if (kept[i]->second.pinned) {
          shown.push_back(kept[i]);  // pinned ones are never hidden
        } else {
          hidden_flows += static_cast<size_t>(kept[i]->second.flows);
          ++hidden;
        }
      }
      kept = std::move(shown);
      std::sort(kept.begin(), kept.end(),
                [](const auto& x, const auto& y) { return x->first < y->first; });
    }
    for (const auto& it : kept) {
      const auto& [key, agg] = *it;
      const std::string id = "flows:" + name(key.first) + ":" + name(key.second);
      std::string attrs = "id=" + QuoteDot(id) +
                          ", label=" + QuoteDot(Count(agg.flows, "flow", "flows")) +
                          ", penwidth=" + std::to_string(std::min(1 + agg.flows / 10, 5));
      if (agg.marked) {
        Mark(attrs, id, "color", kPathRed);
        Mark(attrs, id, "style", "bold");
      }
      out_ += "  " + name(key.first) + " -> " + name(key.second) + " [" + attrs + "];\n";
    }
    if (hidden > 0) {
      out_ += "  s_more [shape=note, style=\"filled\", fillcolor=\"#fff8e1\", id=\"more\", label=" +
              QuoteDot(Count(static_cast<int>(hidden), "more connection", "more connections") +
                       " between boundaries (" +
                       Count(static_cast<int>(hidden_flows), "flow", "flows") +
                       ") not drawn; the lightest are left out") +
              "];\n";
    }
  }

  const Model& m_;
  const DfdOptions& o_;
  const Highlight* h_;
  std::vector<AttrOverride>* marks_;
  std::unordered_map<std::string, int> comp_index_;
  std::unordered_map<std::string, int> boundary_index_;
  std::unordered_map<std::string, core::RiskSeverity> worst_;
  std::vector<std::vector<int>> children_;
  std::vector<std::vector<int>> direct_;
  std::vector<int> roots_;
  std::vector<int> top_;
  std::vector<int> comp_boundary_;
  std::vector<int> summary_;
  // Split mode: the part being written (a top-level boundary index, or the boundary count for
  // components outside; -1 when not splitting), file stems per summary, the link extension.
  int part_ = -1;
  // Split mode: the parent of every boundary in the nesting forest (-1 for roots), boundaries
  // in pre-order, components and boundaries below each boundary, the part that draws each
  // boundary in full, part depths and whether each part is written (indexed by boundary, the
  // boundary count for components outside), and the components the current part draws in full.
  std::vector<int> parent_;
  std::vector<int> order_;
  std::vector<int> sub_components_;
  std::vector<int> sub_boundaries_;
  std::vector<int> drawer_;
  std::vector<int> depth_;
  std::vector<bool> written_;
  std::vector<bool> full_;
  bool fast_layout_ = false;
  std::vector<std::string> stems_;
  std::string link_extension_;
  std::string part_note_;
  std::string out_;
};

}  // namespace

std::string QuoteDot(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c == '\r') {
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += ' ';
      ++i;
    } else if (size_t n = Utf8Length(text, i); n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  out += '"';
  return out;
}

bool ExceedsCollapseThreshold(const core::Model& model, int threshold) {
  if (threshold <= 0) return false;
  const auto t = static_cast<size_t>(threshold);
  return model.components.size() > t || model.boundaries.size() > t;
}

std::string DataFlowDot(const core::Model& model, const DfdOptions& options) {
  return DfdWriter(model, options, nullptr).Write();
}

SplitDfd SplitDataFlowDot(const core::Model& model, const DfdOptions& options,
                          std::string_view link_extension) {
  return DfdWriter(model, options, nullptr).WriteSplit(link_extension);
}

namespace {

Highlight PathHighlight(const graph::AttackPath& path) {
  Highlight h;
  for (const graph::Hop& hop : path.hops) h.flows.insert(hop.flow_id);
  h.components.insert(path.components.begin(), path.components.end());
  h.origin = path.origin_id;
  h.target = path.target_id;
  h.description = "attack path to '" + path.asset_id + "': " + path.origin_id + " -> " +
                  path.target_id + ", " + std::to_string(path.hops.size()) + " hops, cost " +
                  std::to_string(path.cost) +
                  "; in red, from the origin (filled red) to the target (filled purple)";
  return h;
}

}  // namespace

std::string AttackPathDot(const core::Model& model, const graph::AttackPath& path,
                          const DfdOptions& options) {
  Highlight h = PathHighlight(path);
  return DfdWriter(model, options, &h).Write();
}

std::vector<Figure> AttackPathFigures(const core::Model& model,
                                      std::span<const graph::AttackPath> paths,
                                      const DfdOptions& options) {
  // Every path's hops are always drawn, so that the text is the same for all paths.
  std::vector<std::string> hops(options.always_drawn_flows.begin(),
                                options.always_drawn_flows.end());
  for (const graph::AttackPath& path : paths) {
    for (const graph::Hop& hop : path.hops) hops.push_back(hop.flow_id);
  }
  DfdOptions with_hops = options;
  with_hops.always_drawn_flows = hops;
  std::vector<Figure> out;
  out.reserve(paths.size());
  for (const graph::AttackPath& path : paths) {
    Highlight h = PathHighlight(path);
    Figure f;
    f.dot = DfdWriter(model, with_hops, &h, &f.values).Write();
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// Model text made inert in Markdown: punctuation backslash-escaped, line breaks as spaces.
std::string MdText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>|#!~").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string SplitIndexMarkdown(const core::Model& model, const SplitDfd& split,
                               std::string_view extension) {
  const bool image = extension == ".svg" || extension == ".png";
  const std::string ext(extension);
  std::string out = "# Data-flow diagram";
  if (!model.meta.title.empty()) out += ": " + MdText(model.meta.title);
  out += "\n\n";
  out +=
      "The model is split by top-level trust boundary: the overview shows each boundary as one "
      "node, and each boundary has its own diagram with its nested boundaries and components. "
      "Components elsewhere that share a flow with a boundary appear there as dashed stubs.";
  if (std::any_of(split.parts.begin(), split.parts.end(),
                  [](const DfdPart& p) { return p.summaries > 0; })) {
    out +=
        " A boundary too big to draw in full shows its nested boundaries as summary nodes, and "
        "each of them has its own diagram, listed below it.";
  }
  out += "\n\n";
  out += "## Overview\n\n";
  const std::string overview = std::string(kDataFlowStem) + ext;
  out += image ? "![Overview](" + overview + ")\n\n" : "[Overview](" + overview + ")\n\n";
  out += "## Trust boundaries\n\n";
  if (split.parts.empty()) out += "The model has no components.\n\n";
  for (const DfdPart& p : split.parts) {
    out += std::string(2 * static_cast<size_t>(std::max(0, p.depth - 1)), ' ');
    out += "- [" + MdText(p.title) + "](" + p.file_stem + ext + ")";
    if (!p.boundary_id.empty()) {
      std::string id = p.boundary_id;  // in code font, where escapes do not apply
      for (char& c : id) {
        if (c == '`' || c == '\n' || c == '\r') c = '\'';
      }
      out += " `" + id + "`";
    }
    out += ": " + Count(p.components, "component", "components");
    if (p.summaries > 0) {
      out += ", " + Count(p.summaries, "nested boundary", "nested boundaries") + " collapsed";
    }
    if (p.hidden > 0) out += ", " + Count(p.hidden, "component", "components") + " not drawn";
    if (p.stubs > 0) out += ", " + Count(p.stubs + p.more_stubs, "stub", "stubs");
    out += "\n";
  }
  return out;
}

std::string DataAssetDot(const core::Model& model, int collapse_threshold) {
  const bool collapse = ExceedsCollapseThreshold(model, collapse_threshold);
  std::string out = "digraph data_assets {\n";
  out += "  graph [fontname=\"Helvetica\", fontsize=12, rankdir=LR, nodesep=0.3, ranksep=2";
  std::string label = model.meta.title.empty() ? "" : model.meta.title + "\ndata assets";
  if (collapse) {
    label += (label.empty() ? "" : "\n") + std::to_string(model.components.size()) +
             " components exceed the threshold of " + std::to_string(collapse_threshold) +
             ": components left out, each asset counts the components that store and process it";
  }
  if (!label.empty()) out += ", labelloc=t, label=" + QuoteDot(label);
  out += "];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n";
  std::unordered_map<std::string, int> asset_index;
  for (size_t i = 0; i < model.data_assets.size(); ++i) {
    asset_index.emplace(model.data_assets[i].id, static_cast<int>(i));
  }
  // Collapsed: per asset, how many components store it and how many only process it.
  std::vector<int> stores(model.data_assets.size(), 0);
  std::vector<int> processes(model.data_assets.size(), 0);
  if (collapse) {
    for (const core::Component& comp : model.components) {
      std::set<int> stored;
      for (const core::Ref& r : comp.data_stored) {
        if (auto it = asset_index.find(r.id); it != asset_index.end()) stored.insert(it->second);
      }
      std::set<int> processed;
      for (const core::Ref& r : comp.data_processed) {
        auto it = asset_index.find(r.id);
        if (it != asset_index.end() && !stored.count(it->second)) processed.insert(it->second);
      }
      for (int a : stored) ++stores[a];
      for (int a : processed) ++processes[a];
    }
  }
  for (size_t i = 0; i < model.data_assets.size(); ++i) {
    const core::DataAsset& a = model.data_assets[i];
    std::string counts;
    if (collapse) {
      counts = "\nstored by " + Count(static_cast<size_t>(stores[i]), "component", "components") +
               ", processed by " + std::to_string(processes[i]) + " more";
    }
    out += "  a" + std::to_string(i) + " [shape=note, style=\"filled\", fillcolor=\"" +
           ConfidentialityColour(a.confidentiality) + "\", id=" + QuoteDot("asset:" + a.id) +
           ", label=" +
           QuoteDot((a.title.empty() ? a.id : a.title) + "\n" +
                    std::string(core::ToString(a.confidentiality)) + counts) +
           ", tooltip=" + QuoteDot(a.description.empty() ? a.id : a.description) + "];\n";
  }
  if (collapse) {
    out += "}\n";
    return out;
  }
  std::string edges;
  for (size_t c = 0; c < model.components.size(); ++c) {
    const core::Component& comp = model.components[c];
    std::set<int> stored;
    for (const core::Ref& r : comp.data_stored) {
      if (auto it = asset_index.find(r.id); it != asset_index.end()) stored.insert(it->second);
    }
    std::set<int> processed;
    for (const core::Ref& r : comp.data_processed) {
      auto it = asset_index.find(r.id);
      if (it != asset_index.end() && !stored.count(it->second)) processed.insert(it->second);
    }
    if (stored.empty() && processed.empty()) continue;
    std::string shape = ShapeAttrs(comp.type);
    out += "  n" + std::to_string(c) + " [" + shape + ", fillcolor=\"" +
           ConfidentialityColour(comp.confidentiality) +
           "\", id=" + QuoteDot("component:" + comp.id) +
           ", label=" + QuoteDot(comp.title.empty() ? comp.id : comp.title) + "];\n";
    for (int a : processed) {
      edges += "  a" + std::to_string(a) + " -> n" + std::to_string(c) +
               " [style=dashed, label=\"processes\", id=" +
               QuoteDot("processes:" + model.data_assets[a].id + ":" + comp.id) + "];\n";
    }
    for (int a : stored) {
      edges += "  a" + std::to_string(a) + " -> n" + std::to_string(c) +
               " [style=bold, label=\"stores\", id=" +
               QuoteDot("stores:" + model.data_assets[a].id + ":" + comp.id) + "];\n";
    }
  }
  out += edges;
  out += "}\n";
  return out;
}

}  // namespace threatpath::diagram
