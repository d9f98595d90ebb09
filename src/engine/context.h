#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog/catalog.h"
#include "core/model.h"

namespace threatpath::engine {

/// Technology attributes the rules test (the attribute names of src/catalog/technologies.yaml).
/// A component has an attribute when any of its technologies has it.
enum class Attr : uint8_t {
  kWebApplication,
  kWebService,
  kIdentityRelated,
  kSecurityControlRelated,
  kUnprotectedCommunicationsTolerated,
  kUnnecessaryDataTolerated,
  kCloseToHighValueTargetsTolerated,
  kClient,
  kPropagateIdentityToOutgoingTargets,
  kLessProtectedType,
  kProcessingEndUserRequests,
  kStoringEndUserData,
  kFrontendRelated,
  kBackendRelated,
  kDevelopmentRelevant,
  kTrafficForwarding,
  kEmbeddedComponent,
};
inline constexpr int kAttrCount = 17;
/// The catalogue name of an attribute ("web_application").
std::string_view AttrName(Attr a);

/// Everything the rules need to know about a model, computed once in O(elements + references):
/// indexes by id, flows in and out of each component, the trust boundary and shared runtimes of
/// each component (with nesting), resolved data references, the highest confidentiality,
/// integrity and availability of each component and flow, and the relative attacker
/// attractiveness (RAA) of each component.
///
/// Elements are addressed by their position in the model's vectors (an `int`, `kNone` = -1 for
/// "none"). The model and the catalogue must outlive the context; the context is immutable after
/// construction, so rules may share it between threads. References that do not resolve (a model
/// that failed validation) are skipped rather than trusted.
///
/// Where Threagile 0.9.x has quirks that change results, the helpers reproduce them; each one
/// says so.
class AnalysisContext {
 public:
  static constexpr int kNone = -1;

  AnalysisContext(const core::Model& model, const catalog::Catalog& catalog);
  AnalysisContext(const AnalysisContext&) = delete;
  AnalysisContext& operator=(const AnalysisContext&) = delete;

  const core::Model& model() const { return model_; }
  const catalog::Catalog& catalog() const { return catalog_; }

  // --- Components ------------------------------------------------------------------------------
  int component_count() const { return static_cast<int>(comps_.size()); }
  const core::Component& component(int c) const { return model_.components[c]; }
  const std::string& id(int c) const { return model_.components[c].id; }
  /// Position of the component with this id, or kNone.
  int FindComponent(std::string_view id) const;
  /// All components ordered by id (Threagile's SortedTechnicalAssetIDs).
  const std::vector<int>& components_by_id() const { return by_id_; }

  /// True when any technology of the component has the attribute.
  bool Has(int c, Attr a) const { return (comps_[c].attrs >> static_cast<int>(a)) & 1u; }
  /// True when any technology of the component is `technology`. A component without
  /// technologies counts as "unknown-technology".
  bool Is(int c, std::string_view technology) const;
  bool IsAny(int c, std::initializer_list<std::string_view> technologies) const;

  /// Flow positions leaving / entering the component, in model order.
  const std::vector<int>& outgoing(int c) const { return comps_[c].out; }
  const std::vector<int>& incoming(int c) const { return comps_[c].in; }
  /// Data asset positions processed / stored, as written (duplicates kept).
  const std::vector<int>& processed(int c) const { return comps_[c].processed; }
  const std::vector<int>& stored(int c) const { return comps_[c].stored; }
  bool ProcessesOrStores(int c, int data_asset) const;

  /// The component's own rating raised to that of every data asset it processes or stores
  /// (Threagile's HighestConfidentiality / HighestIntegrity / HighestAvailability).
  core::Confidentiality HighestConfidentiality(int c) const { return comps_[c].c; }
  core::Criticality HighestIntegrity(int c) const { return comps_[c].i; }
  core::Criticality HighestAvailability(int c) const { return comps_[c].a; }
  /// Threagile's HighestSensitivityScore: attractiveness weights of the component's own ratings.
  double SensitivityScore(int c) const;
  /// Relative attacker attractiveness in percent (see raa.h).
  double raa(int c) const { return raa_[c]; }
  const std::vector<double>& raa() const { return raa_; }

  // --- Data assets -----------------------------------------------------------------------------
  int data_asset_count() const { return static_cast<int>(model_.data_assets.size()); }
  const core::DataAsset& data_asset(int d) const { return model_.data_assets[d]; }
  int FindDataAsset(std::string_view id) const;

  // --- Flows -----------------------------------------------------------------------------------
  int flow_count() const { return static_cast<int>(flows_.size()); }
  const core::Flow& flow(int f) const { return model_.flows[f]; }
  /// Source and target component of a flow (kNone when they do not resolve).
  int source(int f) const { return flows_[f].source; }
  int target(int f) const { return flows_[f].target; }
  const std::vector<int>& sent(int f) const { return flows_[f].sent; }
  const std::vector<int>& received(int f) const { return flows_[f].received; }
  /// Highest rating of the data sent or received (public / archive when none).
  core::Confidentiality HighestConfidentialityOfFlow(int f) const { return flows_[f].c; }
  core::Criticality HighestIntegrityOfFlow(int f) const { return flows_[f].i; }
  core::Criticality HighestAvailabilityOfFlow(int f) const { return flows_[f].a; }
  /// The two ends sit directly in different boundaries (or one in none).
  bool IsAcrossTrustBoundary(int f) const;
  /// Threagile's IsAcrossTrustBoundaryNetworkOnly: compares the network boundaries of the two
  /// ends (an execution-environment boundary is replaced by its parent, one level only) and
  /// requires the target's to be a network boundary; "no boundary" counts as a network
  /// boundary, as Threagile's zero value does.
  bool IsAcrossTrustBoundaryNetworkOnly(int f) const;

