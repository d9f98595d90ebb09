#include "cli/command.h"

#include <unistd.h>

#include <chrono>
#include <iostream>

#include "app/load.h"

namespace threatpath::cli {

const catalog::Catalog* GlobalOptions::Technologies(std::string* error) {
  if (technologies_file.empty()) return &catalog::Catalog::Builtin();
  if (!loaded_) {
    auto cat = app::LoadCatalog(technologies_file);
    if (!cat) {
      *error = cat.error().ToString();
      return nullptr;
    }
    loaded_ = std::make_unique<catalog::Catalog>(std::move(*cat));
  }
  return loaded_.get();
}

std::optional<app::LoadOptions> GlobalOptions::MakeLoadOptions() {
  std::string err;
  const catalog::Catalog* cat = Technologies(&err);
  if (!cat) {
    std::cerr << err << "\n";
    return std::nullopt;
  }
  app::LoadOptions lo;
  lo.technologies = cat;
  lo.max_errors = max_errors;
  return lo;
}

int Fail(const base::Error& error) {
  std::cerr << error.ToString() << "\n";
  return error.code() == base::Error::Code::kInternal ? kExitInternal : kExitInvalid;
}

void PrintWarnings(const app::LoadedModel& loaded, const GlobalOptions& global) {
  if (global.quiet) return;
  for (const base::Diagnostic& w : loaded.warnings) std::cerr << w.ToString() << "\n";
}

namespace {
double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Progress::Progress(bool quiet) : enabled_(!quiet && isatty(STDERR_FILENO)) {}

void Progress::Step(const std::string& what) {
  if (!enabled_) return;
  Done();
  current_ = what;
  start_ = NowMs();
  std::cerr << "threatpath: " << what << "..." << std::flush;
}

void Progress::Done() {
  if (!enabled_ || current_.empty()) return;
  std::cerr << " " << static_cast<long long>(NowMs() - start_) << " ms\n";
  current_.clear();
}

std::unique_ptr<app::Analysis> LoadAndAnalyze(const std::string& path, GlobalOptions& global,
                                              const app::AnalysisOptions& options,
                                              Progress& progress, int& exit_code) {
  auto lo = global.MakeLoadOptions();
  if (!lo) {
    exit_code = kExitInvalid;
    return nullptr;
  }
  progress.Step("reading " + path);
  auto loaded = app::LoadModel(path, *lo);
  if (!loaded) {
    progress.Done();
    exit_code = Fail(loaded.error());
    return nullptr;
  }
  progress.Done();
  PrintWarnings(*loaded, global);
  progress.Step("analysing");
  auto analysis = app::Analyze(std::move(*loaded), *lo->technologies, options);
  progress.Done();
  exit_code = kExitOk;
  return analysis;
}

core::RiskSeverity SeverityArg(const std::string& s) {
  return core::Parse<core::RiskSeverity>(s).value_or(core::RiskSeverity::kCritical);
}

CLI::Validator SeverityValidator() {
  return CLI::IsMember(core::CanonicalNames<core::RiskSeverity>());
}

}  // namespace threatpath::cli
