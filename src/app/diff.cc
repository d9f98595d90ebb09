#include "app/diff.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "formats/native.h"

namespace threatpath::app {

namespace {

// The fields of an element's native form, in the format's order, each as JSON text.
using Fields = std::vector<std::pair<std::string, std::string>>;

// The native form of each element, keyed by (kind, id); positions do not appear in it, so
// moving an element within the file is not a change, and fields left at their default are left
// out of it on both sides.
std::map<std::pair<std::string, std::string>, Fields> Elements(const core::Model& m) {
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
  std::map<std::pair<std::string, std::string>, Fields> out;
  formats::Node doc = formats::WriteNative(m);
  for (const auto& [section, kind] : kSections) {
    const formats::Node* s = doc.Find(section);
    if (!s) continue;
    for (const auto& e : s->entries) {
      Fields& fields = out[{kind, e.key.value}];  // an element at all defaults has none
      for (const auto& f : e.value.entries) {
        std::string json = formats::EmitJson(f.value);
        while (!json.empty() && json.back() == '\n') json.pop_back();
        fields.emplace_back(f.key.value, std::move(json));
      }
    }
  }
  return out;
}

std::vector<ModelDiff::FieldChange> ChangedFields(const Fields& before, const Fields& after) {
  auto find = [](const Fields& fields, const std::string& name) -> const std::string* {
    for (const auto& [n, v] : fields) {
      if (n == name) return &v;
    }
    return nullptr;
  };
  std::vector<ModelDiff::FieldChange> out;
  for (const auto& [name, value] : after) {
    const std::string* old = find(before, name);
    if (!old || *old != value) out.push_back({name, old ? *old : std::string(), value});
  }
  for (const auto& [name, value] : before) {
    if (!find(after, name)) out.push_back({name, value, std::string()});
  }
  return out;
}

std::string PathKey(const graph::AttackPath& p) {
  std::string k = p.asset_id + "|" + p.origin_id + "|" + p.target_id;
  for (const auto& h : p.hops) k += "|" + h.flow_id;
  return k;
}

// The same route with other weaknesses: compared by cost and by each hop's weaknesses and
// refuted assumptions (the explanations follow from those and from the route).
bool WeaknessesDiffer(const graph::AttackPath& a, const graph::AttackPath& b) {
  if (a.cost != b.cost || a.hops.size() != b.hops.size()) return true;
  for (size_t i = 0; i < a.hops.size(); ++i) {
    if (a.hops[i].weaknesses != b.hops[i].weaknesses ||
        a.hops[i].refuted_assumptions != b.hops[i].refuted_assumptions) {
      return true;
    }
  }
  return false;
}

// The cost of each asset's weakest attack path.
std::map<std::string, int64_t> WeakestRoutes(const graph::AttackPathReport& report) {
  std::map<std::string, int64_t> weakest;
  for (const auto& p : report.paths) {
    auto [it, added] = weakest.try_emplace(p.asset_id, p.cost);
    if (!added) it->second = std::min(it->second, p.cost);
  }
  return weakest;
}

// Assets that got easier to reach, from the two reports and the routes that changed.
std::vector<ModelDiff::AssetWeakening> WeakerAssets(
    const graph::AttackPathReport& before, const graph::AttackPathReport& after,
    const std::vector<ModelDiff::PathChange>& changed) {
  const auto old_weakest = WeakestRoutes(before);
  const auto new_weakest = WeakestRoutes(after);
  std::map<std::string, ModelDiff::AssetWeakening> out;
  auto entry = [&](const std::string& asset) -> ModelDiff::AssetWeakening& {
    auto [it, added] = out.try_emplace(asset);
    if (added) {
      it->second.asset_id = asset;
      if (auto o = old_weakest.find(asset); o != old_weakest.end()) {
        it->second.weakest_before = o->second;
      }
      if (auto n = new_weakest.find(asset); n != new_weakest.end()) {
        it->second.weakest_after = n->second;
      }
    }
    return it->second;
  };
  for (const auto& [asset, cost] : new_weakest) {
    auto o = old_weakest.find(asset);
    if (o == old_weakest.end() || cost < o->second) entry(asset);
  }
  for (const auto& c : changed) {
    if (c.after.cost < c.before.cost) ++entry(c.after.asset_id).weaker_routes;
  }
  std::set<std::pair<std::string, std::string>> old_exposures;
  for (const auto& e : before.exposures) old_exposures.emplace(e.asset_id, e.component_id);
  for (const auto& e : after.exposures) {  // sorted by asset, then component
    if (!old_exposures.count({e.asset_id, e.component_id})) {
      entry(e.asset_id).new_exposures.push_back(e.component_id);
    }
  }
  std::vector<ModelDiff::AssetWeakening> list;
  for (auto& [asset, w] : out) list.push_back(std::move(w));
  return list;
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
      d.elements.push_back({k.first, k.second, W::kChanged, ChangedFields(o->second, n->second)});
    }
  }

