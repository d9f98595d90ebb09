#include "graph/attack_paths.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "graph/test_model.h"

namespace threatpath::graph {
namespace {

using namespace testutil;  // NOLINT
using ::testing::ElementsAre;

// web (internet) in dmz -> api in internal -> db in data.
core::Model Chain() {
  ModelBuilder b;
  b.Asset("pii");
  b.Component("web", ComponentType::kProcess, /*internet=*/true);
  b.Component("api").data_processed = Refs({"pii"});
  b.Component("db", ComponentType::kDatastore).data_stored = Refs({"pii"});
  b.Boundary("dmz", {"web"});
  b.Boundary("internal", {"api"});
  b.Boundary("data", {"db"});
  b.Flow("web", "api", Protocol::kHttps, Authentication::kToken);
  b.Flow("api", "db", Protocol::kJdbc, Authentication::kCredentials, Authorization::kTechnicalUser);
  return b.m;
}

std::vector<int64_t> Costs(const AttackPathReport& r) {
  std::vector<int64_t> out;
  for (const AttackPath& p : r.paths) out.push_back(p.cost);
  return out;
}

std::vector<std::string> Routes(const AttackPathReport& r) {
  std::vector<std::string> out;
  for (const AttackPath& p : r.paths) {
    std::string s = std::to_string(p.cost) + " " + p.asset_id + ":";
    for (const std::string& c : p.components) s += " " + c;
    out.push_back(s);
  }
  return out;
}

TEST(AttackPathsTest, ChainPinsTheWeakestPathsAndTheirExplanation) {
  core::Model m = Chain();
  FlowGraph g(m);
  AttackPathReport r = FindAttackPaths(g);
  ASSERT_EQ(r.paths.size(), 2u);

  const AttackPath& p = r.paths[0];
  EXPECT_EQ(p.asset_id, "pii");
  EXPECT_EQ(p.origin_id, "web");
  EXPECT_EQ(p.target_id, "api");
  EXPECT_EQ(p.cost, 12);  // hop 1 + token 8 + encrypted crossing 3
  EXPECT_THAT(p.components, ElementsAre("web", "api"));
  EXPECT_THAT(p.FlowIds(), ElementsAre("web>api"));
  EXPECT_EQ(p.hops[0].weaknesses, kNoAuthorization);
  EXPECT_EQ(p.weakness_summary, "1 of 1 hop without authorization");
  EXPECT_THAT(p.explanation,
              ElementsAre("start at web (internet-facing)",
                          "web → api over https, token authentication, crosses boundary 'dmz' → "
                          "'internal'; no authorization",
                          "reach api, which processes pii"));

  const AttackPath& q = r.paths[1];
  EXPECT_EQ(q.cost, 24);  // + hop 1 + credentials 8 + technical user 3, unencrypted crossing 0
  EXPECT_THAT(q.components, ElementsAre("web", "api", "db"));
  EXPECT_TRUE(q.target_stores);
  EXPECT_EQ(q.weakness_summary,
            "1 of 2 hops without authorization; 1 unencrypted boundary crossing");
  EXPECT_EQ(q.explanation[2],
            "api → db over jdbc, credentials authentication, technical-user authorization, "
            "crosses boundary 'internal' → 'data'; unencrypted across the boundary");
  EXPECT_EQ(q.explanation[3], "reach db, which stores pii");

  EXPECT_EQ(FormatReport(r),
            "origins: 1\n"
            "  web: internet-facing\n"
            "assets: 1\n"
            "  pii: 2 of 2 holders reachable, 0 exposed\n"
            "paths: 2\n"
            "  [12] pii: web → api\n"
            "    weaknesses: 1 of 1 hop without authorization\n"
            "    - start at web (internet-facing)\n"
            "    - web → api over https, token authentication, crosses boundary 'dmz' → "
            "'internal'; no authorization\n"
            "    - reach api, which processes pii\n"
            "  [24] pii: web → api → db\n"
            "    weaknesses: 1 of 2 hops without authorization; 1 unencrypted boundary crossing\n"
            "    - start at web (internet-facing)\n"
            "    - web → api over https, token authentication, crosses boundary 'dmz' → "
            "'internal'; no authorization\n"
            "    - api → db over jdbc, credentials authentication, technical-user authorization, "
            "crosses boundary 'internal' → 'data'; unencrypted across the boundary\n"
            "    - reach db, which stores pii\n"
            "exposures: 0\n");
}

// Two origins, three routes to app: ext -> app (1), web -> cache -> app (4 + 9), web -> app (17).
core::Model ThreeRoutes() {
  ModelBuilder b;
  b.Asset("orders", core::Confidentiality::kInternal, core::Criticality::kCritical);
  b.Asset("catalog", core::Confidentiality::kPublic, core::Criticality::kImportant);
  b.Component("ext", ComponentType::kExternalEntity);
  b.Component("web", ComponentType::kProcess, true);
  b.Component("cache");
  b.Component("app").data_processed = Refs({"orders", "catalog"});
  b.Boundary("edge", {"web"});
  b.Boundary("internal", {"cache", "app"});
  b.Flow("ext", "app", Protocol::kHttp);
  b.Flow("web", "cache");
  b.Flow("cache", "app", Protocol::kBinary, Authentication::kSessionId);
  b.Flow("web", "app", Protocol::kHttps, Authentication::kToken,
         Authorization::kEndUserIdentityPropagation);
  return b.m;
}

TEST(AttackPathsTest, KeepsTheKWeakestRoutesAcrossOrigins) {
  core::Model m = ThreeRoutes();
  FlowGraph g(m);
  AttackPathOptions o;
  o.k = 2;
  AttackPathReport r = FindAttackPaths(g, o);
  // catalog is neither confidential nor critical: not analysed.
  EXPECT_THAT(Routes(r), ElementsAre("1 orders: ext app", "13 orders: web cache app"));
  EXPECT_EQ(r.paths[0].weakness_summary,
            "1 of 1 hop without authentication; 1 of 1 hop without authorization; "
            "1 unencrypted boundary crossing");
  EXPECT_EQ(r.paths[0].explanation[0],
            "start at ext (external entity, outside every trust boundary)");
  EXPECT_EQ(r.paths[0].explanation[1],
            "ext → app over http, crosses boundary (none) → 'internal'; no authentication, no "
            "authorization, unencrypted across the boundary");
  o.k = 3;
  EXPECT_THAT(Routes(FindAttackPaths(g, o)),
              ElementsAre("1 orders: ext app", "13 orders: web cache app", "17 orders: web app"));
  o.k = 10;
  EXPECT_EQ(FindAttackPaths(g, o).paths.size(), 3u);
  o.assets = {"catalog"};
  EXPECT_THAT(
      Routes(FindAttackPaths(g, o)),
      ElementsAre("1 catalog: ext app", "13 catalog: web cache app", "17 catalog: web app"));
}

// u reaches t through a (strong controls) or b (medium controls).
core::Model TwoWays() {
  ModelBuilder b;
  b.Asset("secrets", core::Confidentiality::kStrictlyConfidential);
  b.Component("u", ComponentType::kExternalEntity);
  b.Component("a");
  b.Component("b");
  b.Component("t", ComponentType::kDatastore).data_stored = Refs({"secrets"});
  b.Boundary("inside", {"a", "b", "t"});
  b.Flow("u", "a", Protocol::kHttps, Authentication::kTwoFactor,
         Authorization::kEndUserIdentityPropagation);  // 1 + 12 + 5 + 3 = 21
  b.Flow("u", "b", Protocol::kHttps, Authentication::kToken,
         Authorization::kTechnicalUser);  // 1 + 8 + 3 + 3 = 15
  b.Flow("a", "t", Protocol::kHttps, Authentication::kToken,
         Authorization::kTechnicalUser);  // 1 + 8 + 3 = 12
  b.Flow("b", "t", Protocol::kHttps, Authentication::kCredentials,
         Authorization::kTechnicalUser);  // 12
  return b.m;
}

TEST(AttackPathsTest, RefutedAssumptionChangesTheRanking) {
  core::Model m = TwoWays();
  {
    FlowGraph g(m);
    EXPECT_THAT(Routes(FindAttackPaths(g)), ElementsAre("27 secrets: u b t", "33 secrets: u a t"));
  }
  // An unvalidated or confirmed assumption changes nothing.
  ModelBuilder extra{m};
  extra.Assumption("mfa-enforced", {"u>a"}, core::AssumptionStatus::kConfirmed);
  {
    FlowGraph g(extra.m);
    EXPECT_THAT(Routes(FindAttackPaths(g)), ElementsAre("27 secrets: u b t", "33 secrets: u a t"));
  }
  // Refuted: the two-factor hop counts as unprotected.
  extra.m.assumptions[0].status = core::AssumptionStatus::kRefuted;
  FlowGraph g(extra.m);
  AttackPathReport r = FindAttackPaths(g);
  EXPECT_THAT(Routes(r), ElementsAre("13 secrets: u a t", "27 secrets: u b t"));
  const AttackPath& p = r.paths[0];
  EXPECT_EQ(p.hops[0].cost, 1);
  EXPECT_EQ(p.hops[0].weaknesses, kRefutedAssumption);
  EXPECT_THAT(p.hops[0].refuted_assumptions, ElementsAre("mfa-enforced"));
  EXPECT_EQ(p.explanation[1],
            "u → a over https, two-factor authentication, end-user-identity-propagation "
            "authorization, crosses boundary (none) → 'inside'; controls void: assumption "
            "'mfa-enforced' is refuted");
  EXPECT_EQ(p.weakness_summary, "refuted assumption 'mfa-enforced'");

  // Refuting an assumption about a component voids the hops into it.
  ModelBuilder on_component{m};
  on_component.Assumption("b-hardened", {"b"});
  FlowGraph g2(on_component.m);
  EXPECT_THAT(Routes(FindAttackPaths(g2)), ElementsAre("13 secrets: u b t", "33 secrets: u a t"));
}

TEST(AttackPathsTest, OriginsThatHoldTheAssetAreExposures) {
  ModelBuilder b;
  b.Asset("invoices");
  b.Component("bucket", ComponentType::kDatastore, true).data_stored = Refs({"invoices"});
  b.Component("svc").data_processed = Refs({"invoices"});
  b.Boundary("cloud", {"bucket", "svc"});
  b.Flow("svc", "bucket", Protocol::kHttps, Authentication::kToken);
  b.Assumption("bucket-private", {"bucket"});
  FlowGraph g(b.m);
  AttackPathReport r = FindAttackPaths(g);
  EXPECT_TRUE(r.paths.empty());  // svc is not reachable: nothing flows into it
  ASSERT_EQ(r.exposures.size(), 1u);
  EXPECT_EQ(r.exposures[0].explanation,
            "bucket stores invoices and is itself an origin (internet-facing); refuted: "
            "'bucket-private'");
  ASSERT_EQ(r.assets.size(), 1u);
  EXPECT_EQ(r.assets[0].holders, 1);
  EXPECT_EQ(r.assets[0].reachable, 0);
  EXPECT_EQ(r.assets[0].exposures, 1);
}

TEST(AttackPathsTest, OriginRules) {
  ModelBuilder b;
  b.Component("loose");                                 // outside every boundary
  b.Component("human").used_as_client_by_human = true;  // in a boundary, still an origin
  b.Component("guest");                                 // in an untrusted boundary
  b.Component("inner");                                 // in a trusted boundary
  b.Component("named");                                 // in a boundary listed by id
  b.Boundary("corp", {"human", "inner"});
  b.Boundary("guest-wifi", {"guest"}).tags = {"Untrusted"};
  b.Boundary("partner-net", {"named"});
  FlowGraph g(b.m);
  AttackPathOptions o;
  EXPECT_THAT(FindOrigins(g, o),
              ElementsAre(kOutsideBoundaries, kHumanClient, kUntrustedBoundary, 0u, 0u));
  o.outside_boundaries_is_untrusted = false;
  o.untrusted_boundaries = {"partner-net"};
  EXPECT_THAT(FindOrigins(g, o),
              ElementsAre(0u, kHumanClient, kUntrustedBoundary, 0u, kUntrustedBoundary));
  EXPECT_EQ(DescribeOriginReasons(kInternetFacing | kExternalEntity | kHumanClient |
                                  kOutsideBoundaries | kUntrustedBoundary),
            "internet-facing, external entity, used as a client by humans, outside every trust "
            "boundary, in an untrusted boundary");
}

TEST(AttackPathsTest, PerTargetGroupingKeepsKRoutesPerHolder) {
  core::Model m = Chain();
  FlowGraph g(m);
  AttackPathOptions o;
  o.grouping = Grouping::kPerTarget;
  o.k = 1;
  EXPECT_THAT(Routes(FindAttackPaths(g, o)), ElementsAre("12 pii: web api", "24 pii: web api db"));
  core::Model m2 = ThreeRoutes();
  m2.components[2].data_processed = Refs({"orders"});  // cache holds orders too
  FlowGraph g2(m2);
  o.k = 2;
  EXPECT_THAT(Routes(FindAttackPaths(g2, o)),
              ElementsAre("1 orders: ext app", "4 orders: web cache", "13 orders: web cache app"));
}

// --- Brute force comparison on small random graphs full of cycles --------------------------------

struct Lcg {
  uint64_t s;
  uint32_t Next() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(s >> 33);
  }
  uint32_t Below(uint32_t n) { return Next() % n; }
};

core::Model RandomModel(uint64_t seed, int n, int percent_edges) {
  Lcg rng{seed};
  ModelBuilder b;
  b.Asset("x");
  const Authentication authns[] = {Authentication::kNone, Authentication::kToken,
                                   Authentication::kTwoFactor};
  const Authorization authzs[] = {Authorization::kNone, Authorization::kTechnicalUser,
                                  Authorization::kEndUserIdentityPropagation};
  std::vector<std::string> in_a, in_b;
  for (int i = 0; i < n; ++i) {
    std::string id = "c" + std::to_string(i);
    core::Component& c = b.Component(id);
    c.internet = rng.Below(5) == 0;
    if (rng.Below(3) == 0) c.data_processed = Refs({"x"});
    (rng.Below(2) ? in_a : in_b).push_back(id);
  }
  b.Boundary("a", in_a);
  b.Boundary("b", in_b);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i == j || static_cast<int>(rng.Below(100)) >= percent_edges) continue;
      b.Flow("c" + std::to_string(i), "c" + std::to_string(j),
             rng.Below(2) ? Protocol::kHttps : Protocol::kHttp, authns[rng.Below(3)],
             authzs[rng.Below(3)]);
      if (rng.Below(8) == 0) {  // a parallel flow with other controls
        core::Flow& f = b.Flow("c" + std::to_string(i), "c" + std::to_string(j));
        f.id += "-alt";
        f.vpn = true;
      }
    }
  }
  if (rng.Below(2)) b.Assumption("r", {b.m.flows[rng.Below(b.m.flows.size())].id});
  return b.m;
}

