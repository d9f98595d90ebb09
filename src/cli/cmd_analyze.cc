#include <algorithm>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>

#include "app/output_dir.h"
#include "cli/command.h"
#include "diagram/diagram.h"
#include "report/report.h"

namespace threatpath::cli {
namespace {

// --format keys and the files they select.
const std::map<std::string, std::string>& Formats() {
  static const std::map<std::string, std::string> kFormats = {
      {"json", "risks.json"},         {"stats", "stats.json"}, {"assets", "technical-assets.json"},
      {"paths", "attack-paths.json"}, {"md", "report.md"},     {"csv", "risks.csv"},
      {"sarif", "risks.sarif"},       {"xlsx", "risks.xlsx"}};
  return kFormats;
}

// The file a --format value selects: a key, a file name (risks.sarif) or a file name without its
// extension when only one file has it (attack-paths, technical-assets); empty when none.
std::string FormatFile(const std::string& value) {
  if (auto it = Formats().find(value); it != Formats().end()) return it->second;
  std::string found;
  int stems = 0;
  for (const auto& [key, file] : Formats()) {
    if (file == value) return file;
    if (std::filesystem::path(file).stem() == value) {
      found = file;
      ++stems;
    }
  }
  return stems == 1 ? found : std::string();
}

class AnalyzeCommand : public Command {
 public:
  const char* name() const override { return "analyze"; }
  const char* help() const override {
    return "Find risks (Threagile's 42 rules and the model's own), attack paths to sensitive data "
           "and STRIDE review prompts; write them to a folder";
  }
  void Define(CLI::App& app) override {
    app.add_option("model", model_, "Model file (native or Threagile, YAML or JSON)")->required();
    app.add_option("-o,--output", dir_, "Folder for the outputs (created if missing)")
        ->capture_default_str();
    std::string keys;
    for (const auto& [k, f] : Formats()) keys += (keys.empty() ? "" : ", ") + k + " (" + f + ")";
    app.add_option(
           "--format", formats_,
           "Outputs to write, comma-separated: all, or any of " + keys + "; a file name works too")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("-k,--paths-per-asset", k_, "Attack paths kept per sensitive data asset")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--skip-rules", skip_, "Built-in rules not to run (comma-separated ids)")
        ->delimiter(',');
    app.add_flag("--no-diagrams", no_diagrams_,
                 "Do not render the SVG diagrams report.md shows (faster; report.md then has no "
                 "figures)");
    app.add_option("--collapse-above", collapse_,
                   "Split the data-flow diagram by top-level trust boundary (and collapse the "
                   "attack-path diagrams) above this many components or boundaries (0: never)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
  }
  int Run(GlobalOptions& global) override {
    std::vector<std::string> wanted;
    for (const auto& f : formats_) {
      if (f == "all") continue;
      std::string file = FormatFile(f);
      if (file.empty()) {
        std::cerr << "unknown output format '" << f << "'; use all or: json, stats, assets, "
                  << "paths, md, csv, sarif, xlsx (or a file name such as attack-paths.json)\n";
        return kExitInvalid;
      }
      wanted.push_back(file);
    }
    bool all = std::find(formats_.begin(), formats_.end(), "all") != formats_.end();
    const bool markdown =
        all || std::find(wanted.begin(), wanted.end(), "report.md") != wanted.end();
    // Graphviz loads on another thread while the model is read and analysed (the future waits
    // for it when it goes out of scope).
    std::future<void> graphviz;
    if (markdown && !no_diagrams_) {
      graphviz = std::async(std::launch::async, [] { diagram::Preload(diagram::Format::kSvg); });
    }

    Progress progress(global.quiet);
    app::AnalysisOptions options;
    options.rules.skip_rules = skip_;
    options.paths.k = k_;
    options.with_prompts = markdown;  // only report.md shows them
    int code = kExitOk;
    auto a = LoadAndAnalyze(model_, global, options, progress, code);
    if (!a) return code;
    for (const auto& s : a->result.unknown_skipped_rules) {
      std::cerr << "warning: --skip-rules names no built-in rule: '" << s << "'\n";
    }

    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
      progress.Done();
      std::cerr << dir_ << ": cannot create the output folder: " << ec.message() << "\n";
      return kExitInvalid;
    }
    progress.Step(markdown && !no_diagrams_ ? "rendering diagrams and writing" : "writing");
    report::AnalysisBundle bundle{a->model, a->result, a->paths, a->prompts, *a->catalog};
    report::WriteOptions write;
    if (!all) write.only = wanted;
    write.diagrams = markdown && !no_diagrams_;
    write.collapse_threshold = collapse_;
    // Every file streams to a temporary file in the folder; they replace the old outputs only
    // when all are written.
    app::OutputDir out(dir_);
    base::Status st = report::WriteAll(bundle, write, out);
    if (st) st = out.Commit();
    if (!st) {
      progress.Done();
      return Fail(st.error());
    }
    // Listed in the usual order (risks.xlsx was opened first, on its own thread).
    std::vector<std::string> written;
    size_t figures = 0;
    std::vector<app::OutputDir::Entry> entries = out.Entries();
    for (const std::string& name : report::OutputNames()) {
      for (const app::OutputDir::Entry& e : entries) {
        if (!e.figure && e.name == name) written.push_back(name);
      }
    }
    for (const app::OutputDir::Entry& e : entries) figures += e.figure ? 1 : 0;
    progress.Done();

    if (!global.quiet) {
      auto counts = engine::CountBySeverity(a->result.risks);
      std::cout << model_ << ": " << a->result.risks.size() << " risks (" << counts[4]
                << " critical, " << counts[3] << " high, " << counts[2] << " elevated, "
                << counts[1] << " medium, " << counts[0] << " low), " << a->paths.paths.size()
                << " attack paths";
      if (options.with_prompts) std::cout << ", " << a->prompts.size() << " review prompts";
      std::cout << "\n";
      if (!a->result.orphaned_tracking.empty()) {
        size_t n = a->result.orphaned_tracking.size();
        std::cout << n << (n == 1 ? " risk-tracking entry matches" : " risk-tracking entries match")
                  << " no risk:";
        for (const auto& o : a->result.orphaned_tracking) std::cout << " " << o.key;
        std::cout << "\n";
      }
      std::cout << "wrote to " << dir_ << "/:";
      for (const auto& w : written) std::cout << " " << w;
      if (figures > 0) {
        std::cout << " and " << figures << (figures == 1 ? " diagram" : " diagrams")
                  << " (SVG) for report.md";
      }
      std::cout << "\n";
    }
    return kExitOk;
  }

 private:
  std::string model_, dir_ = "out";
  std::vector<std::string> formats_ = {"all"};
  std::vector<std::string> skip_;
  int k_ = 3;
  bool no_diagrams_ = false;
  int collapse_ = 300;
};

}  // namespace

std::unique_ptr<Command> MakeAnalyzeCommand() { return std::make_unique<AnalyzeCommand>(); }

}  // namespace threatpath::cli
