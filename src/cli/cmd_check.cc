#include <iostream>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/table.h"

namespace threatpath::cli {
namespace {

class CheckCommand : public Command {
 public:
  const char* name() const override { return "check"; }
  const char* help() const override {
    return "CI gate: exit 1 when a risk that is still open (unchecked, in-discussion, "
           "in-progress) reaches --fail-on";
  }
  void Define(CLI::App& app) override {
    app.add_option("model", model_, "Model file (native or Threagile)")->required();
    app.add_option("--fail-on", fail_on_, "Lowest severity that fails the check")
        ->check(SeverityValidator())
        ->capture_default_str();
    app.add_flag("--include-accepted", include_accepted_, "Accepted risks count as open too");
  }
  int Run(GlobalOptions& global) override {
    Progress progress(global.quiet);
    int code = kExitOk;
    auto a = LoadAndAnalyze(model_, global, app::WithoutPrompts(), progress, code);
    if (!a) return code;
    core::RiskSeverity threshold = SeverityArg(fail_on_);
    Table table({"SEVERITY", "STATUS", "CATEGORY", "ELEMENT", "SYNTHETIC ID"});
    std::array<int, 5> counts{};
    for (const auto& r : a->result.risks) {
      if (r.severity < threshold || !app::CountsAsOpen(r.status, include_accepted_)) continue;
      ++counts[static_cast<int>(r.severity)];
      std::string element = !r.component.empty()  ? r.component
                            : !r.flow.empty()     ? r.flow
                            : !r.boundary.empty() ? r.boundary
                                                  : r.data_asset;
      table.Add({std::string(core::ToString(r.severity)), std::string(core::ToString(r.status)),
                 r.category, element, r.synthetic_id});
    }
    int failing = 0;
    for (int c : counts) failing += c;
    if (failing == 0) {
      if (!global.quiet) {
        std::cout << model_ << ": passed: no open risk at or above " << fail_on_ << " ("
                  << a->result.risks.size() << " risks in all)\n";
      }
      return kExitOk;
    }
    table.Print(std::cout);
    std::string by;
    for (int s = 4; s >= 0; --s) {
      if (!counts[s]) continue;
      if (!by.empty()) by += ", ";
      by += std::to_string(counts[s]) + " " +
            std::string(core::ToString(static_cast<core::RiskSeverity>(s)));
    }
    std::cout << model_ << ": failed: " << base::Count(failing, "open risk", "open risks")
              << " at or above " << fail_on_ << " (" << by << ")\n";
    return kExitFindings;
  }

 private:
  std::string model_;
  std::string fail_on_ = "high";
  bool include_accepted_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeCheckCommand() { return std::make_unique<CheckCommand>(); }

}  // namespace threatpath::cli