// Every simple route (origin first, no other origin on it, ending at a non-origin holder), by
// depth-first enumeration: the reference the search must agree with.
std::map<std::string, std::vector<int64_t>> BruteForce(const FlowGraph& g,
                                                       const std::vector<int64_t>& flow_cost,
                                                       bool per_target) {
  std::vector<uint32_t> origin = FindOrigins(g);
  int x = g.FindDataAsset("x");
  std::vector<char> holder(g.component_count(), 0), on_path(g.component_count(), 0);
  for (int c : g.holders(x)) holder[c] = origin[c] == 0;
  std::map<std::string, std::vector<int64_t>> out;
  std::function<void(int, int64_t)> dfs = [&](int v, int64_t cost) {
    on_path[v] = 1;
    for (int f : g.outgoing(v)) {
      int w = g.target(f);
      if (on_path[w] || origin[w] != 0) continue;
      if (holder[w]) out[per_target ? g.component(w).id : "x"].push_back(cost + flow_cost[f]);
      dfs(w, cost + flow_cost[f]);
    }
    on_path[v] = 0;
  };
  for (int c = 0; c < g.component_count(); ++c) {
    if (origin[c] != 0) dfs(c, 0);
  }
  for (auto& [key, costs] : out) std::sort(costs.begin(), costs.end());
  return out;
}

