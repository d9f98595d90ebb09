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
};

/// The data-flow diagram: components shaped by type inside nested trust-boundary clusters, flows
/// as edges labelled with protocol and authentication, honouring the model's diagram tweaks.
std::string DataFlowDot(const core::Model& model, const DfdOptions& options = {});

/// Which components process (dashed edge) or store (solid edge) which data assets.
std::string DataAssetDot(const core::Model& model);

/// The data-flow diagram with one attack path highlighted: its hops as bold red edges, its
/// components outlined in red, origin and target marked.
std::string AttackPathDot(const core::Model& model, const graph::AttackPath& path,
                          const DfdOptions& options = {});

/// True when `model` has more components, or more trust boundaries, than `threshold` (0 never
/// does): DataFlowDot and AttackPathDot then draw it collapsed.
bool ExceedsCollapseThreshold(const core::Model& model, int threshold);

/// One diagram of a data-flow diagram split by top-level trust boundary.
struct DfdPart {
  /// The top-level trust boundary this part draws; empty for the part that draws the components
  /// in no boundary.
  std::string boundary_id;
  /// The boundary's title (its id when untitled), or "Outside any trust boundary".
  std::string title;
  /// File name without extension, unique among the parts and distinct from "data-flow-diagram":
  /// "data-flow-boundary-<slugified id>" ("data-flow-boundary" when the slug is empty; "-2",
  /// "-3", ... appended in part order when slugs collide), or "data-flow-outside-boundaries".
  std::string file_stem;
  /// Components drawn in full (the boundary's own and its nested boundaries').
  int components = 0;
  /// Components of other parts drawn as stubs because a flow connects them with this part.
  int stubs = 0;
  std::string dot;
};

/// A data-flow diagram split by top-level trust boundary.
struct SplitDfd {
  /// One node per top-level trust boundary and one for the components in no boundary, flows
  /// aggregated between them: the collapsed diagram, whatever the model's size.
  std::string overview;
  /// One part per top-level trust boundary (boundaries no other boundary nests, in model order,
  /// then boundaries only reachable through a nesting cycle), then one for the components in no
  /// boundary when there are any.
  std::vector<DfdPart> parts;
};

/// The data-flow diagram as an overview plus one diagram per top-level trust boundary. A part
/// draws its boundary with nested boundaries and components in full; a flow between the part
/// and another part is drawn to a small stub node of the other end (SVG id "stub:<component>",
/// dashed, labelled with the component and where it sits); flows elsewhere are left out.
/// With `link_extension` (".svg"), overview nodes and stubs link to the file of their part
/// ("<file_stem><link_extension>"; in SVG an <a xlink:href>). options.collapse_threshold is not
/// used: the overview is always collapsed and the parts never are.
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

/// Quotes `text` as a DOT string ("..."), escaping quotes, backslashes and newlines (as \n);
/// non-ASCII UTF-8 passes through, invalid UTF-8 bytes become U+FFFD.
std::string QuoteDot(std::string_view text);

}  // namespace threatpath::diagram
