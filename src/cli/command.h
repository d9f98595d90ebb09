#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/analysis.h"
#include "base/error.h"
#include "catalog/catalog.h"

namespace threatpath::cli {

/// Exit codes, documented in the README and in `threatpath --help`.
enum ExitCode : int {
  kExitOk = 0,        // success
  kExitFindings = 1,  // the command ran and found what it was asked to fail on
  kExitInvalid = 2,   // invalid input or usage: a malformed model, a missing file, a bad flag
  kExitInternal = 3,  // a bug in threatpath
};

/// Options shared by every command (given before or after the command name).
struct GlobalOptions {
  std::string technologies_file;  // replaces the built-in technology catalogue
  size_t max_errors = 50;
  bool quiet = false;

  /// The catalogue to use: the file's when one was given, else the built-in one.
  /// Sets `error` and returns nullptr when the file cannot be read.
  const catalog::Catalog* Technologies(std::string* error);

  /// Load options for these global options (catalogue, error cap). When the catalogue file cannot
  /// be read, prints why and returns nullopt.
  std::optional<app::LoadOptions> MakeLoadOptions();

 private:
  std::unique_ptr<catalog::Catalog> loaded_;
};

/// One subcommand. `Define` declares its options on `app`; `Run` executes it after parsing and
/// returns an exit code. Commands print results to stdout and problems to stderr.
class Command {
 public:
  virtual ~Command() = default;
  virtual const char* name() const = 0;
  virtual const char* help() const = 0;
  virtual void Define(CLI::App& app) = 0;
  virtual int Run(GlobalOptions& global) = 0;
};

std::unique_ptr<Command> MakeInitCommand();
std::unique_ptr<Command> MakeAnalyzeCommand();
std::unique_ptr<Command> MakeCheckCommand();
std::unique_ptr<Command> MakeDiagramCommand();
std::unique_ptr<Command> MakeReportCommand();
std::unique_ptr<Command> MakeDiffCommand();
std::unique_ptr<Command> MakeRulesCommand();
std::unique_ptr<Command> MakeValidateCommand();
std::unique_ptr<Command> MakeConvertCommand();
std::unique_ptr<Command> MakeBriefCommand();
std::unique_ptr<Command> MakeServeCommand();
std::unique_ptr<Command> MakeAdminCommand();
std::unique_ptr<Command> MakeTriageCommand();

/// Prints an error (every diagnostic on its own line) to stderr and returns its exit code.
int Fail(const base::Error& error);

/// Prints a loaded model's warnings (file:line:col: warning: ...) to stderr, unless --quiet.
void PrintWarnings(const app::LoadedModel& loaded, const GlobalOptions& global);

/// Progress lines on stderr ("threatpath: rules... 12 ms"), only when stderr is a terminal, so
/// CI logs and pipes stay clean.
class Progress {
 public:
  explicit Progress(bool quiet);
  void Step(const std::string& what);  // ends the previous step, starts this one
  void Done();

 private:
  bool enabled_;
  std::string current_;
  double start_ = 0;
};

/// Loads and analyses a model with the global options; on failure prints the error and returns
/// nullptr with `exit_code` set.
std::unique_ptr<app::Analysis> LoadAndAnalyze(const std::string& path, GlobalOptions& global,
                                              const app::AnalysisOptions& options,
                                              Progress& progress, int& exit_code);

/// Parses a severity given on the command line ("high"); CLI11 validates the spelling.
core::RiskSeverity SeverityArg(const std::string& s);
/// The CLI11 validator listing the severities.
CLI::Validator SeverityValidator();

}  // namespace threatpath::cli