TEST(AttackPathsTest, AgreesWithBruteForceOnCycleHeavyGraphs) {
  size_t compared = 0, longest = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    core::Model m = RandomModel(seed, 9, 45);
    FlowGraph g(m);
    // Flow costs from the documented cost model, computed independently of the search.
    std::vector<int64_t> flow_cost(g.flow_count(), 0);
    for (int f = 0; f < g.flow_count(); ++f) {
      const core::Flow& fl = m.flows[f];
      bool refuted = !m.assumptions.empty() && m.assumptions[0].elements[0].id == fl.id;
      int64_t c = 1;
      if (!refuted) {
        c += fl.authentication == Authentication::kToken       ? 8
             : fl.authentication == Authentication::kTwoFactor ? 12
                                                               : 0;
        c += fl.authorization == Authorization::kTechnicalUser                ? 3
             : fl.authorization == Authorization::kEndUserIdentityPropagation ? 5
                                                                              : 0;
        c += g.CrossesBoundary(f) && fl.protocol == Protocol::kHttps ? 3 : 0;
        c += fl.vpn ? 2 : 0;
      }
      flow_cost[f] = c;
    }
    for (bool per_target : {false, true}) {
      for (int k : {1, 3, 6}) {
        AttackPathOptions o;
        o.k = k;
        o.grouping = per_target ? Grouping::kPerTarget : Grouping::kPerAsset;
        AttackPathReport r = FindAttackPaths(g, o);
        ASSERT_FALSE(r.truncated);
        std::map<std::string, std::vector<int64_t>> got;
        std::set<std::vector<std::string>> distinct;
        for (const AttackPath& p : r.paths) {
          got[per_target ? p.target_id : "x"].push_back(p.cost);
          EXPECT_TRUE(distinct.insert(p.FlowIds()).second) << "duplicate route, seed " << seed;
          std::set<std::string> nodes(p.components.begin(), p.components.end());
          EXPECT_EQ(nodes.size(), p.components.size()) << "route not simple, seed " << seed;
          int64_t sum = 0;
          for (const Hop& h : p.hops) sum += h.cost;
          EXPECT_EQ(sum, p.cost);
        }
        for (auto& [key, costs] : got) std::sort(costs.begin(), costs.end());
        for (const AttackPath& p : r.paths) longest = std::max(longest, p.hops.size());
        compared += r.paths.size();
        std::map<std::string, std::vector<int64_t>> want = BruteForce(g, flow_cost, per_target);
        for (auto& [key, costs] : want) {
          if (static_cast<int>(costs.size()) > k) costs.resize(k);
        }
        EXPECT_EQ(got, want) << "seed " << seed << " k " << k << " per_target " << per_target;
      }
    }
  }
  // The comparison is not vacuous: many routes, some of them long.
  EXPECT_GT(compared, 1000u) << "longest " << longest;
  EXPECT_GE(longest, 5u);
}

