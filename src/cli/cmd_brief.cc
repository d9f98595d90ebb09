#include <iostream>

#include "app/brief.h"
#include "app/files.h"
#include "cli/command.h"

namespace threatpath::cli {
namespace {

class BriefCommand : public Command {
 public:
  const char* name() const override { return "brief"; }
  const char* help() const override {
    return "A pen-test brief: scope and entry points, critical data, assumptions to validate, the "
           "weakest attack paths, open risks (Markdown or JSON)";
  }
  void Define(CLI::App& app) override {
    app.add_option("model", model_, "The model")->required();
    app.add_option("-o,--output", output_, "Where to write the brief ('-': stdout)")
        ->capture_default_str();
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"md", "json"}))
        ->capture_default_str();
    app.add_option("--paths", options_.max_paths, "How many of the weakest attack paths to list")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    app.add_option("--min-severity", min_severity_, "List open risks at or above this severity")
        ->check(SeverityValidator())
        ->capture_default_str();
  }
  int Run(GlobalOptions& global) override {
    Progress progress(global.quiet);
    int code = kExitOk;
    auto a = LoadAndAnalyze(model_, global, app::WithoutPrompts(), progress, code);
    if (!a) return code;
    options_.min_severity = SeverityArg(min_severity_);
    std::string text = format_ == "json" ? app::PenTestBriefJson(*a, options_)
                                         : app::PenTestBriefMarkdown(*a, options_);
    auto st = app::WriteFileAtomic(output_, text);
    if (!st) return Fail(st.error());
    if (output_ != "-" && !global.quiet) std::cout << "wrote " << output_ << "\n";
    return kExitOk;
  }

 private:
  std::string model_, output_ = "-", format_ = "md", min_severity_ = "high";
  app::BriefOptions options_;
};

}  // namespace

std::unique_ptr<Command> MakeBriefCommand() { return std::make_unique<BriefCommand>(); }

}  // namespace threatpath::cli
