#include "report/report.h"

namespace threatpath::report {

base::Result<std::vector<OutputFile>> WriteAll(const AnalysisBundle& bundle) {
  std::vector<OutputFile> files;
  files.push_back({"risks.json", RisksJson(bundle)});
  files.push_back({"stats.json", StatsJson(bundle)});
  files.push_back({"technical-assets.json", TechnicalAssetsJson(bundle)});
  files.push_back({"attack-paths.json", AttackPathsJson(bundle)});
  files.push_back({"report.md", MarkdownReport(bundle)});
  files.push_back({"risks.csv", RisksCsv(bundle)});
  files.push_back({"risks.sarif", RisksSarif(bundle)});
  base::Result<std::string> xlsx = RisksXlsx(bundle);
  if (!xlsx) return std::move(xlsx).error();
  files.push_back({"risks.xlsx", std::move(xlsx).value()});
  return files;
}

}  // namespace threatpath::report
