#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "core/enums.h"
#include "core/ref.h"
#include "formats/node.h"

namespace threatpath::formats {

/// Turns Node values into typed values while collecting every problem with its position, so a
/// reader can report all errors of a file at once. Each accessor returns false (or nullopt) on
/// a type error after recording a diagnostic; the caller keeps going with the default.
class Decoder {
 public:
  explicit Decoder(const std::vector<std::string>& files, size_t max_errors = 50)
      : files_(files), max_errors_(max_errors) {}

  void Error(Loc loc, std::string message);
  void Warning(Loc loc, std::string message);
  bool failed() const { return errors_ > 0; }
  bool full() const { return errors_ >= max_errors_; }
  std::vector<base::Diagnostic> TakeDiagnostics() { return std::move(diagnostics_); }
  base::SourceLocation Where(Loc loc) const;

  /// Reports every key of `map` that is not in `known`, with a "did you mean" hint.
  /// `what` names the mapping in the message ("data asset 'x'").
  void CheckKeys(const Node& map, std::span<const std::string_view> known, std::string_view what);

  /// Requires `node` to be a mapping (null counts as an empty one). Returns false otherwise.
  bool ExpectMapping(const Node& node, std::string_view what);

  // Scalars. Null leaves `out` unchanged and succeeds.
  bool Str(const Node& node, std::string& out, std::string_view what);
  bool Bool(const Node& node, bool& out, std::string_view what);
  bool Int(const Node& node, int& out, std::string_view what);
  /// A list of strings; a null node is an empty list. `locs` (if given) receives each item's
  /// position, in step with `out`.
  bool StrList(const Node& node, std::vector<std::string>& out, std::string_view what,
               std::vector<Loc>* locs = nullptr);
  /// A list of references (ids), each keeping its own location.
  bool RefList(const Node& node, core::Refs& out, std::string_view what);
  bool RefOne(const Node& node, core::Ref& out, std::string_view what);
  /// A mapping of string to string, in order.
  bool Texts(const Node& node, core::TextMap& out, std::string_view what);

  /// An enum value by its spelling; reports the valid spellings and the closest one.
  /// `alias_seen` (if given) is set when an alias spelling such as `enduser-*` was used.
  template <typename E>
  bool Enum(const Node& node, E& out, std::string_view what, bool* alias_seen = nullptr) {
    if (node.is_null()) return true;
    std::string s;
    if (!Str(node, s, what)) return false;
    if (auto v = core::Parse<E>(s)) {
      out = *v;
      if (alias_seen && core::IsAliasSpelling<E>(s)) *alias_seen = true;
      return true;
    }
    auto names = core::CanonicalNames<E>();
    Error(node.loc, std::string(what) + ": unknown " + std::string(core::EnumTraits<E>::kind) +
                        " '" + s + "'" + base::DidYouMean(s, names) +
                        "; expected one of: " + base::Join(names, ", "));
    return false;
  }

  template <typename E>
  bool EnumList(const Node& node, std::vector<E>& out, std::string_view what) {
    if (node.is_null()) return true;
    if (!node.is_sequence()) {
      Error(node.loc, std::string(what) + ": expected a list");
      return false;
    }
    bool ok = true;
    for (const Node& item : node.items) {
      E v{};
      if (Enum(item, v, what))
        out.push_back(v);
      else
        ok = false;
    }
    return ok;
  }

 private:
  const std::vector<std::string>& files_;
  size_t max_errors_;
  size_t errors_ = 0;
  std::vector<base::Diagnostic> diagnostics_;
};

/// "a mapping", "a list", "a string", "nothing" — for type-error messages.
std::string_view Describe(const Node& node);

}  // namespace threatpath::formats
