#pragma once

#include <iosfwd>
#include <string>

#include "base/result.h"
#include "server/api.h"
#include "store/store.h"

// `threatpath serve` and `threatpath admin`: what the CLI runs, kept here so tests can too.
namespace threatpath::server {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::string db = "sqlite:var/threatpath.db";
  std::string static_dir;
  int threads = 2;
  /// Seed a "Demo" project with the bundled example models on an empty database.
  bool demo = false;
  bool access_log = true;
  /// Write the bound port to this file once listening (for scripts and tests).
  std::string port_file;
  ApiOptions api;
};

/// Splits "host:port" ("[::1]:8080" for IPv6); kInvalidInput naming --listen otherwise.
base::Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

/// Opens and migrates the store, creates the first admin on an empty database (printing the
/// generated password once to `out`), seeds the demo, serves until SIGTERM/SIGINT, then shuts
/// down gracefully. Returns a process exit code; errors go to `err`.
int Serve(const ServeConfig& config, std::ostream& out, std::ostream& err);

/// Creates the "Demo" project with the bundled example models, owned by `owner`, unless a
/// project of that name exists.
base::Status SeedDemo(store::Store& store, const store::User& owner);

}  // namespace threatpath::server
