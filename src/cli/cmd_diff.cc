#include <nlohmann/json.hpp>

#include <iostream>

#include "app/diff.h"
#include "base/strings.h"
#include "cli/command.h"

namespace threatpath::cli {
namespace {

std::string Route(const graph::AttackPath& p) {
  std::string s = p.asset_id + ": " + p.origin_id;
  for (const auto& h : p.hops) s += " -> " + h.to_id;
  return s;
}

std::string PathLine(const graph::AttackPath& p) {
  return Route(p) + " (cost " + std::to_string(p.cost) + ")";
}

// A field value for one line of text: strings bare, lists as [a, b], a field left out as
// (default); line breaks become spaces and long values are cut at 60 characters.
std::string Compact(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + Compact(v[i]);
    return s + "]";
  }
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string FieldValue(const std::string& json_text) {
  if (json_text.empty()) return "(default)";
  std::string s = Compact(nlohmann::json::parse(json_text));
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // one line per element
  }
  if (s.size() > 60) {
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    s = s.substr(0, cut) + "...";
  }
  return s;
}

class DiffCommand : public Command {
 public:
  const char* name() const override { return "diff"; }
  const char* help() const override {
    return "What a design change does: risks added, removed and changed, elements changed, "
           "attack paths added, removed and changed";
  }
  void Define(CLI::App& app) override {
    app.add_option("old", old_, "The model before the change")->required();
    app.add_option("new", new_, "The model after the change")->required();
    app.add_option("--fail-on", fail_on_,
                   "Exit 1 when a new (or newly worse) open risk reaches this severity")
        ->check(SeverityValidator());
    app.add_flag("--fail-on-weaker-paths", fail_on_weaker_paths_,
                 "Exit 1 when a sensitive data asset got easier to reach: its weakest attack path "
                 "is cheaper (or new), one of its routes got cheaper, or it now sits at an entry "
                 "point");
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }
  int Run(GlobalOptions& global) override {
    Progress progress(global.quiet);
    int code = kExitOk;
    auto before = LoadAndAnalyze(old_, global, app::WithoutPrompts(), progress, code);
    if (!before) return code;
    auto after = LoadAndAnalyze(new_, global, app::WithoutPrompts(), progress, code);
    if (!after) return code;
    app::ModelDiff d = app::Diff(*before, *after);

    // Risks that fail the gate: added, or changed to a higher severity, and still open.
    std::vector<const engine::Risk*> failing;
    if (!fail_on_.empty()) {
      core::RiskSeverity threshold = SeverityArg(fail_on_);
      for (const auto& r : d.risks_added) {
        if (r.severity >= threshold && app::CountsAsOpen(r.status, false)) failing.push_back(&r);
      }
      for (const auto& c : d.risks_changed) {
        if (c.after.severity >= threshold && c.after.severity > c.before.severity &&
            app::CountsAsOpen(c.after.status, false)) {
          failing.push_back(&c.after);
        }
      }
    }

    const size_t weaker = fail_on_weaker_paths_ ? d.weaker_assets.size() : 0;

    if (format_ == "json") {
      std::optional<size_t> failing_assets;
      if (fail_on_weaker_paths_) failing_assets = weaker;
      std::cout << app::DiffJson(d, failing.size(), failing_assets) << "\n";
    } else {
      PrintText(d);
      if (!fail_on_.empty()) {
        std::cout << (failing.empty() ? "passed" : "failed") << ": "
                  << base::Count(failing.size(), "new open risk", "new open risks")
                  << " at or above " << fail_on_ << "\n";
      }
      if (fail_on_weaker_paths_) {
        std::cout << (weaker == 0 ? "passed" : "failed") << ": "
                  << base::Count(weaker, "sensitive asset", "sensitive assets")
                  << " easier to reach\n";
      }
    }
    return failing.empty() && weaker == 0 ? kExitOk : kExitFindings;
  }

