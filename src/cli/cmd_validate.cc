#include <iostream>

#include <nlohmann/json.hpp>

#include "app/load.h"
#include "base/strings.h"
#include "cli/command.h"

namespace threatpath::cli {
namespace {

class ValidateCommand : public Command {
 public:
  const char* name() const override { return "validate"; }
  const char* help() const override {
    return "Check models (native or Threagile, YAML or JSON) and report every problem with "
           "file:line:col";
  }
  void Define(CLI::App& app) override {
    app.add_option("files", files_, "Model files ('-' reads stdin)")->required();
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }
  int Run(GlobalOptions& global) override {
    auto lo = global.MakeLoadOptions();
    if (!lo) return kExitInvalid;
    int exit = kExitOk;
    nlohmann::ordered_json report = nlohmann::ordered_json::array();
    for (const auto& file : files_) {
      auto loaded = app::LoadModel(file, *lo);
      nlohmann::ordered_json entry = {{"file", file}, {"valid", loaded.has_value()}};
      if (loaded) {
        const auto& m = loaded->model;
        const char* fmt = loaded->format == formats::ModelFormat::kNative ? "native" : "threagile";
        entry["format"] = fmt;
        entry["counts"] = {{"data_assets", m.data_assets.size()},
                           {"components", m.components.size()},
                           {"flows", m.flows.size()},
                           {"trust_boundaries", m.boundaries.size()}};
        if (!loaded->warnings.empty()) {
          auto warnings = nlohmann::ordered_json::array();
          for (const auto& w : loaded->warnings) {
            warnings.push_back({{"file", w.loc.file},
                                {"line", w.loc.line},
                                {"column", w.loc.column},
                                {"message", w.message}});
          }
          entry["warnings"] = std::move(warnings);
        }
        if (format_ == "text") PrintWarnings(*loaded, global);
        if (format_ == "text" && !global.quiet) {
          std::cout << file << ": ok (" << fmt << ", "
                    << base::Count(m.data_assets.size(), "data asset", "data assets") << ", "
                    << base::Count(m.components.size(), "component", "components") << ", "
                    << base::Count(m.flows.size(), "flow", "flows") << ", "
                    << base::Count(m.boundaries.size(), "trust boundary", "trust boundaries")
                    << ")\n";
        }
      } else {
        const base::Error& e = loaded.error();
        exit = std::max(exit, e.code() == base::Error::Code::kInternal ? int(kExitInternal)
                                                                       : int(kExitInvalid));
        auto errors = nlohmann::ordered_json::array();
        if (e.diagnostics().empty()) {
          errors.push_back({{"message", e.message()}});
        }
        for (const auto& d : e.diagnostics()) {
          errors.push_back({{"file", d.loc.file},
                            {"line", d.loc.line},
                            {"column", d.loc.column},
                            {"severity", d.severity == base::Severity::kError     ? "error"
                                         : d.severity == base::Severity::kWarning ? "warning"
                                                                                  : "note"},
                            {"message", d.message}});
        }
        entry["errors"] = errors;
        if (format_ == "text") std::cerr << e.ToString() << "\n";
      }
      report.push_back(entry);
    }
    if (format_ == "json") std::cout << report.dump(2) << "\n";
    return exit;
  }

 private:
  std::vector<std::string> files_;
  std::string format_ = "text";
};

}  // namespace

std::unique_ptr<Command> MakeValidateCommand() { return std::make_unique<ValidateCommand>(); }

}  // namespace threatpath::cli
