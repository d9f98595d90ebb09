#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/component.h"
#include "core/data_asset.h"
#include "core/flow.h"
#include "core/risk_category.h"
#include "core/threat.h"
#include "core/trust_boundary.h"

namespace threatpath::core {

struct Person {
  std::string name;
  std::string homepage;
};

/// A prose section with optional images (file name and caption), as in Threagile's overviews.
struct Overview {
  std::string description;
  TextMap images;
};

/// Who owns the model, where the design is, and when it was looked at.
struct Metadata {
  std::string title;
  Person author;
  std::vector<Person> contributors;
  std::string date;
  std::string owner_team;
  Phase phase = Phase::kDesign;
  Criticality business_criticality = Criticality::kImportant;
  std::string last_reviewed;
  std::string next_review;
  std::string management_summary_comment;
  Overview application_description;
  Overview business_overview;
  Overview technical_overview;
};

/// Layout hints for diagrams, as Threagile's `diagram_tweak_*` settings.
struct DiagramTweaks {
  int nodesep = 0;
  int ranksep = 0;
  std::string edge_layout;
  bool suppress_edge_labels = false;
  bool layout_left_to_right = false;
  std::vector<std::string> invisible_connections;  // "a:b" pairs of component ids
  std::vector<std::string> same_rank_assets;       // "a:b:c" groups of component ids
};

/// Where a model came from, so that converting it back writes the same dialect.
struct Provenance {
  enum class Format { kNative, kThreagile };
  Format format = Format::kNative;
  std::string threagile_version;      // as written in the source
  bool threagile_v1 = false;          // 0.9.x: enduser-* spellings, individual_risk_categories
  std::vector<std::string> includes;  // Threagile `includes`, as written in the entry file
};

/// A whole threat model: the design (data assets, components, flows, boundaries, runtimes) and
/// what people decided about it (threats, mitigations, assumptions, risk tracking). Elements
/// keep input order. Plain data: building indexes and checking invariants is `Validate`'s job.
struct Model {
  Metadata meta;
  TextMap security_requirements;
  TextMap questions;
  TextMap abuse_cases;
  std::vector<std::string> tags_available;

  std::vector<DataAsset> data_assets;
  std::vector<Component> components;
  std::vector<Flow> flows;
  std::vector<TrustBoundary> boundaries;
  std::vector<SharedRuntime> shared_runtimes;
  std::vector<RiskCategory> risk_categories;
  std::vector<RiskTracking> risk_tracking;
  std::vector<Threat> threats;
  std::vector<Mitigation> mitigations;
  std::vector<Assumption> assumptions;

  DiagramTweaks diagram;
  Provenance provenance;

  /// Names of the files the model was read from; `Loc::file` indexes this table.
  std::vector<std::string> files;

  /// The full location for a compact one.
  base::SourceLocation Where(Loc loc) const {
    return {loc.file < files.size() ? files[loc.file] : std::string(), loc.line, loc.column};
  }
};

}  // namespace threatpath::core
