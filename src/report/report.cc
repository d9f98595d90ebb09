#include "report/report.h"

#include <algorithm>
#include <functional>
#include <future>
#include <mutex>

#include "diagram/diagram.h"
#include "report/view.h"

namespace threatpath::report {

namespace {

// The diagrams report.md shows, before rendering: file names with their figures (diagrams that
// share a DOT text are laid out once), and the figures' names for report.md.
struct DiagramPlan {
  std::vector<std::string> names;
  std::vector<diagram::Figure> figures;
  MarkdownFigures markdown;

  void Add(std::string name, std::string dot) {
    names.push_back(std::move(name));
    figures.push_back({std::move(dot), {}});
  }
};

DiagramPlan PlanReportDiagrams(const AnalysisBundle& bundle, const WriteOptions& options) {
  diagram::DfdOptions dfd;
  dfd.risks = bundle.analysis.risks;
  dfd.raa = bundle.analysis.raa;
  dfd.collapse_threshold = options.collapse_threshold;
  DiagramPlan plan;
  const std::string flow_name = std::string(diagram::kDataFlowStem) + ".svg";
  if (diagram::ExceedsCollapseThreshold(bundle.model, options.collapse_threshold)) {
    // The overview and the top-level parts only (each collapsed below the threshold), so a big
    // model adds a bounded number of files; the deeper drill-down is `diagram
    // --split-by-boundary`.
    diagram::DfdOptions top = dfd;
    top.split_max_depth = 1;
    diagram::SplitDfd split = diagram::SplitDataFlowDot(bundle.model, top, ".svg");
    plan.Add(flow_name, std::move(split.overview));
    for (diagram::DfdPart& part : split.parts) {
      std::string name = part.file_stem + ".svg";
      plan.markdown.data_flow_parts.push_back(
          {part.title, part.boundary_id, name, part.components});
      plan.Add(std::move(name), std::move(part.dot));
    }
  } else {
    // Drawn in full, the attack-path diagrams share this text (and so its layout).
    plan.Add(flow_name, diagram::DataFlowDot(bundle.model, dfd));
  }
  plan.markdown.data_flow = flow_name;
  plan.Add("data-asset-diagram.svg",
           diagram::DataAssetDot(bundle.model, options.collapse_threshold));
  plan.markdown.data_asset = "data-asset-diagram.svg";
  const size_t paths = std::min(bundle.paths.paths.size(),
                                static_cast<size_t>(std::max(0, options.max_attack_path_diagrams)));
  std::vector<diagram::Figure> path_figures = diagram::AttackPathFigures(
      bundle.model, std::span<const graph::AttackPath>(bundle.paths.paths.data(), paths), dfd);
  for (size_t i = 0; i < paths; ++i) {
    std::string name = "attack-path-" + std::to_string(i + 1) + ".svg";
    plan.markdown.attack_paths.push_back(name);
    plan.names.push_back(std::move(name));
    plan.figures.push_back(std::move(path_figures[i]));
  }
  return plan;
}

base::Result<std::vector<OutputFile>> RenderPlan(const DiagramPlan& plan) {
  base::Result<std::vector<std::string>> rendered =
      diagram::RenderFigures(plan.figures, diagram::Format::kSvg);
  if (!rendered) return std::move(rendered).error();
  std::vector<OutputFile> files;
  files.reserve(plan.names.size());
  for (size_t i = 0; i < plan.names.size(); ++i) {
    files.push_back({plan.names[i], std::move((*rendered)[i]), true});
  }
  return files;
}

}  // namespace

base::Result<ReportDiagrams> RenderReportDiagrams(const AnalysisBundle& bundle,
                                                  const WriteOptions& options) {
  DiagramPlan plan = PlanReportDiagrams(bundle, options);
  base::Result<std::vector<OutputFile>> files = RenderPlan(plan);
  if (!files) return std::move(files).error();
  return ReportDiagrams{std::move(files).value(), std::move(plan.markdown)};
}

const std::vector<std::string>& OutputNames() {
  static const std::vector<std::string> kNames = {
      "risks.json", "stats.json", "technical-assets.json", "attack-paths.json",
      "report.md",  "risks.csv",  "risks.sarif",           "risks.xlsx"};
  return kNames;
}

namespace {

// Opens `name` on `sink`, runs `write` into it and closes it.
template <typename F>
base::Status WriteOne(OutputSink& sink, const std::string& name, bool figure, F&& write) {
  base::Result<std::unique_ptr<OutputStream>> stream = sink.Open(name, figure);
  if (!stream) return std::move(stream).error();
  write(**stream);
  return (*stream)->Close();
}

}  // namespace

base::Status WriteAll(const AnalysisBundle& bundle, const WriteOptions& options, OutputSink& sink) {
  auto wanted = [&options](std::string_view name) {
    return options.only.empty() ||
           std::find(options.only.begin(), options.only.end(), name) != options.only.end();
  };
  // One view for all writers. The writers only read it (and the bundle), so risks.xlsx, the
  // slowest on a large model, is written on a second thread, and the diagrams are rendered on a
  // third (Graphviz runs one render at a time), while this one writes the rest; the files reach
  // the sink in the same order whichever finishes first. The diagrams start first: on a small
  // model they take longest. report.md needs only the figures' names, known before any is
  // rendered. (Leaving early, the futures wait for their threads before the plan goes.)
  DiagramPlan plan;
  std::future<base::Result<std::vector<OutputFile>>> diagrams;
  if (options.diagrams && wanted("report.md")) {
    plan = PlanReportDiagrams(bundle, options);
    diagrams = std::async(std::launch::async, [&plan] { return RenderPlan(plan); });
  }
  internal::ReportView view(bundle);
  std::unique_ptr<OutputStream> xlsx_stream;
  std::future<base::Status> xlsx;
  if (wanted("risks.xlsx")) {
    base::Result<std::unique_ptr<OutputStream>> opened = sink.Open("risks.xlsx", false);
    if (!opened) return std::move(opened).error();
    xlsx_stream = std::move(opened).value();
    xlsx = std::async(std::launch::async, [&view, &xlsx_stream] {
      base::Status written = internal::RisksXlsx(view, *xlsx_stream);
      base::Status closed = xlsx_stream->Close();
      return written ? closed : written;
    });
  }
  // Waits for the other threads on every way out, so neither outlives the view or the plan.
  auto finish = [&xlsx, &diagrams](base::Status st) -> base::Status {
    if (diagrams.valid()) {
      base::Result<std::vector<OutputFile>> rendered = diagrams.get();
      if (st && !rendered) st = std::move(rendered).error();
    }
    if (!xlsx.valid()) return st;
    base::Status sheet = xlsx.get();
    return st ? sheet : st;
  };

  // The writers that never fail; risks.xlsx, the one that can, runs on its thread above.
  struct Step {
    const char* name;
    std::function<void(OutputStream&)> write;
  };
  const Step steps[] = {
      {"risks.json", [&view](OutputStream& o) { internal::RisksJson(view, o); }},
      {"stats.json", [&bundle](OutputStream& o) { o.Write(StatsJson(bundle)); }},
      {"technical-assets.json",
       [&bundle](OutputStream& o) { internal::TechnicalAssetsJson(bundle, o); }},
      {"attack-paths.json", [&view](OutputStream& o) { internal::AttackPathsJson(view, o); }},
      {"report.md",
       [&view, &plan](OutputStream& o) { internal::MarkdownReport(view, plan.markdown, o); }},
      {"risks.csv", [&view](OutputStream& o) { internal::RisksCsv(view, o); }},
      {"risks.sarif", [&view](OutputStream& o) { internal::RisksSarif(view, o); }},
  };
  for (const Step& step : steps) {
    if (!wanted(step.name)) continue;
    if (base::Status st = WriteOne(sink, step.name, false, step.write); !st) return finish(st);
  }
  std::vector<OutputFile> figures;
  if (diagrams.valid()) {
    base::Result<std::vector<OutputFile>> rendered = diagrams.get();
    if (!rendered) return finish(std::move(rendered).error());
    figures = std::move(rendered).value();
  }
  if (base::Status st = finish(base::OkStatus()); !st) return st;
  for (OutputFile& f : figures) {
    base::Status st = WriteOne(sink, f.name, true, [&f](OutputStream& o) { o.Write(f.bytes); });
    if (!st) return st;
  }
  return base::OkStatus();
}

namespace {

// Keeps every file in memory.
class MemorySink : public OutputSink {
 public:
  base::Result<std::unique_ptr<OutputStream>> Open(const std::string& name, bool figure) override {
    std::lock_guard<std::mutex> lock(mutex_);
    files_.push_back(std::make_unique<OutputFile>(OutputFile{name, {}, figure}));
    return std::unique_ptr<OutputStream>(new Stream(*files_.back()));
  }
  // The files in WriteAll's order: the eight in OutputNames() order (risks.xlsx is opened
  // first), then the diagrams as opened.
  std::vector<OutputFile> Take() {
    auto rank = [](const OutputFile& f) -> size_t {
      if (f.figure) return OutputNames().size();
      const auto& names = OutputNames();
      return static_cast<size_t>(std::find(names.begin(), names.end(), f.name) - names.begin());
    };
    std::stable_sort(files_.begin(), files_.end(),
                     [&](const auto& a, const auto& b) { return rank(*a) < rank(*b); });
    std::vector<OutputFile> out;
    out.reserve(files_.size());
    for (auto& f : files_) out.push_back(std::move(*f));
    return out;
  }

 private:
  class Stream : public OutputStream {
   public:
    explicit Stream(OutputFile& file) : file_(file) {}
    void Write(std::string_view bytes) override { file_.bytes.append(bytes); }
    base::Status Close() override { return base::OkStatus(); }

   private:
    OutputFile& file_;
  };
  std::mutex mutex_;
  std::vector<std::unique_ptr<OutputFile>> files_;
};

}  // namespace

base::Result<std::vector<OutputFile>> WriteAll(const AnalysisBundle& bundle,
                                               const WriteOptions& options) {
  MemorySink sink;
  if (base::Status st = WriteAll(bundle, options, sink); !st) return std::move(st).error();
  return sink.Take();
}

}  // namespace threatpath::report
