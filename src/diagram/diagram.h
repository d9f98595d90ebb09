#pragma once

#include <span>
#include <string>
#include <string_view>

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

enum class Format { kSvg, kPng, kDot };

/// Lays out `dot` with Graphviz's dot layout and renders it; kDot gives the laid-out DOT (with
/// positions). Runs in-process (no subprocess); calls are serialised because libgvc keeps global
/// state. Syntax errors and rendering failures come back as errors carrying Graphviz's message.
base::Result<std::string> Render(std::string_view dot, Format format);

/// Quotes `text` as a DOT string ("..."), escaping quotes, backslashes and newlines (as \n);
/// non-ASCII UTF-8 passes through, invalid UTF-8 bytes become U+FFFD.
std::string QuoteDot(std::string_view text);

}  // namespace threatpath::diagram
