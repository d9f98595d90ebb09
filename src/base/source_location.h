#pragma once

#include <cstdint>
#include <string>

namespace threatpath::base {

/// A position in an input file. Lines and columns count from 1; 0 means "unknown".
/// `file` is the name the input was opened under (a path or a display name such as "<stdin>").
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;

  bool known() const { return line != 0; }
  /// "file:line:col", "file:line" or "file" depending on what is known.
  std::string ToString() const;
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

/// A compact position kept on every model element: an index into the model's file table plus
/// line and column. Twelve bytes, so a 100k-component model does not pay for strings per field.
struct Loc {
  uint32_t file = 0;
  uint32_t line = 0;
  uint32_t column = 0;

  bool known() const { return line != 0; }
  friend bool operator==(const Loc&, const Loc&) = default;
};

}  // namespace threatpath::base
