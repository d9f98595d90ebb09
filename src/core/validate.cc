#include "core/validate.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"

namespace threatpath::core {
namespace {

enum class Kind {
  kDataAsset,
  kComponent,
  kFlow,
  kBoundary,
  kSharedRuntime,
  kThreat,
  kMitigation,
  kAssumption,
};

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kDataAsset:
      return "data asset";
    case Kind::kComponent:
      return "component";
    case Kind::kFlow:
      return "flow";
    case Kind::kBoundary:
      return "trust boundary";
    case Kind::kSharedRuntime:
      return "shared runtime";
    case Kind::kThreat:
      return "threat";
    case Kind::kMitigation:
      return "mitigation";
    case Kind::kAssumption:
      return "assumption";
  }
  return "element";
}

struct Known {
  Kind kind;
  Loc loc;
};

class Validator {
 public:
  Validator(const Model& m, const ValidateOptions& o) : m_(m), o_(o) {}

  std::vector<base::Diagnostic> Run() {
    CollectIds();
    CheckReferences();
    CheckBoundaries();
    CheckTags();
    CheckTechnologies();
    CheckDiagram();
    std::stable_sort(out_.begin(), out_.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.loc.file, a.loc.line, a.loc.column) <
             std::tie(b.loc.file, b.loc.line, b.loc.column);
    });
    std::vector<base::Diagnostic> diags;
    for (auto& e : out_) {
      if (diags.size() == o_.max_errors) {
        diags.push_back({base::Severity::kNote, m_.Where(e.loc),
                         "stopping after " + std::to_string(o_.max_errors) + " errors"});
        break;
      }
      diags.push_back({base::Severity::kError, m_.Where(e.loc), std::move(e.message)});
    }
    return diags;
  }

 private:
  struct Entry {
    Loc loc;
    std::string message;
  };

  void Error(Loc loc, std::string message) { out_.push_back({loc, std::move(message)}); }

  static std::string Hint(std::string_view word, std::span<const std::string_view> candidates) {
    auto m = base::ClosestMatch(word, candidates);
    return m ? " (did you mean '" + *m + "'?)" : std::string();
  }

  std::string At(Loc loc) const { return m_.Where(loc).ToString(); }

  void AddId(const Element& e, Kind kind) {
    if (e.id.empty()) {
      Error(e.loc, std::string(KindName(kind)) + " '" + e.title + "' has no id");
      return;
    }
    for (char c : e.id) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        Error(e.loc, std::string(KindName(kind)) + " id '" + e.id + "' contains white space");
        break;
      }
    }
    std::vector<Known>& known = ids_[e.id];
    for (const Known& k : known) {
      // In a model from Threagile, ids are unique per kind, and two links may share one (the
      // reader warns: Threagile derives link ids from titles and keeps both).
      if (threagile_ && (k.kind != kind || kind == Kind::kFlow)) continue;
      Error(e.loc, "duplicate id '" + e.id + "': already used by " + KindName(k.kind) + " at " +
                       At(k.loc));
      return;
    }
    known.push_back({kind, e.loc});
    by_kind_[static_cast<int>(kind)].push_back(e.id);
  }

  void CollectIds() {
    ids_.reserve(m_.data_assets.size() + m_.components.size() + m_.flows.size() +
                 m_.boundaries.size() + m_.shared_runtimes.size() + m_.threats.size() +
                 m_.mitigations.size() + m_.assumptions.size());
    for (const auto& x : m_.data_assets) AddId(x, Kind::kDataAsset);
    for (const auto& x : m_.components) AddId(x, Kind::kComponent);
    for (const auto& x : m_.flows) AddId(x, Kind::kFlow);
    for (const auto& x : m_.boundaries) AddId(x, Kind::kBoundary);
    for (const auto& x : m_.shared_runtimes) AddId(x, Kind::kSharedRuntime);
    for (const auto& x : m_.threats) AddId(x, Kind::kThreat);
    for (const auto& x : m_.mitigations) AddId(x, Kind::kMitigation);
    for (const auto& x : m_.assumptions) AddId(x, Kind::kAssumption);
    std::unordered_map<std::string, Loc> categories;
    for (const auto& c : m_.risk_categories) {
      auto [it, inserted] = categories.emplace(c.id, c.loc);
      if (c.id.empty())
        Error(c.loc, "risk category '" + c.title + "' has no id");
      else if (!inserted)
        Error(c.loc,
              "duplicate risk category id '" + c.id + "': already used at " + At(it->second));
    }
    std::unordered_map<std::string, Loc> tracking;
    for (const auto& t : m_.risk_tracking) {
      auto [it, inserted] = tracking.emplace(t.key, t.loc);
      if (!inserted)
        Error(t.loc,
              "duplicate risk tracking key '" + t.key + "': already used at " + At(it->second));
    }
  }

  // Checks that `ref` names an element of one of `kinds` (any kind when empty).
  void CheckRef(const Ref& ref, std::initializer_list<Kind> kinds, std::string_view owner,
                std::string_view field) {
    if (ref.id.empty()) return;
    auto it = ids_.find(ref.id);
    std::string expected;
    for (Kind k : kinds) expected += (expected.empty() ? "" : " or ") + std::string(KindName(k));
    if (kinds.size() == 0) expected = "element";
    if (it == ids_.end()) {
      std::vector<std::string_view> candidates;
      if (kinds.size() == 0) {
        for (const auto& [id, _] : ids_) candidates.push_back(id);
        std::sort(candidates.begin(), candidates.end());
      } else {
        for (Kind k : kinds) {
          const auto& v = by_kind_[static_cast<int>(k)];
          candidates.insert(candidates.end(), v.begin(), v.end());
        }
      }
      Error(ref.loc, std::string(owner) + " names unknown " + expected + " '" + ref.id + "' in " +
                         std::string(field) + Hint(ref.id, candidates));
      return;
    }
    if (kinds.size() == 0) return;
    for (const Known& known : it->second) {
      for (Kind k : kinds) {
        if (known.kind == k) return;
      }
    }
    Error(ref.loc, std::string(owner) + " names '" + ref.id + "' in " + std::string(field) +
                       ", which is a " + KindName(it->second.front().kind) + ", not a " + expected);
  }

  void CheckRefs(const Refs& refs, std::initializer_list<Kind> kinds, std::string_view owner,
                 std::string_view field) {
    for (const Ref& r : refs) CheckRef(r, kinds, owner, field);
  }

  static std::string Owner(const char* kind, const std::string& id) {
    return std::string(kind) + " '" + id + "'";
  }

  void CheckReferences() {
    for (const auto& c : m_.components) {
      std::string o = Owner("component", c.id);
      CheckRefs(c.data_processed, {Kind::kDataAsset}, o, "data_processed");
      CheckRefs(c.data_stored, {Kind::kDataAsset}, o, "data_stored");
    }
    for (const auto& f : m_.flows) {
      std::string o = Owner("flow", f.id);
      if (f.from.id.empty()) Error(f.loc, o + " has no source component ('from')");
      if (f.to.id.empty()) Error(f.loc, o + " has no target component ('to')");
      CheckRef(f.from, {Kind::kComponent}, o, "from");
      CheckRef(f.to, {Kind::kComponent}, o, "to");
      CheckRefs(f.data_sent, {Kind::kDataAsset}, o, "data_sent");
      CheckRefs(f.data_received, {Kind::kDataAsset}, o, "data_received");
    }
    for (const auto& b : m_.boundaries) {
      std::string o = Owner("trust boundary", b.id);
      CheckRefs(b.components, {Kind::kComponent}, o, "components");
      CheckRefs(b.nested, {Kind::kBoundary}, o, "nested");
    }
    for (const auto& r : m_.shared_runtimes) {
      CheckRefs(r.components, {Kind::kComponent}, Owner("shared runtime", r.id), "components");
    }
    for (const auto& c : m_.risk_categories) {
      for (const auto& r : c.risks) {
        std::string o = "risk '" + r.title + "' of category '" + c.id + "'";
        CheckRefs(r.breach_components, {Kind::kComponent}, o, "data_breach_technical_assets");
        CheckRef(r.most_relevant_data_asset, {Kind::kDataAsset}, o, "most_relevant_data_asset");
        CheckRef(r.most_relevant_component, {Kind::kComponent}, o, "most_relevant_technical_asset");
        CheckRef(r.most_relevant_flow, {Kind::kFlow}, o, "most_relevant_communication_link");
        CheckRef(r.most_relevant_boundary, {Kind::kBoundary}, o, "most_relevant_trust_boundary");
        CheckRef(r.most_relevant_shared_runtime, {Kind::kSharedRuntime}, o,
                 "most_relevant_shared_runtime");
      }
    }
    for (const auto& t : m_.threats) {
      std::string o = Owner("threat", t.id);
      CheckRefs(t.affected, {}, o, "affected");
      CheckRefs(t.mitigations, {Kind::kMitigation}, o, "mitigations");
      if (t.response == ThreatResponse::kAccept && (t.justification.empty() || t.owner.empty())) {
        Error(t.loc, o + " is accepted without " +
                         (t.justification.empty() ? std::string("a justification") : "an owner") +
                         "; accepting a threat needs both");
      }
    }
    for (const auto& mi : m_.mitigations) {
      CheckRefs(mi.threats, {Kind::kThreat}, Owner("mitigation", mi.id), "threats");
    }
    for (const auto& a : m_.assumptions) {
      std::string o = Owner("assumption", a.id);
      CheckRefs(a.elements, {}, o, "elements");
      CheckRefs(a.threats, {Kind::kThreat}, o, "threats");
      CheckRefs(a.mitigations, {Kind::kMitigation}, o, "mitigations");
    }
  }

  void CheckBoundaries() {
    // Each component directly in at most one boundary; each boundary nested in at most one
    // parent, except in a model from Threagile, which accepts a boundary nested in several (and
    // picks one of them as the parent; the engine takes the first in file order).
    std::unordered_map<std::string, const TrustBoundary*> component_owner;
    std::unordered_map<std::string, const TrustBoundary*> parent;
    bool several_parents = false;
    for (const auto& b : m_.boundaries) {
      for (const Ref& r : b.components) {
        auto [it, inserted] = component_owner.emplace(r.id, &b);
        if (!inserted && it->second != &b) {
          Error(r.loc, "component '" + r.id + "' is in trust boundary '" + b.id +
                           "' and also directly in '" + it->second->id +
                           "'; a component sits directly in at most one boundary");
        }
      }
      for (const Ref& r : b.nested) {
        if (r.id == b.id) {
          Error(r.loc, "trust boundary '" + b.id + "' is nested in itself");
          continue;
        }
        auto [it, inserted] = parent.emplace(r.id, &b);
        if (!inserted && it->second != &b) {
          several_parents = true;
          if (threagile_) continue;
          Error(r.loc, "trust boundary '" + r.id + "' is nested in '" + b.id + "' and also in '" +
                           it->second->id + "'; a boundary has at most one parent");
        }
      }
    }
    // Cycles: follow parent links from every boundary; with at most one parent each, a walk
    // longer than the number of boundaries, or one that returns to its start, is a cycle.
    std::unordered_set<std::string> reported;
    for (const auto& b : m_.boundaries) {
      std::string cur = b.id;
      std::vector<std::string> path = {cur};
      for (size_t steps = 0; steps <= m_.boundaries.size(); ++steps) {
        auto it = parent.find(cur);
        if (it == parent.end()) break;
        cur = it->second->id;
        if (cur == b.id) {
          if (!reported.count(b.id)) {
            for (const auto& p : path) reported.insert(p);
            path.push_back(b.id);
            std::reverse(path.begin(), path.end());
            Error(b.loc, "trust boundaries are nested in a cycle: " + base::Join(path, " > "));
          }
          break;
        }
        path.push_back(cur);
      }
    }
    // With several parents, the walk above follows only the first; a cycle can also run
    // through the others. Depth first over every nesting, reported once, in the same form.
    if (several_parents && reported.empty()) CheckNestingCycles();
  }

  // A cycle anywhere in the nesting (boundary -> each boundary nested in it), reported once.
  void CheckNestingCycles() {
    std::unordered_map<std::string_view, int> index;
    for (size_t b = 0; b < m_.boundaries.size(); ++b) index.emplace(m_.boundaries[b].id, b);
    enum { kNew, kOpen, kDone };
    std::vector<int> state(m_.boundaries.size(), kNew);
    std::vector<int> path;  // the open boundaries, outermost first
    // Iterative depth-first search: each frame is a boundary and the next nested ref to visit.
    std::vector<std::pair<int, size_t>> stack;
    for (size_t start = 0; start < m_.boundaries.size(); ++start) {
      if (state[start] != kNew) continue;
      stack.push_back({static_cast<int>(start), 0});
      state[start] = kOpen;
      path.push_back(static_cast<int>(start));
      while (!stack.empty()) {
        auto& [b, next] = stack.back();
        const Refs& nested = m_.boundaries[b].nested;
        if (next == nested.size()) {
          state[b] = kDone;
          path.pop_back();
          stack.pop_back();
          continue;
        }
        auto it = index.find(nested[next++].id);
        if (it == index.end() || it->second == b) continue;
        const int child = it->second;
        if (state[child] == kOpen) {
          // The cycle: child > ... > b > child, each containing the next, as the walk above
          // writes it.
          std::vector<std::string> names;
          for (auto p = std::find(path.begin(), path.end(), child); p != path.end(); ++p) {
            names.push_back(m_.boundaries[*p].id);
          }
          names.push_back(m_.boundaries[child].id);
          Error(m_.boundaries[child].loc,
                "trust boundaries are nested in a cycle: " + base::Join(names, " > "));
          return;
        }
        if (state[child] == kNew) {
          state[child] = kOpen;
          path.push_back(child);
          stack.push_back({child, 0});
        }
      }
    }
  }

  void CheckTags() {
    bool threagile = m_.provenance.format == Provenance::Format::kThreagile;
    if (!o_.check_tags || (m_.tags_available.empty() && !threagile)) return;
    // Threagile trims and lower-cases tags before checking them; do the same for its models.
    auto norm = [&](const std::string& t) { return threagile ? base::ToLower(base::Trim(t)) : t; };
    std::unordered_set<std::string> declared;
    for (const auto& t : m_.tags_available) declared.insert(norm(t));
    auto check = [&](const Element& e, const char* kind) {
      for (size_t i = 0; i < e.tags.size(); ++i) {
        const std::string& t = e.tags[i];
        if (!declared.count(norm(t))) {
          Loc loc = i < e.tag_locs.size() && e.tag_locs[i].known() ? e.tag_locs[i] : e.loc;
          Error(loc, std::string(kind) + " '" + e.id + "' uses tag '" + t +
                         "', which is not in tags_available" +
                         base::DidYouMean(t, m_.tags_available));
        }
      }
    };
    for (const auto& x : m_.data_assets) check(x, "data asset");
    for (const auto& x : m_.components) check(x, "component");
    for (const auto& x : m_.flows) check(x, "flow");
    for (const auto& x : m_.boundaries) check(x, "trust boundary");
    for (const auto& x : m_.shared_runtimes) check(x, "shared runtime");
  }

  void CheckTechnologies() {
    if (o_.technologies.empty()) return;
    std::unordered_set<std::string> known(o_.technologies.begin(), o_.technologies.end());
    for (const auto& c : m_.components) {
      for (const auto& t : c.technologies) {
        if (!known.count(t)) {
          Loc loc = c.technologies_loc.known() ? c.technologies_loc : c.loc;
          Error(loc, "component '" + c.id + "' names unknown technology '" + t + "'" +
                         base::DidYouMean(t, o_.technologies));
        }
      }
    }
  }

  void CheckDiagram() {
    auto check_list = [&](const std::vector<std::string>& items, const char* what) {
      for (const auto& item : items) {
        size_t start = 0;
        while (start <= item.size()) {
          size_t end = item.find(':', start);
          std::string id = item.substr(start, end == std::string::npos ? end : end - start);
          auto it = ids_.find(id);
          if (it == ids_.end() ||
              std::none_of(it->second.begin(), it->second.end(),
                           [](const Known& k) { return k.kind == Kind::kComponent; })) {
            Error(Loc{},
                  std::string(what) + " '" + item + "' names unknown component '" + id + "'");
          }
          if (end == std::string::npos) break;
          start = end + 1;
        }
      }
    };
    check_list(m_.diagram.invisible_connections, "diagram invisible connection");
    check_list(m_.diagram.same_rank_assets, "diagram same-rank group");
  }

  const Model& m_;
  const ValidateOptions& o_;
  // Threagile keeps one id space per kind of element (a data asset and a component may share an
  // id); a native model has one id space for all, so that a threat or mitigation can name any
  // element by id alone.
  const bool threagile_ = m_.provenance.format == Provenance::Format::kThreagile;
  // Keys and names point into the model, which outlives the validator. One entry per kind that
  // uses the id (only ever one in a native model).
  std::unordered_map<std::string_view, std::vector<Known>> ids_;
  std::vector<std::string_view> by_kind_[8];
  std::vector<Entry> out_;
};

}  // namespace

std::vector<base::Diagnostic> Validate(const Model& model, const ValidateOptions& options) {
  return Validator(model, options).Run();
}

}  // namespace threatpath::core