TEST(AttackPathsTest, OutputIsDeterministicAndSorted) {
  core::Model m = RandomModel(7, 12, 40);
  FlowGraph g(m);
  AttackPathOptions o;
  o.k = 5;
  o.grouping = Grouping::kPerTarget;
  AttackPathReport a = FindAttackPaths(g, o);
  AttackPathReport b = FindAttackPaths(g, o);
  EXPECT_EQ(FormatReport(a), FormatReport(b));
  ASSERT_GT(a.paths.size(), 5u);
  for (size_t i = 1; i < a.paths.size(); ++i) {
    const AttackPath& x = a.paths[i - 1];
    const AttackPath& y = a.paths[i];
    EXPECT_LE(std::tie(x.cost, x.asset_id, x.origin_id, x.target_id),
              std::tie(y.cost, y.asset_id, y.origin_id, y.target_id));
  }
}

TEST(AttackPathsTest, WorkBudgetTruncatesAlternativesButKeepsTheWeakest) {
  core::Model m = RandomModel(3, 12, 40);
  FlowGraph g(m);
  AttackPathOptions o;
  o.k = 5;
  o.grouping = Grouping::kPerTarget;
  AttackPathReport full = FindAttackPaths(g, o);
  ASSERT_FALSE(full.truncated);
  o.max_work = 1;
  AttackPathReport cut = FindAttackPaths(g, o);
  EXPECT_TRUE(cut.truncated);
  // One route per reachable holder: the weakest, from the forward search.
  int reachable = 0;
  for (const AssetCoverage& c : cut.assets) reachable += c.reachable;
  EXPECT_EQ(static_cast<int>(cut.paths.size()), reachable);
  EXPECT_EQ(Costs(cut).front(), Costs(full).front());
  o.max_work = 20'000'000;
  o.max_spur_searches = 0;
  EXPECT_TRUE(FindAttackPaths(g, o).truncated);

  // A cut shortens each group's list but never changes what it reports.
  o.max_spur_searches = 3;
  AttackPathReport few = FindAttackPaths(g, o);
  EXPECT_TRUE(few.truncated);
  std::map<std::string, std::vector<int64_t>> full_costs, few_costs;
  for (const AttackPath& p : full.paths) full_costs[p.target_id].push_back(p.cost);
  for (const AttackPath& p : few.paths) few_costs[p.target_id].push_back(p.cost);
  ASSERT_EQ(few_costs.size(), full_costs.size());
  for (const auto& [target, costs] : few_costs) {
    const std::vector<int64_t>& all = full_costs[target];
    ASSERT_LE(costs.size(), all.size());
    EXPECT_TRUE(std::equal(costs.begin(), costs.end(), all.begin())) << target;
  }
}

