#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace threatpath::intake {

/// A parsed condition over earlier answers (docs/questionnaires.md, "Conditions"):
///
///   expr    := or
///   or      := and ( "||" and )*
///   and     := unary ( "&&" unary )*
///   unary   := "!" unary | "(" expr ")" | ref
///   ref     := [ "^" ] name [ "/" name ]      name := [A-Za-z0-9_.-]+
///
/// `q` holds when question q is answered "yes" (yes/no), with any choice (choice questions) or
/// with non-empty text; `q/c` holds when choice c (or `yes`/`no`) was picked; `^x` holds when item
/// x is shown. `!` binds tighter than `&&`, which binds tighter than `||`.
struct Condition {
  enum class Op : uint8_t { kRef, kNot, kAnd, kOr };

  Op op = Op::kRef;
  /// 1-based column of the node's first character within the condition text.
  uint32_t column = 1;
  // kRef
  std::string name;    // question (or, for ^, item) id
  std::string choice;  // after '/', empty when absent
  bool shown = false;  // written with '^'
  /// Filled in when the questionnaire is indexed: the referenced item and choice positions.
  int target = -1;
  int choice_index = -1;
  // kNot (one), kAnd / kOr (two or more)
  std::vector<Condition> args;

  /// The condition written back in canonical form (minimal parentheses).
  std::string ToString() const;
  /// Calls `f(const Condition&)` on every reference, in text order.
  template <typename F>
  void ForEachRef(F&& f) const {
    if (op == Op::kRef) {
      f(*this);
      return;
    }
    for (const Condition& a : args) a.ForEachRef(f);
  }
  template <typename F>
  void ForEachRefMutable(F&& f) {
    if (op == Op::kRef) {
      f(*this);
      return;
    }
    for (Condition& a : args) a.ForEachRefMutable(f);
  }
};

/// A syntax error in a condition: the message and the 1-based column it points at.
struct ConditionError {
  uint32_t column = 1;
  std::string message;
};

/// Parses a condition. Errors carry the column within `text`; callers add the text's own
/// position in the file. Nesting deeper than 100 levels is refused.
base::Result<Condition> ParseCondition(std::string_view text, ConditionError* error);

}  // namespace threatpath::intake
