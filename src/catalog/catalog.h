#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace threatpath::catalog {

/// One technology a component can be built with ("web-server", "database", ...) and the
/// attributes the rules test ("web_application", "backend_related", ...).
struct Technology {
  std::string id;
  std::string description;
  std::vector<std::string> attributes;  // in file order, no duplicates
  /// True for names that only Threagile's later (master) technology list has; 0.9.x rules never
  /// saw them.
  bool master_only = false;

  bool Has(std::string_view attribute) const;
};

/// The technology catalogue: which technologies exist and which attributes each one has. The
/// built-in one is compiled from src/catalog/technologies.yaml; `Load` reads a replacement in the
/// same format (docs/technologies.md describes it). Immutable once built, so it can be shared
/// between threads.
class Catalog {
 public:
  Catalog() = default;  // empty: knows no technology

  /// The embedded catalogue, parsed on first use (thread-safe). It is checked by the tests, so a
  /// failure to parse it is a build defect and aborts.
  static const Catalog& Builtin();

  /// Parses a catalogue in the technologies.yaml format. Every problem (YAML syntax, wrong types,
  /// unknown keys, duplicate ids, attributes used but not declared) is reported with
  /// `display_name:line:col`; all of them at once when there are several.
  static base::Result<Catalog> Load(std::string_view yaml_text, const std::string& display_name);

  /// The technology with this id, or nullptr.
  const Technology* Find(std::string_view id) const;
  /// True when `technology` exists and has `attribute`; false otherwise (including unknown ids).
  bool Has(std::string_view technology, std::string_view attribute) const;
  /// True when `attribute` is declared in the catalogue's `attributes` section.
  bool HasAttribute(std::string_view attribute) const;

  /// Technology ids in file order.
  std::vector<std::string> Ids() const;
  const std::vector<Technology>& technologies() const { return technologies_; }
  /// Declared attributes as (name, description), in file order.
  const std::vector<std::pair<std::string, std::string>>& attributes() const { return attributes_; }

 private:
  std::vector<Technology> technologies_;
  std::vector<std::pair<std::string, std::string>> attributes_;
  std::map<std::string, size_t, std::less<>> index_;  // id -> position in technologies_
};

}  // namespace threatpath::catalog
