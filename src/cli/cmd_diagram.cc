#include <iostream>

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
                   "File to write; the format follows its extension (.svg, .png, .dot)")
        ->required();
    app.add_option("--format", format_, "svg, png or dot (overrides the extension)")
        ->check(CLI::IsMember({"svg", "png", "dot"}));
    app.add_option("--collapse-above", collapse_,
                   "Collapse trust boundaries into summary nodes above this many components "
                   "(0: never)")
        ->capture_default_str();
  }
  int Run(GlobalOptions& global) override {
    std::string format = format_;
    if (format.empty()) {
      auto dot = output_.find_last_of('.');
      std::string ext = dot == std::string::npos ? "" : output_.substr(dot + 1);
      format = (ext == "png" || ext == "dot") ? ext : "svg";
    }
    Progress progress(global.quiet);
    int code = kExitOk;
    auto a = LoadAndAnalyze(model_, global, {}, progress, code);
    if (!a) return code;

    diagram::DfdOptions options;
    options.risks = a->result.risks;
    options.collapse_threshold = collapse_;
    std::string dot;
    if (kind_ == "dfd") {
      dot = diagram::DataFlowDot(a->model, options);
    } else if (kind_ == "data") {
      dot = diagram::DataAssetDot(a->model);
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
    auto f = format == "png"   ? diagram::Format::kPng
             : format == "dot" ? diagram::Format::kDot
                               : diagram::Format::kSvg;
    auto rendered = diagram::Render(dot, f);
    progress.Done();
    if (!rendered) return Fail(rendered.error());
    auto st = app::WriteFileAtomic(output_, *rendered);
    if (!st) return Fail(st.error());
    if (output_ != "-" && !global.quiet) std::cout << "wrote " << output_ << "\n";
    return kExitOk;
  }

 private:
  std::string model_, kind_ = "dfd", asset_, output_, format_;
  int collapse_ = 300;
};

}  // namespace

std::unique_ptr<Command> MakeDiagramCommand() { return std::make_unique<DiagramCommand>(); }

}  // namespace threatpath::cli
