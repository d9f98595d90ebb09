#include <iostream>

#include "cli/command.h"
#include "server/serve.h"

namespace threatpath::cli {
namespace {

class ServeCommand : public Command {
 public:
  const char* name() const override { return "serve"; }
  const char* help() const override {
    return "Run the program server: the JSON API under /api/v1 and live events, over SQLite "
           "(default) or PostgreSQL";
  }
  void Define(CLI::App& app) override {
    app.add_option("--listen", config_.listen, "Address to listen on, HOST:PORT (port 0: any)")
        ->capture_default_str();
    app.add_option("--db", config_.db,
                   "Database: sqlite:PATH, or postgres://USER@HOST:PORT/DB (a libpq URI)")
        ->capture_default_str();
    app.add_option("--static", config_.static_dir, "Serve the web UI's files from this folder");
    app.add_option("--threads", config_.threads, "I/O threads")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_flag("--demo", config_.demo,
                 "Local trial: seed a 'Demo' project with the bundled example models and print a "
                 "fresh password for 'admin' at every start");
    app.add_flag("--secure-cookies", config_.api.secure_cookies,
                 "Mark the session cookie Secure (when a TLS proxy is in front)");
    app.add_flag("!--no-access-log", config_.access_log, "Do not log one line per request");
    app.add_option("--port-file", config_.port_file,
                   "Write the bound port to this file once listening");
  }
  int Run(GlobalOptions&) override { return server::Serve(config_, std::cout, std::cerr); }

 private:
  server::ServeConfig config_;
};

}  // namespace

std::unique_ptr<Command> MakeServeCommand() { return std::make_unique<ServeCommand>(); }

}  // namespace threatpath::cli