// --- Scale ------------------------------------------------------------------------------------

// An organisation-like model: components in nested boundaries (20 zones, 10 subnets each), a
// few internet-facing or external ones, flows mostly inside a zone and some across, and data
// assets held by a few dozen components each.
core::Model LargeModel(int components, int flows, int assets, uint64_t seed) {
  Lcg rng{seed};
  core::Model m;
  m.components.reserve(components);
  m.flows.reserve(flows);
  const int zones = 20, subnets = 10;
  for (int z = 0; z < zones; ++z) {
    core::TrustBoundary& b = m.boundaries.emplace_back();
    b.id = "zone" + std::to_string(z);
    for (int s = 0; s < subnets; ++s) b.nested.push_back({b.id + "-net" + std::to_string(s), {}});
  }
  for (int z = 0; z < zones; ++z) {
    for (int s = 0; s < subnets; ++s) {
      m.boundaries.emplace_back().id = "zone" + std::to_string(z) + "-net" + std::to_string(s);
    }
  }
  for (int a = 0; a < assets; ++a) {
    core::DataAsset& d = m.data_assets.emplace_back();
    d.id = "asset" + std::to_string(a);
    d.confidentiality = core::Confidentiality::kConfidential;
  }
  for (int i = 0; i < components; ++i) {
    core::Component& c = m.components.emplace_back();
    c.id = "c" + std::to_string(i);
    uint32_t roll = rng.Below(1000);
    if (roll < 10) c.internet = true;
    if (roll >= 10 && roll < 15) c.type = core::ComponentType::kExternalEntity;
    if (rng.Below(2000) < static_cast<uint32_t>(assets)) {
      c.data_processed.push_back({"asset" + std::to_string(rng.Below(assets)), {}});
    }
    // Components of zone z, subnet s are numbered contiguously.
    int b = zones + (i * zones * subnets) / components;
    if (c.type != core::ComponentType::kExternalEntity)
      m.boundaries[b].components.push_back({c.id, {}});
  }
  const Authentication authns[] = {Authentication::kNone, Authentication::kToken,
                                   Authentication::kCredentials, Authentication::kTwoFactor};
  const Authorization authzs[] = {Authorization::kNone, Authorization::kTechnicalUser,
                                  Authorization::kEndUserIdentityPropagation};
  for (int i = 0; i < flows; ++i) {
    int from = static_cast<int>(rng.Below(components));
    int to = rng.Below(10) < 8 ? (from + 1 + static_cast<int>(rng.Below(200))) % components
                               : static_cast<int>(rng.Below(components));
    if (to == from) to = (to + 1) % components;
    core::Flow& f = m.flows.emplace_back();
    f.id = "f" + std::to_string(i);
    f.from = {m.components[from].id, {}};
    f.to = {m.components[to].id, {}};
    f.protocol = rng.Below(3) ? Protocol::kHttps : Protocol::kHttp;
    f.authentication = authns[rng.Below(4)];
    f.authorization = authzs[rng.Below(3)];
  }
  return m;
}

