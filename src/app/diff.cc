#include "app/diff.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <unordered_map>

#include "formats/native.h"

namespace threatpath::app {

namespace {

// The native form of each element, keyed by (section, id); positions do not appear in it, so
// moving an element within the file is not a change.
std::map<std::pair<std::string, std::string>, std::string> Elements(const core::Model& m) {
  static const std::pair<const char*, const char*> kSections[] = {
      {"data_assets", "data asset"},
      {"components", "component"},
      {"flows", "flow"},
      {"boundaries", "trust boundary"},
      {"shared_runtimes", "shared runtime"},
      {"threats", "threat"},
      {"mitigations", "mitigation"},
      {"assumptions", "assumption"},
      {"risk_tracking", "risk tracking"}};
  std::map<std::pair<std::string, std::string>, std::string> out;
  formats::Node doc = formats::WriteNative(m);
  for (const auto& [section, kind] : kSections) {
    const formats::Node* s = doc.Find(section);
    if (!s) continue;
    for (const auto& e : s->entries) {
      out[{kind, e.key.value}] = formats::EmitJson(e.value);
    }
  }
  return out;
}

std::string PathKey(const graph::AttackPath& p) {
  std::string k = p.asset_id + "|" + p.origin_id + "|" + p.target_id;
  for (const auto& h : p.hops) k += "|" + h.flow_id;
  return k;
}

}  // namespace

ModelDiff Diff(const Analysis& before, const Analysis& after) {
  ModelDiff d;
  std::unordered_map<std::string, const engine::Risk*> old_risks, new_risks;
  for (const auto& r : before.result.risks) old_risks.emplace(r.synthetic_id, &r);
  for (const auto& r : after.result.risks) new_risks.emplace(r.synthetic_id, &r);
  for (const auto& r : after.result.risks) {
    auto it = old_risks.find(r.synthetic_id);
    if (it == old_risks.end()) {
      d.risks_added.push_back(r);
    } else if (it->second->severity != r.severity || it->second->status != r.status) {
      d.risks_changed.push_back({*it->second, r});
    }
  }
  for (const auto& r : before.result.risks) {
    if (!new_risks.count(r.synthetic_id)) d.risks_removed.push_back(r);
  }

  auto old_elements = Elements(before.model);
  auto new_elements = Elements(after.model);
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& [k, _] : old_elements) keys.insert(k);
  for (const auto& [k, _] : new_elements) keys.insert(k);
  for (const auto& k : keys) {
    auto o = old_elements.find(k);
    auto n = new_elements.find(k);
    using W = ModelDiff::ElementChange::What;
    if (o == old_elements.end()) {
      d.elements.push_back({k.first, k.second, W::kAdded});
    } else if (n == new_elements.end()) {
      d.elements.push_back({k.first, k.second, W::kRemoved});
    } else if (o->second != n->second) {
      d.elements.push_back({k.first, k.second, W::kChanged});
    }
  }

  std::set<std::string> old_paths, new_paths;
  for (const auto& p : before.paths.paths) old_paths.insert(PathKey(p));
  for (const auto& p : after.paths.paths) new_paths.insert(PathKey(p));
  for (const auto& p : after.paths.paths) {
    if (!old_paths.count(PathKey(p))) d.paths_added.push_back(p);
  }
  for (const auto& p : before.paths.paths) {
    if (!new_paths.count(PathKey(p))) d.paths_removed.push_back(p);
  }
  return d;
}

namespace {

using Json = nlohmann::ordered_json;

Json RiskJson(const engine::Risk& r) {
  return {{"synthetic_id", r.synthetic_id},
          {"category", r.category},
          {"severity", core::ToString(r.severity)},
          {"risk_status", core::ToString(r.status)},
          {"title", r.title}};
}

Json PathJson(const graph::AttackPath& p) {
  Json flows = Json::array();
  for (const auto& h : p.hops) flows.push_back(h.flow_id);
  return {{"asset", p.asset_id},
          {"origin", p.origin_id},
          {"target", p.target_id},
          {"cost", p.cost},
          {"flows", flows}};
}

}  // namespace

std::string DiffJson(const ModelDiff& d, std::optional<size_t> failing) {
  Json out = {{"risks_added", Json::array()},        {"risks_removed", Json::array()},
              {"risks_changed", Json::array()},      {"elements", Json::array()},
              {"attack_paths_added", Json::array()}, {"attack_paths_removed", Json::array()}};
  for (const auto& r : d.risks_added) out["risks_added"].push_back(RiskJson(r));
  for (const auto& r : d.risks_removed) out["risks_removed"].push_back(RiskJson(r));
  for (const auto& c : d.risks_changed) {
    out["risks_changed"].push_back({{"before", RiskJson(c.before)}, {"after", RiskJson(c.after)}});
  }
  for (const auto& e : d.elements) {
    const char* what = e.what == ModelDiff::ElementChange::What::kAdded     ? "added"
                       : e.what == ModelDiff::ElementChange::What::kRemoved ? "removed"
                                                                            : "changed";
    out["elements"].push_back({{"kind", e.kind}, {"id", e.id}, {"change", what}});
  }
  for (const auto& p : d.paths_added) out["attack_paths_added"].push_back(PathJson(p));
  for (const auto& p : d.paths_removed) out["attack_paths_removed"].push_back(PathJson(p));
  if (failing) out["failing"] = *failing;
  return out.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace threatpath::app