  std::unordered_map<std::string, const graph::AttackPath*> old_paths;
  std::set<std::string> new_paths;
  for (const auto& p : before.paths.paths) old_paths.emplace(PathKey(p), &p);
  for (const auto& p : after.paths.paths) new_paths.insert(PathKey(p));
  for (const auto& p : after.paths.paths) {
    auto it = old_paths.find(PathKey(p));
    if (it == old_paths.end()) {
      d.paths_added.push_back(p);
    } else if (WeaknessesDiffer(*it->second, p)) {
      d.paths_changed.push_back({*it->second, p});
    }
  }
  for (const auto& p : before.paths.paths) {
    if (!new_paths.count(PathKey(p))) d.paths_removed.push_back(p);
  }
  d.weaker_assets = WeakerAssets(before.paths, after.paths, d.paths_changed);
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
  return {{"asset", p.asset_id}, {"origin", p.origin_id}, {"target", p.target_id},
          {"cost", p.cost},      {"flows", flows},        {"weakness_summary", p.weakness_summary}};
}

// A field's JSON text as a value; a field left out (at its default) is null.
Json FieldValue(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json::parse(text);
}

}  // namespace

std::string DiffJson(const ModelDiff& d, std::optional<size_t> failing,
                     std::optional<size_t> failing_assets) {
  Json out = {{"risks_added", Json::array()},          {"risks_removed", Json::array()},
              {"risks_changed", Json::array()},        {"elements", Json::array()},
              {"attack_paths_added", Json::array()},   {"attack_paths_removed", Json::array()},
              {"attack_paths_changed", Json::array()}, {"weaker_assets", Json::array()}};
  for (const auto& r : d.risks_added) out["risks_added"].push_back(RiskJson(r));
  for (const auto& r : d.risks_removed) out["risks_removed"].push_back(RiskJson(r));
  for (const auto& c : d.risks_changed) {
    out["risks_changed"].push_back({{"before", RiskJson(c.before)}, {"after", RiskJson(c.after)}});
  }
  for (const auto& e : d.elements) {
    const char* what = e.what == ModelDiff::ElementChange::What::kAdded     ? "added"
                       : e.what == ModelDiff::ElementChange::What::kRemoved ? "removed"
                                                                            : "changed";
    Json element = {{"kind", e.kind}, {"id", e.id}, {"change", what}};
    if (e.what == ModelDiff::ElementChange::What::kChanged) {
      Json fields = Json::array();
      for (const auto& f : e.fields) {
        fields.push_back(
            {{"field", f.field}, {"before", FieldValue(f.before)}, {"after", FieldValue(f.after)}});
      }
      element["fields"] = std::move(fields);
    }
    out["elements"].push_back(std::move(element));
  }
  for (const auto& p : d.paths_added) out["attack_paths_added"].push_back(PathJson(p));
  for (const auto& p : d.paths_removed) out["attack_paths_removed"].push_back(PathJson(p));
  for (const auto& c : d.paths_changed) {
    out["attack_paths_changed"].push_back(
        {{"before", PathJson(c.before)}, {"after", PathJson(c.after)}});
  }
  for (const auto& w : d.weaker_assets) {
    auto cost = [](const std::optional<int64_t>& c) { return c ? Json(*c) : Json(nullptr); };
    out["weaker_assets"].push_back({{"asset", w.asset_id},
                                    {"weakest_cost_before", cost(w.weakest_before)},
                                    {"weakest_cost_after", cost(w.weakest_after)},
                                    {"weaker_paths", w.weaker_routes},
                                    {"new_exposures", w.new_exposures}});
  }
  if (failing) out["failing"] = *failing;
  if (failing_assets) out["failing_assets"] = *failing_assets;
  return out.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace threatpath::app
