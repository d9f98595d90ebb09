#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/analysis.h"

namespace threatpath::app {

/// What changed between two analysed versions of a model.
struct ModelDiff {
  struct RiskChange {
    engine::Risk before;
    engine::Risk after;
  };
  /// One field of a changed element, as JSON text of its native form; empty when the field is
  /// left out (so it takes its default) on that side.
  struct FieldChange {
    std::string field;
    std::string before;
    std::string after;
  };
  struct ElementChange {
    std::string kind;  // "component", "flow", "data asset", ...
    std::string id;
    enum class What { kAdded, kRemoved, kChanged } what = What::kChanged;
    std::vector<FieldChange> fields;  // for kChanged: the fields that differ, in format order
  };
  /// The same route (asset, origin, target and flows) with other weaknesses: a cost, a hop's
  /// weaknesses or the refuted assumptions along it changed.
  struct PathChange {
    graph::AttackPath before;
    graph::AttackPath after;
  };
  /// Risks keyed by synthetic id: only in the new model, only in the old one, or in both with a
  /// different severity or status.
  std::vector<engine::Risk> risks_added;
  std::vector<engine::Risk> risks_removed;
  std::vector<RiskChange> risks_changed;
  /// Elements of every kind, keyed by id, compared by their native form (positions ignored).
  std::vector<ElementChange> elements;
  /// Attack paths keyed by asset, origin, target and flows: new ones, ones that went away and
  /// ones whose weaknesses changed.
  std::vector<graph::AttackPath> paths_added;
  std::vector<graph::AttackPath> paths_removed;
  std::vector<PathChange> paths_changed;
  /// A sensitive data asset that became easier to reach: its weakest attack path is cheaper
  /// than before (or it had none), one of its routes got cheaper (paths_changed), or a
  /// component holding it became an entry point itself.
  struct AssetWeakening {
    std::string asset_id;
    std::optional<int64_t> weakest_before;   // none: no attack path to the asset before
    std::optional<int64_t> weakest_after;    // none: no attack path now
    int weaker_routes = 0;                   // routes in paths_changed that got cheaper
    std::vector<std::string> new_exposures;  // component ids, sorted
  };
  std::vector<AssetWeakening> weaker_assets;  // by asset id

  bool empty() const {
    return risks_added.empty() && risks_removed.empty() && risks_changed.empty() &&
           elements.empty() && paths_added.empty() && paths_removed.empty() &&
           paths_changed.empty() && weaker_assets.empty();
  }
};

/// Compares two analyses. Deterministic: every list is in a fixed order (risks in the engine's
/// order, elements by kind then id, paths in the report's order).
ModelDiff Diff(const Analysis& before, const Analysis& after);

/// The diff as JSON (the shape `threatpath diff --format json` prints and the server returns):
/// risks_added, risks_removed, risks_changed, elements (changed ones with their fields),
/// attack_paths_added, attack_paths_removed, attack_paths_changed, weaker_assets, and the
/// gates' counts when given: "failing" (risks) and "failing_assets".
std::string DiffJson(const ModelDiff& diff, std::optional<size_t> failing = std::nullopt,
                     std::optional<size_t> failing_assets = std::nullopt);

}  // namespace threatpath::app