  // --- Trust boundaries ------------------------------------------------------------------------
  int boundary_count() const { return static_cast<int>(model_.boundaries.size()); }
  const core::TrustBoundary& boundary(int b) const { return model_.boundaries[b]; }
  /// The boundary the component sits in directly, or kNone.
  int BoundaryOf(int c) const { return comps_[c].boundary; }
  /// The boundary this one is nested in, or kNone.
  int ParentOf(int b) const { return bounds_[b].parent; }
  /// Components inside the boundary or any boundary nested in it: its own first, then each
  /// nested boundary's (depth first, in the order written).
  const std::vector<int>& ComponentsInside(int b) const { return bounds_[b].inside; }
  /// Highest ratings over ComponentsInside (Threagile's TrustBoundary.Highest*).
  core::Confidentiality HighestConfidentialityOfBoundary(int b) const { return bounds_[b].c; }
  core::Criticality HighestIntegrityOfBoundary(int b) const { return bounds_[b].i; }
  core::Criticality HighestAvailabilityOfBoundary(int b) const { return bounds_[b].a; }
  static bool IsNetworkBoundary(core::BoundaryType type);
  static bool IsWithinCloud(core::BoundaryType type);

  /// The network boundary of a component: its direct boundary, or that boundary's parent when
  /// the direct one is an execution environment (one level only, as Threagile does); kNone when
  /// outside every boundary.
  int NetworkBoundaryOf(int c) const;
  /// Threagile's IsSameTrustBoundaryNetworkOnly (same network boundary as defined above; two
  /// components outside every boundary are in the same one).
  bool IsSameTrustBoundaryNetworkOnly(int a, int b) const;
  /// Both sit directly in the same execution-environment boundary.
  bool IsSameExecutionEnvironment(int a, int b) const;
  /// Threagile's IsSharingSameParentTrustBoundary: both outside every boundary, or their
  /// boundary chains (each boundary and its ancestors) meet.
  bool IsSharingSameParentTrustBoundary(int a, int b) const;
  /// A flow goes from a to b or from b to a.
  bool HasDirectConnection(int a, int b) const;

  // --- Shared runtimes -------------------------------------------------------------------------
  int runtime_count() const { return static_cast<int>(model_.shared_runtimes.size()); }
  const core::SharedRuntime& runtime(int r) const { return model_.shared_runtimes[r]; }
  /// Resolved components of a runtime, as written.
  const std::vector<int>& RuntimeComponents(int r) const { return runtimes_[r].components; }
  /// Runtimes the component runs on.
  const std::vector<int>& RuntimesOf(int c) const { return comps_[c].runtimes; }
  core::Confidentiality HighestConfidentialityOfRuntime(int r) const { return runtimes_[r].c; }
  core::Criticality HighestIntegrityOfRuntime(int r) const { return runtimes_[r].i; }
  core::Criticality HighestAvailabilityOfRuntime(int r) const { return runtimes_[r].a; }

  // --- Tags ------------------------------------------------------------------------------------
  /// Case- and space-insensitive comparison, as Threagile's IsTaggedWithAny.
  static bool IsTaggedWithAny(const std::vector<std::string>& tags,
                              std::initializer_list<std::string_view> wanted);
  static bool IsTaggedWithAny(const std::vector<std::string>& tags,
                              const std::vector<std::string>& wanted);
  /// `base` itself or any "base:sub" tag.
  static bool IsTaggedWithBaseTag(const std::vector<std::string>& tags, std::string_view base);
  /// The component's tags, then its boundary and the boundaries above it, then the runtimes it
  /// runs on (Threagile's IsTaggedWithAnyTraversingUp).
  bool IsTaggedWithAnyTraversingUp(int c, std::initializer_list<std::string_view> wanted) const;

 private:
  struct CompInfo {
    uint32_t attrs = 0;
    std::vector<int> out, in, processed, stored, runtimes;
    int boundary = kNone;
    core::Confidentiality c = core::Confidentiality::kPublic;
    core::Criticality i = core::Criticality::kArchive;
    core::Criticality a = core::Criticality::kArchive;
  };
  struct FlowInfo {
    int source = kNone, target = kNone;
    std::vector<int> sent, received;
    core::Confidentiality c = core::Confidentiality::kPublic;
    core::Criticality i = core::Criticality::kArchive;
    core::Criticality a = core::Criticality::kArchive;
  };
  struct BoundaryInfo {
    int parent = kNone;
    std::vector<int> inside;
    core::Confidentiality c = core::Confidentiality::kPublic;
    core::Criticality i = core::Criticality::kArchive;
    core::Criticality a = core::Criticality::kArchive;
  };
  struct RuntimeInfo {
    std::vector<int> components;
    core::Confidentiality c = core::Confidentiality::kPublic;
    core::Criticality i = core::Criticality::kArchive;
    core::Criticality a = core::Criticality::kArchive;
  };

  bool BoundaryIsNetwork(int b) const;
  bool BoundaryTaggedTraversingUp(int b, std::initializer_list<std::string_view> wanted) const;

  const core::Model& model_;
  const catalog::Catalog& catalog_;
  std::vector<CompInfo> comps_;
  std::vector<FlowInfo> flows_;
  std::vector<BoundaryInfo> bounds_;
  std::vector<RuntimeInfo> runtimes_;
  std::vector<int> by_id_;
  std::unordered_map<std::string_view, int> comp_index_;
  std::unordered_map<std::string_view, int> data_index_;
  std::unordered_set<uint64_t> connections_;  // (min << 32 | max) of each flow's two ends
  std::vector<double> raa_;
};

}  // namespace threatpath::engine
