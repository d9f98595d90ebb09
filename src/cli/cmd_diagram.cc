#include <filesystem>
#include <iostream>
#include <utility>
#include <vector>

#include "app/files.h"
#include "cli/command.h"
#include "diagram/diagram.h"

namespace threatpath::cli {
namespace {

class DiagramCommand : public Command {
 public:
  const char* name() const override { return "diagram"; }
  const char* help() const override {
    return "Draw the data-flow diagram (dfd), the data-asset diagram (data) or an attack path "
           "(path), rendered in-process by Graphviz to SVG, PNG or DOT";
  }
  void Define(CLI::App& app) override {
    app.add_option("model", model_, "Model file (native or Threagile)")->required();
    app.add_option("--kind", kind_, "Which diagram")
        ->check(CLI::IsMember({"dfd", "data", "path"}))
        ->capture_default_str();
    app.add_option("--asset", asset_,
                   "With --kind path: the data asset whose weakest attack path to draw "
                   "(default: the weakest path of all)");
    app.add_option("-o,--output", output_,
                   "File to write; the format follows its extension (.svg, .png, .dot). With "
                   "--split-by-boundary: the folder to write into (created if missing)")
        ->required();
    app.add_option("--format", format_, "svg, png or dot (overrides the extension)")
        ->check(CLI::IsMember({"svg", "png", "dot"}));
    app.add_option("--collapse-above", collapse_,
                   "Collapse trust boundaries into summary nodes above this many components "
                   "(0: never); with --split-by-boundary, a boundary above it is drawn with its "
                   "nested boundaries as summary nodes, each in its own diagram")
        ->capture_default_str();
    app.add_flag("--split-by-boundary", split_,
                 "With --kind dfd: write one diagram per top-level trust boundary (flows to the "
                 "rest drawn to stubs), an overview with one node per boundary and index.md "
                 "into the folder given by -o (format from --format, default svg)");
  }
  int Run(GlobalOptions& global) override {
    if (split_ && kind_ != "dfd") {
      std::cerr << "--split-by-boundary draws the data-flow diagram; use it with --kind dfd\n";
      return kExitInvalid;
    }
    if (split_ && output_ == "-") {
      std::cerr << "--split-by-boundary writes several files; give a folder with -o\n";
      return kExitInvalid;
    }
    std::string format = format_;
    if (split_ && format.empty()) format = "svg";
    if (format.empty()) {
      auto dot = output_.find_last_of('.');
      std::string ext = dot == std::string::npos ? "" : output_.substr(dot + 1);
      format = (ext == "png" || ext == "dot") ? ext : "svg";
    }
    Progress progress(global.quiet);
    int code = kExitOk;
    auto a = LoadAndAnalyze(model_, global, app::WithoutPrompts(), progress, code);
    if (!a) return code;

    diagram::DfdOptions options;
    options.risks = a->result.risks;
    options.collapse_threshold = collapse_;
    auto f = format == "png"   ? diagram::Format::kPng
             : format == "dot" ? diagram::Format::kDot
                               : diagram::Format::kSvg;
    if (split_) return WriteSplit(a->model, options, format, f, global, progress);
    std::string dot;
    if (kind_ == "dfd") {
      dot = diagram::DataFlowDot(a->model, options);
    } else if (kind_ == "data") {
      dot = diagram::DataAssetDot(a->model, collapse_);
    } else {
      const graph::AttackPath* chosen = nullptr;
      for (const auto& p : a->paths.paths) {  // sorted weakest first
        if (asset_.empty() || p.asset_id == asset_) {
          chosen = &p;
          break;
        }
      }
      if (!chosen) {
        std::cerr << model_ << ": no attack path "
                  << (asset_.empty() ? std::string("in the model")
                                     : "to data asset '" + asset_ + "'")
                  << " (only assets rated confidential or critical integrity and above have "
                     "attack paths)\n";
        return kExitInvalid;
      }
      dot = diagram::AttackPathDot(a->model, *chosen, options);
    }
    progress.Step("rendering");
    auto rendered = diagram::Render(dot, f);
    progress.Done();
    if (!rendered) return Fail(rendered.error());
    auto st = app::WriteFileAtomic(output_, *rendered);
    if (!st) return Fail(st.error());
    if (output_ != "-" && !global.quiet) std::cout << "wrote " << output_ << "\n";
    return kExitOk;
  }

 private:
  // --split-by-boundary: the overview (data-flow-diagram.<ext>), the parts and index.md in the
  // folder output_. Every file is rendered before the first is written, so a Graphviz failure
  // leaves the folder as it was.
  int WriteSplit(const core::Model& model, const diagram::DfdOptions& options,
                 const std::string& format, diagram::Format f, GlobalOptions& global,
                 Progress& progress) {
    const std::string ext = "." + format;
    // Links between the files work in SVG only.
    diagram::SplitDfd split =
        diagram::SplitDataFlowDot(model, options, f == diagram::Format::kSvg ? ext : "");
    progress.Step("rendering");
    std::vector<std::pair<std::string, std::string>> files;
    auto add = [&](const std::string& stem, const std::string& dot) -> int {
      auto rendered = diagram::Render(dot, f);
      if (!rendered) return Fail(rendered.error());
      files.emplace_back(stem + ext, std::move(rendered).value());
      return kExitOk;
    };
    if (int rc = add(std::string(diagram::kDataFlowStem), split.overview); rc != kExitOk) {
      progress.Done();
      return rc;
    }
    for (const diagram::DfdPart& part : split.parts) {
      if (int rc = add(part.file_stem, part.dot); rc != kExitOk) {
        progress.Done();
        return rc;
      }
    }
    files.emplace_back("index.md", diagram::SplitIndexMarkdown(model, split, ext));
    progress.Done();
    std::error_code ec;
    std::filesystem::create_directories(output_, ec);
    if (ec) {
      std::cerr << output_ << ": cannot create the output folder: " << ec.message() << "\n";
      return kExitInvalid;
    }
    for (const auto& [name, bytes] : files) {
      auto st = app::WriteFileAtomic((std::filesystem::path(output_) / name).string(), bytes);
      if (!st) return Fail(st.error());
    }
    if (!global.quiet) {
      std::cout << "wrote to " << output_ << "/: index.md, " << diagram::kDataFlowStem << ext
                << " (overview) and " << split.parts.size()
                << (split.parts.size() == 1 ? " part" : " parts") << ", listed in index.md\n";
    }
    return kExitOk;
  }

  std::string model_, kind_ = "dfd", asset_, output_, format_;
  int collapse_ = 300;
  bool split_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeDiagramCommand() { return std::make_unique<DiagramCommand>(); }

}  // namespace threatpath::cli
