#pragma once

// Test-only helpers for building small models in code.

#include <string>
#include <vector>

#include "core/model.h"

namespace threatpath::graph::testutil {

using core::Authentication;
using core::Authorization;
using core::ComponentType;
using core::Protocol;

inline core::Refs Refs(const std::vector<std::string>& ids) {
  core::Refs out;
  for (const auto& id : ids) out.push_back({id, {}});
  return out;
}

/// Appends elements to a model; each call returns the new element for further tweaks (valid
/// until the next call of the same kind).
struct ModelBuilder {
  core::Model m;

  core::Component& Component(const std::string& id, ComponentType type = ComponentType::kProcess,
                             bool internet = false) {
    core::Component& c = m.components.emplace_back();
    c.id = id;
    c.title = id;
    c.type = type;
    c.internet = internet;
    return c;
  }
  core::Flow& Flow(const std::string& from, const std::string& to,
                   Protocol protocol = Protocol::kHttps,
                   Authentication authn = Authentication::kNone,
                   Authorization authz = Authorization::kNone) {
    core::Flow& f = m.flows.emplace_back();
    f.id = from + ">" + to;
    f.title = f.id;
    f.from = {from, {}};
    f.to = {to, {}};
    f.protocol = protocol;
    f.authentication = authn;
    f.authorization = authz;
    return f;
  }
  core::TrustBoundary& Boundary(const std::string& id, const std::vector<std::string>& components,
                                const std::vector<std::string>& nested = {}) {
    core::TrustBoundary& b = m.boundaries.emplace_back();
    b.id = id;
    b.title = id;
    b.components = Refs(components);
    b.nested = Refs(nested);
    return b;
  }
  core::DataAsset& Asset(const std::string& id,
                         core::Confidentiality c = core::Confidentiality::kConfidential,
                         core::Criticality i = core::Criticality::kOperational) {
    core::DataAsset& a = m.data_assets.emplace_back();
    a.id = id;
    a.title = id;
    a.confidentiality = c;
    a.integrity = i;
    return a;
  }
  core::Assumption& Assumption(const std::string& id, const std::vector<std::string>& elements,
                               core::AssumptionStatus status = core::AssumptionStatus::kRefuted) {
    core::Assumption& a = m.assumptions.emplace_back();
    a.id = id;
    a.title = id;
    a.elements = Refs(elements);
    a.status = status;
    return a;
  }
};

}  // namespace threatpath::graph::testutil
