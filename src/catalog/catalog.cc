#include "catalog/catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

#include "base/error.h"
#include "formats/node.h"

namespace threatpath::catalog {

namespace internal {
// Defined in the file generated from technologies.yaml by cmake/embed.cmake.
std::string_view TechnologiesYaml();
}  // namespace internal

namespace {

using base::Diagnostic;
using base::Error;
using formats::Node;

constexpr char kBuiltinName[] = "<builtin>/technologies.yaml";

bool IsAttributeName(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsTechnologyId(std::string_view s) {
  if (s.empty()) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// Reads the catalogue tree, collecting every problem instead of stopping at the first.
class Loader {
 public:
  explicit Loader(const std::string& display_name) : name_(display_name) {}

  void ReadAttributes(const Node& section, std::vector<std::pair<std::string, std::string>>* out);
  void ReadTechnologies(const Node& section, std::vector<Technology>* out);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  void Fail(const Node& at, std::string message) {
    diagnostics_.push_back(Diagnostic{
        base::Severity::kError, {name_, at.loc.line, at.loc.column}, std::move(message)});
  }
  void ReadTechnology(const Node& entry, std::vector<Technology>* out);

  const std::string& name_;
  std::vector<Diagnostic> diagnostics_;
  std::set<std::string, std::less<>> declared_;        // attribute names
  std::map<std::string, uint32_t, std::less<>> seen_;  // technology id -> line
};

void Loader::ReadAttributes(const Node& section,
                            std::vector<std::pair<std::string, std::string>>* out) {
  if (section.is_null()) return;
  if (!section.is_mapping()) {
    Fail(section, "'attributes' must be a mapping from attribute name to description");
    return;
  }
  for (const formats::Entry& e : section.entries) {
    const std::string& name = e.key.value;
    if (!IsAttributeName(name)) {
      Fail(e.key,
           "attribute name '" + name + "' must be snake_case (lower-case letters, digits and '_')");
      continue;
    }
    if (!e.value.is_scalar() && !e.value.is_null()) {
      Fail(e.value, "the description of attribute '" + name + "' must be text");
      continue;
    }
    declared_.insert(name);
    out->emplace_back(name, e.value.value);
  }
}

void Loader::ReadTechnologies(const Node& section, std::vector<Technology>* out) {
  if (section.is_null()) return;
  if (!section.is_sequence()) {
    Fail(section, "'technologies' must be a list of technologies");
    return;
  }
  for (const Node& entry : section.items) ReadTechnology(entry, out);
}

void Loader::ReadTechnology(const Node& entry, std::vector<Technology>* out) {
  if (!entry.is_mapping()) {
    Fail(entry, "each technology must be a mapping with 'id', 'description' and 'attributes'");
    return;
  }
  const Node* id = entry.Find("id");
  if (id == nullptr) {
    Fail(entry, "technology has no 'id'");
    return;
  }
  if (!id->is_scalar()) {
    Fail(*id, "'id' must be text");
    return;
  }
  Technology t;
  t.id = id->value;
  if (!IsTechnologyId(t.id)) {
    Fail(*id, "technology id '" + t.id +
                  "' must be lower-case letters, digits, '-', '_' or '.', starting with a letter "
                  "or digit");
    return;
  }
  auto [it, inserted] = seen_.emplace(t.id, id->loc.line);
  if (!inserted) {
    Fail(*id, "duplicate technology '" + t.id + "' (first defined at line " +
                  std::to_string(it->second) + ")");
    return;
  }

  bool ok = true;
  for (const formats::Entry& e : entry.entries) {
    const std::string& key = e.key.value;
    const Node& value = e.value;
    if (key == "id") continue;
    if (key == "description") {
      if (!value.is_scalar() && !value.is_null()) {
        Fail(value, "the description of technology '" + t.id + "' must be text");
        ok = false;
      } else {
        t.description = value.value;
      }
    } else if (key == "attributes") {
      if (value.is_null()) continue;
      if (!value.is_sequence()) {
        Fail(value, "the attributes of technology '" + t.id + "' must be a list of names");
        ok = false;
        continue;
      }
      for (const Node& item : value.items) {
        if (!item.is_scalar()) {
          Fail(item, "the attributes of technology '" + t.id + "' must be names");
          ok = false;
        } else if (declared_.find(item.value) == declared_.end()) {
          Fail(item, "technology '" + t.id + "' has unknown attribute '" + item.value +
                         "' (declare it under 'attributes')");
          ok = false;
        } else if (t.Has(item.value)) {
          Fail(item, "technology '" + t.id + "' lists attribute '" + item.value + "' twice");
          ok = false;
        } else {
          t.attributes.push_back(item.value);
        }
      }
    } else if (key == "master_only") {
      if (value.is_scalar() && value.plain && (value.value == "true" || value.value == "false")) {
        t.master_only = value.value == "true";
      } else {
        Fail(value, "'master_only' of technology '" + t.id + "' must be true or false");
        ok = false;
      }
    } else {
      Fail(e.key, "unknown key '" + key + "' in technology '" + t.id +
                      "' (expected id, description, attributes, master_only)");
      ok = false;
    }
  }
  if (ok) out->push_back(std::move(t));
}

}  // namespace

bool Technology::Has(std::string_view attribute) const {
  return std::find(attributes.begin(), attributes.end(), attribute) != attributes.end();
}

base::Result<Catalog> Catalog::Load(std::string_view yaml_text, const std::string& display_name) {
  base::Result<Node> parsed = formats::ParseYaml(yaml_text, 0, display_name);
  if (!parsed) return std::move(parsed).error();
  const Node& root = *parsed;

  std::vector<Diagnostic> diagnostics;
  auto fail = [&](const Node& at, std::string message) {
    diagnostics.push_back(Diagnostic{
        base::Severity::kError, {display_name, at.loc.line, at.loc.column}, std::move(message)});
  };
  if (!root.is_mapping()) {
    fail(root, "a technology catalogue must be a mapping with 'attributes' and 'technologies'");
    return Error(Error::Code::kInvalidInput, std::move(diagnostics));
  }
  for (const formats::Entry& e : root.entries) {
    if (e.key.value != "attributes" && e.key.value != "technologies") {
      fail(e.key, "unknown key '" + e.key.value + "' (expected 'attributes' or 'technologies')");
    }
  }
  const Node* attributes = root.Find("attributes");
  const Node* technologies = root.Find("technologies");
  if (attributes == nullptr) fail(root, "missing 'attributes' section");
  if (technologies == nullptr) fail(root, "missing 'technologies' section");

  Catalog catalog;
  Loader loader(display_name);
  // Attributes first, wherever they are in the file, so technologies can be checked against them.
  if (attributes != nullptr) loader.ReadAttributes(*attributes, &catalog.attributes_);
  if (technologies != nullptr) loader.ReadTechnologies(*technologies, &catalog.technologies_);
  diagnostics.insert(diagnostics.end(), loader.diagnostics().begin(), loader.diagnostics().end());

  if (!diagnostics.empty()) {
    std::stable_sort(
        diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
          return std::tie(a.loc.line, a.loc.column) < std::tie(b.loc.line, b.loc.column);
        });
    return Error(Error::Code::kInvalidInput, std::move(diagnostics));
  }
  for (size_t i = 0; i < catalog.technologies_.size(); ++i) {
    catalog.index_.emplace(catalog.technologies_[i].id, i);
  }
  return catalog;
}

const Catalog& Catalog::Builtin() {
  // Never destroyed (no static destructors at exit); initialised once, thread-safe.
  static const Catalog* const builtin = [] {
    base::Result<Catalog> loaded = Load(internal::TechnologiesYaml(), kBuiltinName);
    if (!loaded) {
      std::fprintf(stderr, "threatpath: the built-in technology catalogue is invalid:\n%s\n",
                   loaded.error().ToString().c_str());
      std::abort();
    }
    return new Catalog(std::move(loaded).value());
  }();
  return *builtin;
}

const Technology* Catalog::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &technologies_[it->second];
}

bool Catalog::Has(std::string_view technology, std::string_view attribute) const {
  const Technology* t = Find(technology);
  return t != nullptr && t->Has(attribute);
}

bool Catalog::HasAttribute(std::string_view attribute) const {
  return std::any_of(attributes_.begin(), attributes_.end(),
                     [&](const auto& a) { return a.first == attribute; });
}

std::vector<std::string> Catalog::Ids() const {
  std::vector<std::string> ids;
  ids.reserve(technologies_.size());
  for (const Technology& t : technologies_) ids.push_back(t.id);
  return ids;
}

}  // namespace threatpath::catalog
