#include <iostream>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/table.h"
#include "engine/rule.h"

namespace threatpath::cli {
namespace {

using Json = nlohmann::ordered_json;

Json InfoJson(const engine::RuleInfo& i) {
  return {{"id", i.id},
          {"title", i.title},
          {"stride", core::ToString(i.stride)},
          {"cwe", i.cwe},
          {"function", core::ToString(i.function)},
          {"asvs", i.asvs},
          {"cheat_sheet", i.cheat_sheet},
          {"description", i.description},
          {"impact", i.impact},
          {"detection_logic", i.detection_logic},
          {"risk_assessment", i.risk_assessment},
          {"false_positives", i.false_positives},
          {"action", i.action},
          {"mitigation", i.mitigation},
          {"check", i.check},
          {"model_failure_possible_reason", i.model_failure_possible_reason},
          {"tags", i.tags}};
}

class RulesCommand : public Command {
 public:
  const char* name() const override { return "rules"; }
  const char* help() const override {
    return "List the built-in risk rules, or explain one: threatpath rules explain ID";
  }
  void Define(CLI::App& app) override {
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    explain_ = app.add_subcommand("explain",
                                  "Everything about one rule: what it detects, why, "
                                  "false positives, what to do");
    explain_->add_option("id", id_, "Rule id, as listed by 'threatpath rules'")->required();
    explain_->add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "json"}));
  }
  int Run(GlobalOptions&) override {
    const auto& rules = engine::BuiltinRules();
    if (explain_->parsed()) {
      const engine::Rule* rule = engine::FindRule(id_);
      if (!rule) {
        std::vector<std::string> ids;
        for (const auto* r : rules) ids.push_back(r->Info().id);
        std::cerr << "unknown rule '" << id_ << "'" << base::DidYouMean(id_, ids)
                  << "; 'threatpath rules' lists them\n";
        return kExitInvalid;
      }
      const auto& i = rule->Info();
      if (format_ == "json") {
        std::cout << InfoJson(i).dump(2) << "\n";
        return kExitOk;
      }
      std::cout << i.id << ": " << i.title << "\n\n"
                << "STRIDE: " << core::ToString(i.stride) << "   CWE: " << i.cwe
                << "   function: " << core::ToString(i.function) << "\n";
      auto section = [](const char* name, const std::string& text) {
        if (!text.empty()) std::cout << "\n" << name << ":\n  " << text << "\n";
      };
      section("What it is", i.description);
      section("Impact", i.impact);
      section("How it is detected", i.detection_logic);
      section("How it is rated", i.risk_assessment);
      section("False positives", i.false_positives);
      std::string todo = i.action.empty() ? "What to do" : "What to do (" + i.action + ")";
      section(todo.c_str(), i.mitigation);
      section("How to check", i.check);
      section("ASVS", i.asvs);
      section("Cheat sheet", i.cheat_sheet);
      return kExitOk;
    }
    if (format_ == "json") {
      Json out = Json::array();
      for (const auto* r : rules) out.push_back(InfoJson(r->Info()));
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    Table table({"ID", "STRIDE", "CWE", "FUNCTION", "TITLE"});
    for (const auto* r : rules) {
      const auto& i = r->Info();
      table.Add({i.id, std::string(core::ToString(i.stride)), std::to_string(i.cwe),
                 std::string(core::ToString(i.function)), i.title});
    }
    table.Print(std::cout);
    std::cout << rules.size() << " rules; 'threatpath rules explain ID' tells more\n";
    return kExitOk;
  }

 private:
  CLI::App* explain_ = nullptr;
  std::string id_, format_ = "text";
};

}  // namespace

std::unique_ptr<Command> MakeRulesCommand() { return std::make_unique<RulesCommand>(); }

}  // namespace threatpath::cli
