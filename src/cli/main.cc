// threatpath: threat modeling as code. This file only wires commands together; each command
// lives in its own file and does its work through the app library.
#include <iostream>

#include "cli/command.h"

#ifndef TP_VERSION
#define TP_VERSION "0.0.0"
#endif

using namespace threatpath::cli;

int main(int argc, char** argv) {
  CLI::App app{"threatpath: threat modeling as code (native and Threagile models)", "threatpath"};
  app.set_version_flag("--version", "threatpath " TP_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Exit codes: 0 ok, 1 findings (for commands that gate CI), 2 invalid input or usage, "
      "3 internal error.\nRun 'threatpath COMMAND --help' for a command's options.");

  GlobalOptions global;
  app.add_option("--technologies", global.technologies_file,
                 "Technology catalogue file replacing the built-in one")
      ->check(CLI::ExistingFile);
  app.add_option("--max-errors", global.max_errors, "Stop reporting after this many errors")
      ->check(CLI::PositiveNumber);
  app.add_flag("-q,--quiet", global.quiet, "Print only errors");

  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(MakeInitCommand());
  commands.push_back(MakeValidateCommand());
  commands.push_back(MakeConvertCommand());
  commands.push_back(MakeAnalyzeCommand());
  commands.push_back(MakeCheckCommand());
  commands.push_back(MakeDiffCommand());
  commands.push_back(MakeDiagramCommand());
  commands.push_back(MakeReportCommand());
  commands.push_back(MakeRulesCommand());
  commands.push_back(MakeTriageCommand());
  commands.push_back(MakeBriefCommand());
  commands.push_back(MakeServeCommand());
  commands.push_back(MakeAdminCommand());

  std::vector<std::pair<CLI::App*, Command*>> subs;
  for (auto& c : commands) {
    CLI::App* sub = app.add_subcommand(c->name(), c->help());
    c->Define(*sub);
    subs.emplace_back(sub, c.get());
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitInvalid;
  }
  try {
    for (auto& [sub, command] : subs) {
      if (sub->parsed()) return command->Run(global);
    }
  } catch (const std::exception& e) {
    std::cerr << "threatpath: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitInvalid;
}
