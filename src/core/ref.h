#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/source_location.h"

namespace threatpath::core {

using base::Loc;

/// A reference to another element by id, remembering where it was written so that an
/// unresolved reference can be reported at its own line and column.
struct Ref {
  std::string id;
  Loc loc;

  friend bool operator==(const Ref& a, const Ref& b) { return a.id == b.id; }
};

using Refs = std::vector<Ref>;

/// An ordered list of (key, text) pairs, such as Threagile's questions or abuse cases. Order is
/// kept as written so that output follows input.
using TextMap = std::vector<std::pair<std::string, std::string>>;

/// Common header of every identifiable element. `id` is unique across all kinds of element in a
/// model; `title` is the human name (Threagile's map key); `loc` points at the element's key.
struct Element {
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<Loc> tag_locs;  // where each tag was written, when read from a file
  Loc loc;
};

}  // namespace threatpath::core
