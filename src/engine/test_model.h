#pragma once

// Small models for engine tests. Test-only: not part of tp_engine.

#include <deque>
#include <initializer_list>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/model.h"
#include "engine/context.h"
#include "engine/risk.h"
#include "engine/rule.h"

namespace threatpath::engine::testing {

/// Builds a model element by element. Elements are kept in deques, so the references returned
/// stay valid while more elements are added; Build() assembles the model.
class ModelBuilder {
 public:
  /// A data asset rated `c` / `i` / `a` (quantity "few").
  core::DataAsset& Data(const std::string& id,
                        core::Confidentiality c = core::Confidentiality::kInternal,
                        core::Criticality i = core::Criticality::kOperational,
                        core::Criticality a = core::Criticality::kOperational) {
    core::DataAsset& d = data_.emplace_back();
    d.id = id;
    d.title = "Data " + id;
    d.confidentiality = c;
    d.integrity = i;
    d.availability = a;
    return d;
  }

  /// An in-scope process with one technology, rated internal / operational / operational.
  core::Component& Comp(const std::string& id, const std::string& technology,
                        core::ComponentType type = core::ComponentType::kProcess) {
    core::Component& c = comps_.emplace_back();
    c.id = id;
    c.title = "Comp " + id;
    c.type = type;
    c.technologies = {technology};
    return c;
  }

  /// A flow `from` -> `to` whose id follows Threagile's `source>slug(title)`.
  core::Flow& Flow(const std::string& from, const std::string& to, const std::string& title,
                   core::Protocol protocol = core::Protocol::kHttps) {
    core::Flow& f = flows_.emplace_back();
    f.id = from + ">" + title;
    f.title = title;
    f.from.id = from;
    f.to.id = to;
    f.protocol = protocol;
    return f;
  }

  core::TrustBoundary& Boundary(const std::string& id, core::BoundaryType type,
                                std::initializer_list<std::string> components,
                                std::initializer_list<std::string> nested = {}) {
    core::TrustBoundary& b = boundaries_.emplace_back();
    b.id = id;
    b.title = "Boundary " + id;
    b.type = type;
    for (const std::string& c : components) b.components.push_back({c, {}});
    for (const std::string& n : nested) b.nested.push_back({n, {}});
    return b;
  }

  core::SharedRuntime& Runtime(const std::string& id,
                               std::initializer_list<std::string> components) {
    core::SharedRuntime& r = runtimes_.emplace_back();
    r.id = id;
    r.title = "Runtime " + id;
    for (const std::string& c : components) r.components.push_back({c, {}});
    return r;
  }

  core::RiskTracking& Tracking(const std::string& key, core::RiskStatus status) {
    core::RiskTracking& t = tracking_.emplace_back();
    t.key = key;
    t.status = status;
    return t;
  }

  core::RiskCategory& Category(const std::string& id) {
    core::RiskCategory& c = categories_.emplace_back();
    c.id = id;
    c.title = "Category " + id;
    return c;
  }

  core::Model Build() const {
    core::Model m;
    m.data_assets.assign(data_.begin(), data_.end());
    m.components.assign(comps_.begin(), comps_.end());
    m.flows.assign(flows_.begin(), flows_.end());
    m.boundaries.assign(boundaries_.begin(), boundaries_.end());
    m.shared_runtimes.assign(runtimes_.begin(), runtimes_.end());
    m.risk_tracking.assign(tracking_.begin(), tracking_.end());
    m.risk_categories.assign(categories_.begin(), categories_.end());
    return m;
  }

 private:
  std::deque<core::DataAsset> data_;
  std::deque<core::Component> comps_;
  std::deque<core::Flow> flows_;
  std::deque<core::TrustBoundary> boundaries_;
  std::deque<core::SharedRuntime> runtimes_;
  std::deque<core::RiskTracking> tracking_;
  std::deque<core::RiskCategory> categories_;
};

inline core::Refs Refs(std::initializer_list<std::string> ids) {
  core::Refs out;
  for (const std::string& id : ids) out.push_back({id, {}});
  return out;
}

/// The synthetic ids of the risks, in order.
inline std::vector<std::string> Ids(const std::vector<Risk>& risks) {
  std::vector<std::string> out;
  for (const Risk& r : risks) out.push_back(r.synthetic_id);
  return out;
}

/// Runs one built-in rule on a model with the built-in technology catalogue.
inline std::vector<Risk> RunRule(std::string_view rule_id, const core::Model& model) {
  AnalysisContext ctx(model, catalog::Catalog::Builtin());
  const Rule* rule = FindRule(rule_id);
  return rule ? rule->Generate(ctx) : std::vector<Risk>{};
}

}  // namespace threatpath::engine::testing
