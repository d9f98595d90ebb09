#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "core/model.h"
#include "engine/risk.h"
#include "graph/attack_paths.h"

namespace threatpath::diagram {

// Diagrams of a model as Graphviz DOT text, and rendering of DOT to SVG or PNG in-process with
// libgvc. docs/diagrams.md describes what each diagram shows and the collapse rule.
//
// The DOT text is deterministic: nodes are named n0, n1, ... in model order (data assets a0,
// a1, ... in the data-asset diagram), clusters cluster_0, cluster_1, ... in boundary order, and
// every element carries an `id` attribute "component:<id>", "flow:<id>", "boundary:<id>" or
// "asset:<id>" that Graphviz copies into the SVG, so the picture can be mapped back to the model.

/// Options of the data-flow diagram.
struct DfdOptions {
  /// The engine's risks: each component gets a badge with the highest severity of its open risks
  /// (status unchecked, in-discussion, accepted or in-progress). Empty: no badges.
  std::span<const engine::Risk> risks;
  /// Relative attacker attractiveness per component (indexed like Model::components, as
  /// engine::ComputeRaa returns it). When its size matches the components, fill colours follow
  /// RAA instead of confidentiality.
  std::span<const double> raa;
  /// Above this many components, every top-level trust boundary collapses into one summary node
  /// and flows are aggregated between summaries (see docs/diagrams.md). 0 never collapses.
  int collapse_threshold = 300;
  /// Graph label; empty uses the model's title.
  std::string title;
  /// SplitDataFlowDot: parts deeper than this are not produced (1: the top-level boundaries and
  /// the components outside only); 0: no limit.
  int split_max_depth = 0;
  /// Drawn collapsed, the connections between boundaries that carry one of these flows are
  /// drawn even when they are not among the heaviest (as a highlighted path's own always are).
  std::span<const std::string> always_drawn_flows;
};

/// The data-flow diagram: components shaped by type inside nested trust-boundary clusters, flows
/// as edges labelled with protocol and authentication, honouring the model's diagram tweaks.
std::string DataFlowDot(const core::Model& model, const DfdOptions& options = {});

/// Which components process (dashed edge) or store (solid edge) which data assets. Above
/// `collapse_threshold` (as ExceedsCollapseThreshold; 0 never) the components are left out and
/// each asset's label counts the components that store it and that only process it.
std::string DataAssetDot(const core::Model& model, int collapse_threshold = 300);

/// The data-flow diagram with one attack path highlighted: its hops as bold red edges, its
/// components outlined in red, the origin filled red and the target purple, the path described
/// in the diagram's tooltip. The highlight changes colours, line widths and tooltips only, never
/// a label or a size, so the layout is the data-flow diagram's (see AttackPathFigures).
std::string AttackPathDot(const core::Model& model, const graph::AttackPath& path,
                          const DfdOptions& options = {});

/// An attribute value set on one element of a laid-out graph: the node or edge whose DOT `id`
/// attribute is `element` (every one with that id), or the graph itself when it is empty.
struct AttrOverride {
  std::string element;
  std::string attr;
  std::string value;
};

/// A diagram to render: DOT text and attribute values to set after the layout (see
/// RenderVariants).
struct Figure {
  std::string dot;
  std::vector<AttrOverride> values;
};

/// The attack-path diagrams of `paths` as figures whose DOT text carries no highlight and whose
/// values add it: rendering figure i gives the same bytes as rendering
/// AttackPathDot(model, paths[i], with_hops), where with_hops is `options` with every hop of
/// `paths` in always_drawn_flows. The text is the same for all paths, so RenderFigures lays them
/// out once; drawn in full, it is DataFlowDot(model, options), and the data-flow diagram shares
/// that layout too. (Drawn collapsed, a diagram thus also shows the connections the other paths
/// take, unhighlighted.)
std::vector<Figure> AttackPathFigures(const core::Model& model,
                                      std::span<const graph::AttackPath> paths,
                                      const DfdOptions& options = {});

/// True when `model` has more components, or more trust boundaries, than `threshold` (0 never
/// does): DataFlowDot and AttackPathDot then draw it collapsed.
bool ExceedsCollapseThreshold(const core::Model& model, int threshold);

/// One diagram of a data-flow diagram split by trust boundary.
struct DfdPart {
  /// The trust boundary this part draws; empty for the part that draws the components in no
  /// boundary.
  std::string boundary_id;
  /// The boundary that nests boundary_id when this part is a drill-down below another part;
  /// empty for top-level parts.
  std::string parent_boundary_id;
  /// 1 for a top-level boundary (and the components outside), 2 for a boundary nested in one,
  /// and so on.
  int depth = 1;
  /// The boundary's title (its id when untitled), or "Outside any trust boundary".
  std::string title;
  /// File name without extension, unique among the parts and distinct from "data-flow-diagram":
  /// "data-flow-boundary-<slugified id>" ("data-flow-boundary" when the slug is empty; "-2",
  /// "-3", ... appended in model order of the boundaries when slugs collide), or
  /// "data-flow-outside-boundaries". Depends on the model only.
  std::string file_stem;
  /// Components drawn in full.
  int components = 0;
  /// Nested boundaries drawn as one summary node each (the part collapses).
  int summaries = 0;
  /// Components the boundary holds directly beyond collapse_threshold, drawn as one
  /// "... and N more components not drawn" node.
  int hidden = 0;
  /// Components of other parts drawn as stubs because a flow connects them with this part.
  int stubs = 0;
  /// Further such components, beyond the stub cap, drawn as one aggregated node.
  int more_stubs = 0;
  std::string dot;
};

/// A data-flow diagram split by trust boundary.
struct SplitDfd {
  /// One node per top-level trust boundary and one for the components in no boundary, flows
  /// aggregated between them: the collapsed diagram, whatever the model's size.
  std::string overview;
  /// In drill-down order: each top-level trust boundary (boundaries no other boundary nests, in
  /// model order, then boundaries only reachable through a nesting cycle) followed by the parts
  /// below it (pre-order), then one for the components in no boundary when there are any.
  std::vector<DfdPart> parts;
};

/// The data-flow diagram as an overview plus one diagram per top-level trust boundary, with a
/// drill-down below boundaries too big to draw in full (docs/diagrams.md). A part whose
/// boundary holds at most options.collapse_threshold components and nested boundaries (0: no
/// limit) draws it in full with nested boundaries as clusters; a bigger one draws its own
/// components and each nested boundary as one summary node, and those nested boundaries become
/// parts themselves. At most collapse_threshold components are drawn in full in a part. A flow
/// between the part and another part is drawn to a small stub node of the other end (SVG id
/// "stub:<component>", dashed, labelled with the component and the boundary that lists it);
/// beyond 50 stubs the rest are one node "... and K more outside"; flows elsewhere are left
/// out. With `link_extension` (".svg"), overview nodes, summary nodes and stubs link to the file
/// of the part that draws them ("<file_stem><link_extension>"; in SVG an <a xlink:href>).
/// options.split_max_depth limits the depth of the parts.
SplitDfd SplitDataFlowDot(const core::Model& model, const DfdOptions& options = {},
                          std::string_view link_extension = {});

/// The file name of the unsplit data-flow diagram and of the split overview, without extension.
inline constexpr std::string_view kDataFlowStem = "data-flow-diagram";

/// index.md for a split diagram written beside it as "<stem><extension>" files: the overview
/// and a list of the parts with their component and stub counts, as images for ".svg" and
/// ".png", as links otherwise. Model text is escaped.
std::string SplitIndexMarkdown(const core::Model& model, const SplitDfd& split,
                               std::string_view extension);

enum class Format { kSvg, kPng, kDot };

/// Lays out `dot` with Graphviz's dot layout and renders it; kDot gives the laid-out DOT (with
/// positions). Runs in-process (no subprocess); calls are serialised because libgvc keeps global
/// state. Syntax errors and rendering failures come back as errors carrying Graphviz's message.
base::Result<std::string> Render(std::string_view dot, Format format);

/// Lays out `dot` once and renders it once per variant, with that variant's attribute values set
/// (and the graph's own restored afterwards). Only attributes that do not change the layout
/// (colours, line widths and styles, tooltips) may vary, and each must be declared in `dot`
/// (set on some element or in a default statement), else it is an error. Returns one rendering
/// per variant, in order.
base::Result<std::vector<std::string>> RenderVariants(
    std::string_view dot, std::span<const std::vector<AttrOverride>> variants, Format format);

/// Renders every figure as RenderVariants(figure.dot, {figure.values}) would, laying each
/// distinct DOT text out only once. Returns the renderings in the figures' order.
base::Result<std::vector<std::string>> RenderFigures(std::span<const Figure> figures,
                                                     Format format);

/// Loads Graphviz and prepares what Render needs for `format` (loading the libraries and
/// creating the context cost a few milliseconds), so that a caller can do it on another thread
/// while it works on something else. Failures are not reported here; Render reports them.
void Preload(Format format);

/// Quotes `text` as a DOT string ("..."), escaping quotes, backslashes and newlines (as \n);
/// non-ASCII UTF-8 passes through, invalid UTF-8 bytes become U+FFFD.
std::string QuoteDot(std::string_view text);

}  // namespace threatpath::diagram
