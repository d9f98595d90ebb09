#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/enums.h"
#include "graph/flow_graph.h"

namespace threatpath::graph {

// Attack paths: for every sensitive data asset, the weakest routes along data flows from the
// places an attacker starts (origins) to the components that process or store the asset.
// docs/attack-paths.md explains origins, the cost model, the algorithm and its complexity.

/// Why a component is an origin (a bit set; a component may have several reasons).
enum OriginReason : uint32_t {
  kInternetFacing = 1u << 0,     // internet: true
  kExternalEntity = 1u << 1,     // type external-entity
  kHumanClient = 1u << 2,        // used_as_client_by_human
  kOutsideBoundaries = 1u << 3,  // in no trust boundary
  kUntrustedBoundary = 1u << 4,  // directly in a boundary the options call untrusted
};

/// Attacker effort per hop, in whole points. A hop's cost is `hop` plus the points of the
/// controls it has; a missing control adds nothing. Lower total = weaker route = more dangerous.
struct CostModel {
  int hop = 1;                     // every hop, so shorter routes rank first
  int authentication = 8;          // credentials, session-id, token, externalized
  int strong_authentication = 12;  // two-factor, client-certificate
  int technical_user_authorization = 3;
  int end_user_authorization = 5;       // end-user-identity-propagation
  int encrypted_boundary_crossing = 3;  // encrypted protocol on a hop that crosses a boundary
  int vpn = 2;
  int ip_filtered = 2;
};

/// How routes are grouped before the k weakest of each group are kept.
enum class Grouping {
  kPerAsset,   // the k weakest routes to any holder of the asset
  kPerTarget,  // the k weakest routes to each holder of the asset
};

struct AttackPathOptions {
  /// Routes kept per group (clamped to [1, 100]).
  int k = 3;
  Grouping grouping = Grouping::kPerAsset;
  CostModel costs;

  /// Which data assets count as sensitive: confidentiality at or above `min_confidentiality`, or
  /// integrity at or above `min_integrity`.
  core::Confidentiality min_confidentiality = core::Confidentiality::kConfidential;
  core::Criticality min_integrity = core::Criticality::kCritical;
  /// When not empty, only these data assets (ids) are analysed, sensitive or not.
  std::vector<std::string> assets;

  /// Origins besides internet-facing components, external entities and human clients.
  bool outside_boundaries_is_untrusted = true;
  /// A boundary is untrusted when it carries one of these tags (compared case-insensitively) or
  /// is listed by id; components sitting directly in it are origins.
  std::vector<std::string> untrusted_boundary_tags = {"untrusted"};
  std::vector<std::string> untrusted_boundaries;

  /// Bounds on the work spent on alternatives (routes after the weakest of a group). Work is
  /// counted in heap pops plus edge relaxations. A group stops after `max_spur_searches` spur
  /// searches; the whole report stops looking for alternatives once `max_work` is spent. Either
  /// makes `truncated` true and shortens the lists, never changes them: the routes reported are
  /// always the weakest ones, in order, and every group keeps at least its weakest route.
  int max_spur_searches = 256;
  uint64_t max_work = 20'000'000;
};

/// A weakness found on a hop; `Hop::weaknesses` is a bit set of these.
enum HopWeakness : uint32_t {
  kNoAuthentication = 1u << 0,
  kNoAuthorization = 1u << 1,
  kUnencryptedCrossing = 1u << 2,  // protocol not encrypted (and not process-local) on a crossing
  kRefutedAssumption = 1u << 3,    // the hop's controls rest on a refuted assumption
};

struct Hop {
  std::string flow_id;
  std::string from_id;
  std::string to_id;
  int64_t cost = 0;
  uint32_t weaknesses = 0;
  /// Refuted assumptions (ids) that void this hop's controls.
  std::vector<std::string> refuted_assumptions;
  /// "spa → api-gateway over https, session-id authentication, end-user-identity-propagation
  /// authorization, crosses boundary (none) → 'shop-vpc'"
  std::string explanation;
};

struct AttackPath {
  std::string asset_id;
  std::string origin_id;
  std::string target_id;
  /// Components from the origin to the target (one more than hops).
  std::vector<std::string> components;
  std::vector<Hop> hops;
  int64_t cost = 0;
  uint32_t origin_reasons = 0;  // OriginReason bits
  bool target_stores = false;   // the target stores the asset (else it only processes it)
  /// "2 of 3 hops without authentication; 1 unencrypted boundary crossing"
  std::string weakness_summary;
  /// One line for the origin, one per hop, one for the target.
  std::vector<std::string> explanation;

  std::vector<std::string> FlowIds() const;
};

/// A holder of a sensitive asset that is itself an origin: the asset sits where an attacker
/// starts, with no hop in between (for example an internet-facing bucket that stores invoices).
struct Exposure {
  std::string asset_id;
  std::string component_id;
  uint32_t origin_reasons = 0;
  bool stores = false;
  std::vector<std::string> refuted_assumptions;  // refuted assumptions naming the component
  std::string explanation;
};

/// Per sensitive asset: how many non-origin holders there are and how many an origin reaches.
struct AssetCoverage {
  std::string asset_id;
  int holders = 0;
  int reachable = 0;
  int exposures = 0;
};

/// Counters of the search work, for tests and benchmarks (they do not depend on timing).
struct WorkStats {
  uint64_t heap_pops = 0;
  uint64_t relaxations = 0;
  uint64_t spur_searches = 0;
  uint64_t groups = 0;
  uint64_t total() const { return heap_pops + relaxations; }
};

struct AttackPathReport {
  /// Origins (component ids, model order) with their reasons.
  std::vector<std::pair<std::string, uint32_t>> origins;
  /// Sorted by cost, then asset, origin, target and flow ids.
  std::vector<AttackPath> paths;
  /// Sorted by asset id, then component id.
  std::vector<Exposure> exposures;
  /// Sensitive assets in model order.
  std::vector<AssetCoverage> assets;
  WorkStats work;
  /// True when a work bound stopped the search for alternatives somewhere.
  bool truncated = false;
};

/// The origin reasons of every component (0 = not an origin), indexed like the model.
std::vector<uint32_t> FindOrigins(const FlowGraph& graph, const AttackPathOptions& options = {});

/// Finds the k weakest attack paths of every sensitive data asset. Never fails: an unvalidated
/// model is analysed as far as its references resolve.
AttackPathReport FindAttackPaths(const FlowGraph& graph, const AttackPathOptions& options = {});

/// "internet-facing, external entity"
std::string DescribeOriginReasons(uint32_t reasons);

/// The report as plain text, one block per path; stable, for golden files and the CLI.
std::string FormatReport(const AttackPathReport& report);

}  // namespace threatpath::graph