// Visible with --gtest_output=xml:FILE.
void RecordWork(const std::string& name, const WorkStats& w) {
  ::testing::Test::RecordProperty(name + "_heap_pops", std::to_string(w.heap_pops));
  ::testing::Test::RecordProperty(name + "_relaxations", std::to_string(w.relaxations));
  ::testing::Test::RecordProperty(name + "_spur_searches", std::to_string(w.spur_searches));
  ::testing::Test::RecordProperty(name + "_groups", std::to_string(w.groups));
}

TEST(AttackPathsTest, LargeModelFinishesWithBoundedWork) {
  const int n = 20'000, e = 60'000;
  core::Model m = LargeModel(n, e, 20, 42);
  FlowGraph g(m);
  AttackPathOptions o;
  AttackPathReport r = FindAttackPaths(g, o);
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ(r.assets.size(), 20u);
  EXPECT_EQ(r.paths.size(), 60u);  // k = 3 for each of 20 assets
  // The forward search is one pass over the graph; all alternatives together cost less than
  // a few more passes, far from one search per origin (about 300 origins here).
  const uint64_t pass = static_cast<uint64_t>(n + e);
  EXPECT_LE(r.work.total(), 4 * pass) << "pops " << r.work.heap_pops << " relaxations "
                                      << r.work.relaxations << " spurs " << r.work.spur_searches;
  RecordWork("per_asset", r.work);

  o.grouping = Grouping::kPerTarget;
  AttackPathReport t = FindAttackPaths(g, o);
  EXPECT_FALSE(t.truncated);
  EXPECT_LE(t.work.total(), 20 * pass) << "pops " << t.work.heap_pops << " relaxations "
                                       << t.work.relaxations << " spurs " << t.work.spur_searches;
  RecordWork("per_target", t.work);
}

