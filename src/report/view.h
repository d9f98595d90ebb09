#pragma once

// Internal to src/report: what every writer needs to know about a risk beyond engine::Risk, and
// the writers' entry points on a shared view (WriteAll builds the view once for all of them).

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "engine/risk.h"
#include "report/report.h"

namespace threatpath::report::internal {

/// A resolved source position; `file` points into the model's `files` table (or at an empty
/// string when the index is out of range).
struct Position {
  const std::string* file = nullptr;
  uint32_t line = 0;
  uint32_t column = 0;

  bool known() const { return line != 0; }
  std::string_view file_name() const { return file == nullptr ? std::string_view() : *file; }
};

/// One risk with its category's metadata, the location of its most relevant element and an
/// explanation sentence.
struct RiskView {
  const engine::Risk* risk = nullptr;
  const engine::RuleInfo* info = nullptr;  // never null
  uint32_t category = 0;                   // index into ReportView::categories()
  Position location;                       // line 0 when unknown
  std::string explanation;
};

/// A category that has risks, with its metadata.
struct CategoryView {
  std::string_view id;
  const engine::RuleInfo* info = nullptr;  // never null
};

/// Resolves categories and element ids of a bundle once, for all writers. Built in
/// O(elements + risks); holds references into the bundle. Immutable once built, so several
/// writers may read one view from different threads.
class ReportView {
 public:
  explicit ReportView(const AnalysisBundle& bundle);
  ReportView(const ReportView&) = delete;
  ReportView& operator=(const ReportView&) = delete;

  const AnalysisBundle& bundle() const { return bundle_; }
  const core::Model& model() const { return bundle_.model; }
  /// In the engine's order.
  const std::vector<RiskView>& risks() const { return risks_; }
  /// The categories of risks(), in the order of their first risk.
  const std::vector<CategoryView>& categories() const { return categories_; }

  /// "Title" of the element with this id (any kind), or the id itself when it has no title or
  /// does not resolve. Points into the model or at `id`.
  std::string_view Name(std::string_view id) const;
  /// The same for an element of one kind: 'c'omponent, 'f'low, 'b'oundary, 'r'untime or
  /// 'd'ata asset (a model from Threagile may use one id for elements of different kinds).
  std::string_view Name(std::string_view id, char kind) const;

 private:
  struct ElementRef {
    const core::Element* element;
    char kind;  // 'c'omponent, 'f'low, 'b'oundary, 'r'untime, 'd'ata asset
    // "'Title'" with line breaks and tabs as spaces, as explanations quote it.
    std::string quoted;
    // For a flow: " from 'Source' to 'Target'", quoted the same way.
    std::string flow_ends;
  };
  const ElementRef* Find(std::string_view id) const;
  const ElementRef* Find(std::string_view id, char kind) const;
  void AddElement(const core::Element& e, char kind);
  Position LocationOf(const engine::Risk& risk, const ElementRef* const refs[5]) const;
  Position Where(base::Loc loc) const;
  void AppendQuoted(std::string& out, std::string_view id, const ElementRef* ref) const;
  std::string Explain(const engine::Risk& risk, const ElementRef* const refs[5],
                      const engine::RuleInfo& info, const std::string* why) const;

  const AnalysisBundle& bundle_;
  std::vector<ElementRef> elements_;
  std::unordered_map<std::string_view, uint32_t> index_;  // id -> elements_, first of any kind
  // Elements whose id an element of another kind took first in index_ (only in models from
  // Threagile, and rare there).
  std::map<std::pair<char, std::string_view>, uint32_t> shadowed_;
  std::vector<CategoryView> categories_;
  std::vector<std::unique_ptr<engine::RuleInfo>> unknown_infos_;
  std::vector<RiskView> risks_;
};

/// The length of the well-formed UTF-8 sequence that starts at s[i] (1 for ASCII), or 0 when
/// the bytes there are ill-formed; then `*bad` is the number of bytes one U+FFFD replaces
/// (Unicode's "maximal subpart": the longest prefix of a well-formed sequence, or one byte).
size_t Utf8Sequence(std::string_view s, size_t i, size_t* bad);

/// Replaces invalid UTF-8 sequences with U+FFFD.
std::string ValidUtf8(std::string_view s);

/// Number of code points in valid UTF-8.
size_t Utf8Length(std::string_view s);

/// The first `n` code points of valid UTF-8.
std::string Utf8Prefix(std::string_view s, size_t n);

/// The columns of risks.csv and risks.xlsx.
const std::vector<std::string_view>& TableColumns();

/// One risk's cells in the columns of TableColumns(), without copying the texts.
class TableRow {
 public:
  static constexpr size_t kCells = 20;
  explicit TableRow(const RiskView& view);
  TableRow(const TableRow&) = delete;
  TableRow& operator=(const TableRow&) = delete;

  std::string_view operator[](size_t i) const { return cells_[i]; }
  /// The number in the cwe, line and column cells (0 when the cell is empty).
  static bool IsNumber(size_t i) { return i == 15 || i == 18 || i == 19; }
  uint32_t Number(size_t i) const { return i == 15 ? cwe_ : i == 18 ? line_ : column_; }

 private:
  std::array<std::string_view, kCells> cells_;
  std::string breach_;
  uint32_t cwe_ = 0, line_ = 0, column_ = 0;
  char numbers_[3][12] = {};
};

/// A writer's buffer: the writer appends to `text` and calls Boundary() between records; once
/// the buffer holds kChunk bytes it goes to the stream and is emptied, so a file is never held
/// whole. Finish() hands over the rest.
class Chunked {
 public:
  static constexpr size_t kChunk = 1 << 20;
  explicit Chunked(OutputStream& out) : out_(out) { text.reserve(kChunk + kChunk / 8); }
  Chunked(const Chunked&) = delete;
  Chunked& operator=(const Chunked&) = delete;

  std::string text;
  void Boundary() {
    if (text.size() >= kChunk) {
      out_.Write(text);
      text.clear();
    }
  }
  void Finish() {
    if (!text.empty()) out_.Write(text);
    text.clear();
  }

 private:
  OutputStream& out_;
};

/// An OutputStream that keeps the bytes in a string.
class StringStream : public OutputStream {
 public:
  void Write(std::string_view bytes) override { text.append(bytes); }
  base::Status Close() override { return base::OkStatus(); }
  std::string text;
};

// The writers on a shared view (report.h's functions build a view and call these). Each writes
// one whole file to `out` (without closing it).
void RisksJson(const ReportView& view, OutputStream& out);
void AttackPathsJson(const ReportView& view, OutputStream& out);
void TechnicalAssetsJson(const AnalysisBundle& bundle, OutputStream& out);
void MarkdownReport(const ReportView& view, const MarkdownFigures& figures, OutputStream& out);
void RisksCsv(const ReportView& view, OutputStream& out);
void RisksSarif(const ReportView& view, OutputStream& out);
/// Excel's limit of rows per worksheet, the header row included.
constexpr size_t kXlsxMaxRows = 1048576;
/// At most `rows_per_sheet` risks per worksheet; more go on to further worksheets. Fails only
/// when libxlsxwriter's temporary file cannot be written or read back.
base::Status RisksXlsx(const ReportView& view, OutputStream& out,
                       size_t rows_per_sheet = kXlsxMaxRows - 1);

/// Runs a writer into a string.
template <typename F>
std::string ToString(F&& write) {
  StringStream s;
  write(s);
  return std::move(s.text);
}

}  // namespace threatpath::report::internal
