#include "bench/model_gen.h"

#include <algorithm>
#include <string>

namespace threatpath::bench {
namespace {

// A small deterministic generator (splitmix64), so figures do not depend on the standard
// library's distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

 private:
  uint64_t s_;
};

const char* kTechnologies[] = {"web-server",        "web-application", "application-server",
                               "database",          "file-server",     "web-service-rest",
                               "reverse-proxy",     "load-balancer",   "message-queue",
                               "identity-provider", "browser",         "build-pipeline",
                               "monitoring",        "search-index",    "batch-processing"};

}  // namespace

core::Model GenerateModel(size_t n, uint32_t seed) {
  using namespace core;
  Rng rng(seed);
  Model m;
  m.files.push_back("generated");
  m.meta.title = "Generated model with " + std::to_string(n) + " components";
  m.meta.date = "2026-01-01";
  m.meta.author.name = "threatpath bench";
  m.tags_available = {"generated", "tier-1", "tier-2"};

  size_t assets = std::max<size_t>(1, n / 10);
  for (size_t i = 0; i < assets; ++i) {
    DataAsset d;
    d.id = "data-" + std::to_string(i);
    d.title = "Data " + std::to_string(i);
    d.description = "Generated data asset " + std::to_string(i);
    d.confidentiality = static_cast<Confidentiality>(rng.Below(5));
    d.integrity = static_cast<Criticality>(rng.Below(5));
    d.availability = static_cast<Criticality>(rng.Below(5));
    d.quantity = static_cast<Quantity>(rng.Below(4));
    d.owner = "team-" + std::to_string(i % 17);
    m.data_assets.push_back(std::move(d));
  }

  for (size_t i = 0; i < n; ++i) {
    Component c;
    c.id = "c" + std::to_string(i);
    c.title = "Component " + std::to_string(i);
    c.description = "Generated component " + std::to_string(i);
    size_t kind = rng.Below(10);
    c.type = kind == 0  ? ComponentType::kExternalEntity
             : kind < 3 ? ComponentType::kDatastore
                        : ComponentType::kProcess;
    c.technologies = {kTechnologies[rng.Below(std::size(kTechnologies))]};
    c.internet = rng.Chance(5);
    c.machine = static_cast<Machine>(rng.Below(4));
    c.encryption = rng.Chance(30) ? Encryption::kTransparent : Encryption::kNone;
    c.confidentiality = static_cast<Confidentiality>(rng.Below(5));
    c.integrity = static_cast<Criticality>(rng.Below(5));
    c.availability = static_cast<Criticality>(rng.Below(5));
    c.custom_developed_parts = rng.Chance(60);
    c.multi_tenant = rng.Chance(10);
    c.redundant = rng.Chance(40);
    c.used_as_client_by_human = c.type == ComponentType::kExternalEntity && rng.Chance(50);
    c.owner = "team-" + std::to_string(i % 17);
    c.tags = {"generated"};
    for (int k = 0, count = static_cast<int>(rng.Below(3)); k < count; ++k) {
      c.data_processed.push_back({m.data_assets[rng.Below(assets)].id, {}});
    }
    if (c.type == ComponentType::kDatastore) {
      c.data_stored.push_back({m.data_assets[rng.Below(assets)].id, {}});
    }
    m.components.push_back(std::move(c));
  }

  // About three flows per component, mostly to nearby components (services talk within their
  // area), sometimes anywhere.
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) {
      size_t j = rng.Chance(80) ? (i + 1 + rng.Below(50)) % n : rng.Below(n);
      if (j == i) continue;
      Flow f;
      f.title = "Call " + std::to_string(k);
      f.id = m.components[i].id + ">call-" + std::to_string(k);
      f.from = {m.components[i].id, {}};
      f.to = {m.components[j].id, {}};
      f.protocol = static_cast<Protocol>(rng.Below(47));
      f.authentication = static_cast<Authentication>(rng.Below(7));
      f.authorization = static_cast<Authorization>(rng.Below(3));
      f.vpn = rng.Chance(5);
      f.readonly = rng.Chance(20);
      if (rng.Chance(70)) f.data_sent.push_back({m.data_assets[rng.Below(assets)].id, {}});
      if (rng.Chance(50)) f.data_received.push_back({m.data_assets[rng.Below(assets)].id, {}});
      m.flows.push_back(std::move(f));
    }
  }

  // Boundaries: a cloud network per ~1000 components holding networks per ~100, each holding
  // execution environments of ~10 components.
  size_t envs = std::max<size_t>(1, n / 10);
  for (size_t e = 0; e < envs; ++e) {
    TrustBoundary b;
    b.id = "env-" + std::to_string(e);
    b.title = "Environment " + std::to_string(e);
    b.type = BoundaryType::kExecutionEnvironment;
    for (size_t i = e * 10; i < std::min(n, (e + 1) * 10); ++i) {
      if (i % 10 != 9) b.components.push_back({m.components[i].id, {}});
    }
    m.boundaries.push_back(std::move(b));
  }
  size_t nets = std::max<size_t>(1, envs / 10);
  for (size_t k = 0; k < nets; ++k) {
    TrustBoundary b;
    b.id = "net-" + std::to_string(k);
    b.title = "Network " + std::to_string(k);
    b.type = BoundaryType::kNetworkVirtualLan;
    for (size_t e = k * 10; e < std::min(envs, (k + 1) * 10); ++e)
      b.nested.push_back({"env-" + std::to_string(e), {}});
    for (size_t i = k * 100 + 9; i < std::min(n, (k + 1) * 100); i += 10)
      b.components.push_back({m.components[i].id, {}});
    m.boundaries.push_back(std::move(b));
  }
  for (size_t k = 0; k * 10 < nets; ++k) {
    TrustBoundary b;
    b.id = "cloud-" + std::to_string(k);
    b.title = "Cloud " + std::to_string(k);
    b.type = BoundaryType::kNetworkCloudProvider;
    for (size_t j = k * 10; j < std::min(nets, (k + 1) * 10); ++j)
      b.nested.push_back({"net-" + std::to_string(j), {}});
    m.boundaries.push_back(std::move(b));
  }
  for (size_t r = 0; r * 50 < n; ++r) {
    SharedRuntime s;
    s.id = "runtime-" + std::to_string(r);
    s.title = "Runtime " + std::to_string(r);
    for (size_t i = r * 50; i < std::min(n, r * 50 + 5); ++i)
      s.components.push_back({m.components[i].id, {}});
    m.shared_runtimes.push_back(std::move(s));
  }
  return m;
}

}  // namespace threatpath::bench
