#include <iostream>

#include "app/files.h"
#include "app/load.h"
#include "cli/command.h"

namespace threatpath::cli {
namespace {

class ConvertCommand : public Command {
 public:
  const char* name() const override { return "convert"; }
  const char* help() const override {
    return "Convert a model between the native format and Threagile YAML, as YAML or JSON";
  }
  void Define(CLI::App& app) override {
    app.add_option("input", input_, "Model file to read ('-' reads stdin)")->required();
    app.add_option("-o,--output", output_, "File to write ('-' writes stdout)")->required();
    app.add_option("--to", to_, "Target format")
        ->check(CLI::IsMember({"native", "threagile"}))
        ->capture_default_str();
    app.add_option("--format", syntax_,
                   "Syntax: yaml or json (default: from the output file's "
                   "extension, else yaml)")
        ->check(CLI::IsMember({"yaml", "json"}));
    app.add_option("--threagile-dialect", dialect_,
                   "With --to threagile: v1 (0.9.x), master, or as-read (the source's dialect)")
        ->check(CLI::IsMember({"as-read", "v1", "master"}))
        ->capture_default_str();
  }
  int Run(GlobalOptions& global) override {
    auto lo = global.MakeLoadOptions();
    if (!lo) return kExitInvalid;
    auto loaded = app::LoadModel(input_, *lo);
    if (!loaded) return Fail(loaded.error());
    PrintWarnings(*loaded, global);
    std::string syntax = syntax_;
    if (syntax.empty()) {
      bool json = output_.size() > 5 && output_.substr(output_.size() - 5) == ".json";
      syntax = json ? "json" : "yaml";
    }
    if (to_ == "threagile" && syntax == "json") {
      std::cerr << "threagile models are YAML; use --format yaml\n";
      return kExitInvalid;
    }
    auto dialect = dialect_ == "v1"       ? formats::ThreagileDialect::kV1
                   : dialect_ == "master" ? formats::ThreagileDialect::kMaster
                                          : formats::ThreagileDialect::kAsRead;
    std::vector<std::string> notes;
    std::string text = formats::WriteModel(
        loaded->model,
        to_ == "native" ? formats::ModelFormat::kNative : formats::ModelFormat::kThreagile,
        syntax == "json" ? formats::Syntax::kJson : formats::Syntax::kYaml, dialect, &notes);
    if (!global.quiet) {
      for (const std::string& note : notes) std::cerr << input_ << ": warning: " << note << "\n";
    }
    auto st = app::WriteFileAtomic(output_, text);
    if (!st) return Fail(st.error());
    if (output_ != "-" && !global.quiet) std::cout << "wrote " << output_ << "\n";
    return kExitOk;
  }

 private:
  std::string input_, output_, to_ = "native", syntax_, dialect_ = "as-read";
};

}  // namespace

std::unique_ptr<Command> MakeConvertCommand() { return std::make_unique<ConvertCommand>(); }

}  // namespace threatpath::cli
