// threatpath triage ANSWERS: tier, priority with reasons and findings for a design-phase intake.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/files.h"
#include "cli/command.h"
#include "intake/questionnaire.h"
#include "intake/triage.h"

namespace threatpath::cli {
namespace {

using Json = nlohmann::ordered_json;

class TriageCommand : public Command {
 public:
  const char* name() const override { return "triage"; }
  const char* help() const override {
    return "Triage a design-phase intake: tier, priority with reasons, findings";
  }
  void Define(CLI::App& app) override {
    app.add_option("answers", answers_, "Answer file (YAML or JSON; '-' reads standard input)")
        ->required();
    app.add_option("--questionnaire", questionnaire_,
                   "Questionnaire: a Threatpath YAML file, or vsaq:FILE for a Google VSAQ one "
                   "(default: the built-in design-review questionnaire)");
    app.add_option("--vsaq-extension", extensions_,
                   "VSAQ extension file applied to a vsaq: questionnaire (repeatable)");
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }

  int Run(GlobalOptions&) override {
    intake::Questionnaire loaded;
    const intake::Questionnaire* q = &intake::DesignReview();
    if (!questionnaire_.empty()) {
      bool vsaq = questionnaire_.rfind("vsaq:", 0) == 0;
      std::string path = vsaq ? questionnaire_.substr(5) : questionnaire_;
      auto text = app::ReadFile(path);
      if (!text) return Fail(text.error());
      auto r = vsaq ? intake::ImportVsaq(*text, path, std::filesystem::path(path).stem().string())
                    : intake::ReadQuestionnaire(*text, path);
      if (!r) return Fail(r.error());
      loaded = std::move(*r);
      for (const std::string& ext : extensions_) {
        if (!vsaq) {
          std::cerr << "--vsaq-extension needs a vsaq: questionnaire\n";
          return kExitInvalid;
        }
        auto ext_text = app::ReadFile(ext);
        if (!ext_text) return Fail(ext_text.error());
        if (auto st = intake::ApplyVsaqExtension(loaded, *ext_text, ext); !st)
          return Fail(st.error());
      }
      q = &loaded;
    } else if (!extensions_.empty()) {
      std::cerr << "--vsaq-extension needs --questionnaire vsaq:FILE\n";
      return kExitInvalid;
    }
    auto text = app::ReadFile(answers_);
    if (!text) return Fail(text.error());
    auto sheet = intake::ReadAnswers(*text, answers_ == "-" ? "<stdin>" : answers_);
    if (!sheet) return Fail(sheet.error());
    auto triage = intake::Evaluate(*q, *sheet);
    if (!triage) return Fail(triage.error());
    for (const auto& w : triage->warnings) std::cerr << w.ToString() << "\n";
    if (format_ == "json")
      PrintJson(*triage);
    else
      PrintText(*triage);
    return kExitOk;
  }

 private:
  static void PrintText(const intake::Triage& t) {
    if (!t.title.empty()) {
      std::cout << t.title;
      if (!t.team.empty()) std::cout << " (" << t.team << ")";
      std::cout << "\n";
    }
    std::cout << "tier: " << intake::ToString(t.tier);
    if (!t.tier_sources.empty()) {
      std::cout << " (from";
      for (size_t i = 0; i < t.tier_sources.size(); ++i)
        std::cout << (i ? ", " : " ") << t.tier_sources[i];
      std::cout << ")";
    }
    std::cout << "\npriority: " << t.priority << "/100 (" << t.raw_points << " points)\n";
    for (const auto& r : t.reasons)
      std::cout << "  " << (r.points > 0 ? "+" : "") << r.points << "  " << r.source << " = "
                << r.answer << "\n";
    std::cout << "findings: " << t.findings.size() << "\n";
    for (const auto& f : t.findings) {
      std::cout << "  [" << intake::ToString(f.severity) << "] " << f.id;
      if (!f.title.empty()) std::cout << ": " << f.title;
      std::cout << "\n      " << f.why << "\n";
    }
  }

  static void PrintJson(const intake::Triage& t) {
    Json reasons = Json::array();
    for (const auto& r : t.reasons)
      reasons.push_back({{"question", r.source}, {"answer", r.answer}, {"points", r.points}});
    Json findings = Json::array();
    for (const auto& f : t.findings)
      findings.push_back({{"id", f.id},
                          {"severity", intake::ToString(f.severity)},
                          {"title", f.title},
                          {"why", f.why},
                          {"source", f.source}});
    Json out = {{"questionnaire", t.questionnaire},
                {"title", t.title},
                {"team", t.team},
                {"submitted", t.submitted},
                {"tier", intake::ToString(t.tier)},
                {"tier_sources", t.tier_sources},
                {"priority", t.priority},
                {"points", t.raw_points},
                {"reasons", reasons},
                {"findings", findings}};
    std::cout << out.dump(2) << "\n";
  }

  std::string answers_, questionnaire_, format_ = "text";
  std::vector<std::string> extensions_;
};

}  // namespace

std::unique_ptr<Command> MakeTriageCommand() { return std::make_unique<TriageCommand>(); }

}  // namespace threatpath::cli
