#include "report/report.h"

#include <future>

#include "report/view.h"

namespace threatpath::report {

base::Result<std::vector<OutputFile>> WriteAll(const AnalysisBundle& bundle) {
  // One view for all writers. The writers only read it (and the bundle), so risks.xlsx, the
  // slowest, is written on a second thread while this one writes the rest; the list's order does
  // not depend on which finishes first.
  internal::ReportView view(bundle);
  std::future<base::Result<std::string>> xlsx =
      std::async(std::launch::async, [&view] { return internal::RisksXlsx(view); });
  std::vector<OutputFile> files;
  files.reserve(8);
  files.push_back({"risks.json", internal::RisksJson(view)});
  files.push_back({"stats.json", StatsJson(bundle)});
  files.push_back({"technical-assets.json", TechnicalAssetsJson(bundle)});
  files.push_back({"attack-paths.json", internal::AttackPathsJson(view)});
  files.push_back({"report.md", internal::MarkdownReport(view)});
  files.push_back({"risks.csv", internal::RisksCsv(view)});
  files.push_back({"risks.sarif", internal::RisksSarif(view)});
  base::Result<std::string> sheet = xlsx.get();
  if (!sheet) return std::move(sheet).error();
  files.push_back({"risks.xlsx", std::move(sheet).value()});
  return files;
}

}  // namespace threatpath::report
