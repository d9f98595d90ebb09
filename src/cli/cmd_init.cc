#include <filesystem>
#include <iostream>

#include "app/files.h"
#include "app/starter.h"
#include "cli/command.h"

namespace threatpath::cli {
namespace {

class InitCommand : public Command {
 public:
  const char* name() const override { return "init"; }
  const char* help() const override {
    return "Write a commented starter model (native YAML) to FILE, or to stdout with '-'";
  }
  void Define(CLI::App& app) override {
    app.add_option("file", file_, "Where to write the model")->capture_default_str();
    app.add_flag("-f,--force", force_, "Overwrite FILE if it exists");
  }
  int Run(GlobalOptions& global) override {
    if (file_ != "-" && !force_ && std::filesystem::exists(file_)) {
      std::cerr << file_ << ": already exists; use --force to overwrite it\n";
      return kExitInvalid;
    }
    auto st = app::WriteFileAtomic(file_, app::StarterModel());
    if (!st) return Fail(st.error());
    if (file_ != "-" && !global.quiet) {
      std::cout << "wrote " << file_ << "; edit it, then run: threatpath validate " << file_
                << "\n";
    }
    return kExitOk;
  }

 private:
  std::string file_ = "threatmodel.yaml";
  bool force_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeInitCommand() { return std::make_unique<InitCommand>(); }

}  // namespace threatpath::cli