 private:
  void PrintText(const app::ModelDiff& d) const {
    if (d.empty()) {
      std::cout << "no changes\n";
      return;
    }
    auto risk = [](char mark, const engine::Risk& r) {
      std::cout << "  " << mark << " " << core::ToString(r.severity) << "  " << r.synthetic_id
                << "  (" << core::ToString(r.status) << ")\n";
    };
    if (!d.risks_added.empty()) {
      std::cout << "risks added (" << d.risks_added.size() << "):\n";
      for (const auto& r : d.risks_added) risk('+', r);
    }
    if (!d.risks_removed.empty()) {
      std::cout << "risks removed (" << d.risks_removed.size() << "):\n";
      for (const auto& r : d.risks_removed) risk('-', r);
    }
    if (!d.risks_changed.empty()) {
      std::cout << "risks changed (" << d.risks_changed.size() << "):\n";
      for (const auto& c : d.risks_changed) {
        std::cout << "  ~ " << c.after.synthetic_id << ":";
        if (c.before.severity != c.after.severity) {
          std::cout << " severity " << core::ToString(c.before.severity) << " -> "
                    << core::ToString(c.after.severity);
        }
        if (c.before.status != c.after.status) {
          std::cout << " status " << core::ToString(c.before.status) << " -> "
                    << core::ToString(c.after.status);
        }
        std::cout << "\n";
      }
    }
    if (!d.elements.empty()) {
      std::cout << "elements changed (" << d.elements.size() << "):\n";
      for (const auto& e : d.elements) {
        char mark = e.what == app::ModelDiff::ElementChange::What::kAdded     ? '+'
                    : e.what == app::ModelDiff::ElementChange::What::kRemoved ? '-'
                                                                              : '~';
        std::cout << "  " << mark << " " << e.kind << " " << e.id;
        for (size_t i = 0; i < e.fields.size(); ++i) {
          const auto& f = e.fields[i];
          std::cout << (i ? "; " : ": ") << f.field << " " << FieldValue(f.before) << " -> "
                    << FieldValue(f.after);
        }
        std::cout << "\n";
      }
    }
    if (!d.weaker_assets.empty()) {
      std::cout << "sensitive assets easier to reach (" << d.weaker_assets.size() << "):\n";
      for (const auto& w : d.weaker_assets) {
        std::cout << "  ! " << w.asset_id << ":";
        const char* sep = " ";
        if (w.weakest_after && (!w.weakest_before || *w.weakest_after < *w.weakest_before)) {
          std::cout << sep << "weakest attack path costs " << *w.weakest_after;
          if (w.weakest_before) {
            std::cout << " (was " << *w.weakest_before << ")";
          } else {
            std::cout << " (no attack path before)";
          }
          sep = "; ";
        }
        if (w.weaker_routes > 0) {
          std::cout << sep << base::Count(w.weaker_routes, "route", "routes") << " weaker";
          sep = "; ";
        }
        if (!w.new_exposures.empty()) {
          std::cout << sep << "now at an entry point: ";
          for (size_t i = 0; i < w.new_exposures.size(); ++i) {
            std::cout << (i ? ", " : "") << w.new_exposures[i];
          }
        }
        std::cout << "\n";
      }
    }
    if (!d.paths_added.empty()) {
      std::cout << "attack paths added (" << d.paths_added.size() << "):\n";
      for (const auto& p : d.paths_added) std::cout << "  + " << PathLine(p) << "\n";
    }
    if (!d.paths_removed.empty()) {
      std::cout << "attack paths removed (" << d.paths_removed.size() << "):\n";
      for (const auto& p : d.paths_removed) std::cout << "  - " << PathLine(p) << "\n";
    }
    if (!d.paths_changed.empty()) {
      std::cout << "attack paths changed (" << d.paths_changed.size() << "):\n";
      for (const auto& c : d.paths_changed) {
        // A lower cost is an easier route for an attacker.
        const char* trend = c.after.cost < c.before.cost   ? ", weaker"
                            : c.after.cost > c.before.cost ? ", stronger"
                                                           : "";
        std::cout << "  ~ " << Route(c.after) << " (cost " << c.before.cost << " -> "
                  << c.after.cost << trend << ")\n"
                  << "      was: " << c.before.weakness_summary << "\n"
                  << "      now: " << c.after.weakness_summary << "\n";
      }
    }
  }

  std::string old_, new_, fail_on_, format_ = "text";
  bool fail_on_weaker_paths_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeDiffCommand() { return std::make_unique<DiffCommand>(); }

}  // namespace threatpath::cli
