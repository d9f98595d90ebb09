#include "report/report.h"

#include <algorithm>
#include <future>

#include "diagram/diagram.h"
#include "report/view.h"

namespace threatpath::report {

base::Result<ReportDiagrams> RenderReportDiagrams(const AnalysisBundle& bundle,
                                                  const WriteOptions& options) {
  diagram::DfdOptions dfd;
  dfd.risks = bundle.analysis.risks;
  dfd.raa = bundle.analysis.raa;
  dfd.collapse_threshold = options.collapse_threshold;
  ReportDiagrams out;
  auto add = [&out](std::string name, std::string_view dot) -> base::Status {
    base::Result<std::string> svg = diagram::Render(dot, diagram::Format::kSvg);
    if (!svg) return std::move(svg).error();
    out.files.push_back({std::move(name), std::move(svg).value(), true});
    return base::OkStatus();
  };
  const std::string flow_name = std::string(diagram::kDataFlowStem) + ".svg";
  if (diagram::ExceedsCollapseThreshold(bundle.model, options.collapse_threshold)) {
    // The overview and the top-level parts only (each collapsed below the threshold), so a big
    // model adds a bounded number of files; the deeper drill-down is `diagram
    // --split-by-boundary`.
    diagram::DfdOptions top = dfd;
    top.split_max_depth = 1;
    diagram::SplitDfd split = diagram::SplitDataFlowDot(bundle.model, top, ".svg");
    if (auto st = add(flow_name, split.overview); !st) return std::move(st).error();
    for (const diagram::DfdPart& part : split.parts) {
      std::string name = part.file_stem + ".svg";
      if (auto st = add(name, part.dot); !st) return std::move(st).error();
      out.figures.data_flow_parts.push_back(
          {part.title, part.boundary_id, std::move(name), part.components});
    }
  } else {
    if (auto st = add(flow_name, diagram::DataFlowDot(bundle.model, dfd)); !st) {
      return std::move(st).error();
    }
  }
  out.figures.data_flow = flow_name;
  if (auto st = add("data-asset-diagram.svg",
                    diagram::DataAssetDot(bundle.model, options.collapse_threshold));
      !st) {
    return std::move(st).error();
  }
  out.figures.data_asset = "data-asset-diagram.svg";
  const size_t paths = std::min(bundle.paths.paths.size(),
                                static_cast<size_t>(std::max(0, options.max_attack_path_diagrams)));
  for (size_t i = 0; i < paths; ++i) {
    std::string name = "attack-path-" + std::to_string(i + 1) + ".svg";
    auto st = add(name, diagram::AttackPathDot(bundle.model, bundle.paths.paths[i], dfd));
    if (!st) return std::move(st).error();
    out.figures.attack_paths.push_back(std::move(name));
  }
  return out;
}

base::Result<std::vector<OutputFile>> WriteAll(const AnalysisBundle& bundle,
                                               const WriteOptions& options) {
  // One view for all writers. The writers only read it (and the bundle), so risks.xlsx, the
  // slowest, is written on a second thread while this one renders the diagrams and writes the
  // rest; the list's order does not depend on which finishes first.
  internal::ReportView view(bundle);
  std::future<base::Result<std::string>> xlsx =
      std::async(std::launch::async, [&view] { return internal::RisksXlsx(view); });
  ReportDiagrams diagrams;
  if (options.diagrams) {
    base::Result<ReportDiagrams> rendered = RenderReportDiagrams(bundle, options);
    if (!rendered) {
      xlsx.wait();
      return std::move(rendered).error();
    }
    diagrams = std::move(rendered).value();
  }
  std::vector<OutputFile> files;
  files.reserve(8 + diagrams.files.size());
  files.push_back({"risks.json", internal::RisksJson(view)});
  files.push_back({"stats.json", StatsJson(bundle)});
  files.push_back({"technical-assets.json", TechnicalAssetsJson(bundle)});
  files.push_back({"attack-paths.json", internal::AttackPathsJson(view)});
  files.push_back({"report.md", internal::MarkdownReport(view, diagrams.figures)});
  files.push_back({"risks.csv", internal::RisksCsv(view)});
  files.push_back({"risks.sarif", internal::RisksSarif(view)});
  base::Result<std::string> sheet = xlsx.get();
  if (!sheet) return std::move(sheet).error();
  files.push_back({"risks.xlsx", std::move(sheet).value()});
  for (OutputFile& f : diagrams.files) files.push_back(std::move(f));
  return files;
}

}  // namespace threatpath::report