// Org scale (100k components, 300k flows). Slow in a debug build, so it runs on request:
// tp_graph_test --gtest_also_run_disabled_tests --gtest_filter='*OrgScale*'
TEST(AttackPathsTest, DISABLED_OrgScale) {
  const int n = 100'000, e = 300'000;
  core::Model m = LargeModel(n, e, 50, 7);
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
  };
  auto start = Clock::now();
  FlowGraph g(m);
  std::printf("graph: %.0f ms\n", ms(start));
  for (Grouping grouping : {Grouping::kPerAsset, Grouping::kPerTarget}) {
    AttackPathOptions o;
    o.grouping = grouping;
    start = Clock::now();
    AttackPathReport r = FindAttackPaths(g, o);
    std::printf(
        "%s: %.0f ms, %zu paths, pops %llu, relaxations %llu, spur searches %llu, "
        "groups %llu, truncated %d\n",
        grouping == Grouping::kPerAsset ? "per asset" : "per target", ms(start), r.paths.size(),
        static_cast<unsigned long long>(r.work.heap_pops),
        static_cast<unsigned long long>(r.work.relaxations),
        static_cast<unsigned long long>(r.work.spur_searches),
        static_cast<unsigned long long>(r.work.groups), r.truncated);
  }
}

}  // namespace
}  // namespace threatpath::graph
