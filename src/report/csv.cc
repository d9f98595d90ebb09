// risks.csv (RFC 4180).

#include <array>

#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  t[','] = t['"'] = t['\r'] = t['\n'] = true;
  return t;
}();

// One cell. A cell that a spreadsheet would read as a formula gets a leading apostrophe (OWASP's
// advice against CSV injection; risk titles and explanations can carry text from the model). The
// cell is quoted when it holds a comma, a double quote, CR or LF; quotes inside are doubled.
void AppendCell(std::string& out, std::string_view cell) {
  bool defuse = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' ||
                                  cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
  size_t special = 0;
  while (special < cell.size() && !kSpecial[static_cast<unsigned char>(cell[special])]) ++special;
  if (special == cell.size()) {
    if (defuse) out += '\'';
    out += cell;
    return;
  }
  out += '"';
  if (defuse) out += '\'';
  size_t quote = cell.find('"', special);
  while (quote != std::string_view::npos) {
    out.append(cell.substr(0, quote + 1));
    out += '"';
    cell.remove_prefix(quote + 1);
    quote = cell.find('"');
  }
  out += cell;
  out += '"';
}

}  // namespace

namespace internal {

void RisksCsv(const ReportView& view, OutputStream& stream) {
  Chunked chunked(stream);
  std::string& out = chunked.text;
  const std::vector<std::string_view>& columns = TableColumns();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    AppendCell(out, columns[i]);
  }
  out += "\r\n";
  for (const RiskView& r : view.risks()) {
    TableRow row(r);
    for (size_t i = 0; i < TableRow::kCells; ++i) {
      if (i > 0) out += ',';
      AppendCell(out, row[i]);
    }
    out += "\r\n";
    chunked.Boundary();
  }
  chunked.Finish();
}

}  // namespace internal

std::string RisksCsv(const AnalysisBundle& bundle) {
  internal::ReportView view(bundle);
  return internal::ToString([&](OutputStream& s) { internal::RisksCsv(view, s); });
}

}  // namespace threatpath::report
