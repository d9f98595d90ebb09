#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/source_location.h"

namespace threatpath::formats {

using base::Loc;

struct Entry;

/// A parsed YAML or JSON document: a plain tree with a position on every node. Aliases are
/// expanded (within a budget, so alias bombs fail cleanly) and YAML merge keys (`<<`) are
/// applied, so readers never see either. Mapping entries keep document order.
struct Node {
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMapping };

  Kind kind = Kind::kNull;
  /// For scalars: true when written unquoted (plain), so it may mean a bool, a number or null.
  /// Quoted scalars are always strings. For emitting: true means "write as a bare token".
  bool plain = true;
  Loc loc;
  std::string value;           // scalar text (empty for the others)
  std::vector<Node> items;     // sequence items
  std::vector<Entry> entries;  // mapping entries, in document order

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }

  /// The value for `key` in a mapping, or nullptr.
  const Node* Find(std::string_view key) const;

  // Builders, used by writers.
  static Node Null();
  static Node String(std::string s);  // always a string (quoted on output when needed)
  static Node Token(std::string s);   // a bare token: bool, number
  static Node Bool(bool b);
  static Node Int(long long v);
  static Node Sequence();
  static Node Mapping();
  Node& Add(std::string key, Node value);  // appends a mapping entry, returns the value
  Node& Push(Node value);                  // appends a sequence item, returns it
};

struct Entry {
  Node key;
  Node value;
};

/// Guards against hostile input. Defaults fit org-scale models (100k components) comfortably.
struct ParseLimits {
  size_t max_depth = 200;         // nesting of mappings and sequences
  size_t max_nodes = 50'000'000;  // nodes in the text; aliases may add 4x more
  size_t max_bytes = 1024u * 1024 * 1024;
  /// YAML texts of at least this many bytes are scanned by libyaml on a second thread while the
  /// tree is built (same tree, same errors); 0 always, SIZE_MAX never.
  size_t threaded_bytes = 512 * 1024;
};

/// Parses YAML text. `file` is stored in every node's Loc; `display_name` is used in errors.
/// Errors (syntax, duplicate keys, invalid UTF-8, limits) carry file:line:col.
base::Result<Node> ParseYaml(std::string_view text, uint32_t file, const std::string& display_name,
                             const ParseLimits& limits = {});

/// Parses strict JSON (RFC 8259) into the same tree, with positions. Duplicate keys are errors.
base::Result<Node> ParseJson(std::string_view text, uint32_t file, const std::string& display_name,
                             const ParseLimits& limits = {});

/// Writes block-style YAML. Strings that would read back as something else are quoted;
/// multi-line strings use literal blocks. Deterministic.
std::string EmitYaml(const Node& root);

/// Writes JSON with two-space indentation; tokens become numbers, booleans or null.
std::string EmitJson(const Node& root);

}  // namespace threatpath::formats
