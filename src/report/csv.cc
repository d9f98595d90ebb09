// risks.csv (RFC 4180).

#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

// A cell that a spreadsheet would read as a formula gets a leading apostrophe (OWASP's advice
// against CSV injection); risk titles and explanations can carry text from the model.
std::string Defuse(std::string cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r')) {
    cell.insert(cell.begin(), '\'');
  }
  return cell;
}

// Quoted when it holds a comma, a double quote, CR or LF; quotes inside are doubled.
void AppendCell(std::string& out, const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out += cell;
    return;
  }
  out += '"';
  if (cell.find('"') == std::string::npos) {
    out += cell;
  } else {
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
  }
  out += '"';
}

void AppendRow(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    AppendCell(out, cells[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string RisksCsv(const AnalysisBundle& bundle) {
  internal::ReportView view(bundle);
  std::string out;
  std::vector<std::string> header;
  for (std::string_view column : internal::TableColumns()) header.emplace_back(column);
  AppendRow(out, header);
  for (const internal::RiskView& r : view.risks()) {
    std::vector<std::string> row = internal::TableRow(r);
    for (std::string& cell : row) cell = Defuse(std::move(cell));
    AppendRow(out, row);
  }
  return out;
}

}  // namespace threatpath::report
