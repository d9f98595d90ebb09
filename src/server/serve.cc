#include "server/serve.h"

#include <fstream>
#include <ostream>

#include "app/load.h"
#include "app/starter.h"
#include "auth/auth.h"
#include "formats/model_io.h"
#include "server/api.h"

namespace threatpath::server {

std::string_view OnlineShopExample();  // examples/online-shop.yaml, built in

using base::Error;

base::Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  auto bad = [&] {
    return Error::InvalidInput("--listen must be HOST:PORT (for example 127.0.0.1:8080), not '" +
                               listen + "'")
        .WithField("listen");
  };
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return bad();
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = listen.substr(colon + 1);
  if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5) {
    return bad();
  }
  int port = std::stoi(port_text);
  if (port > 65535) return bad();
  return std::make_pair(host, static_cast<uint16_t>(port));
}

base::Status SeedDemo(store::Store& store, const store::User& owner) {
  auto existing = store.FindProject("Demo");
  if (existing) return base::OkStatus();
  if (existing.error().code() != Error::Code::kNotFound) return std::move(existing).error();
  store::Actor actor{owner.id, owner.username};
  store::Project p;
  p.name = "Demo";
  p.description = "The example models that ship with Threatpath.";
  auto project = store.CreateProject(p, actor);
  if (!project) return std::move(project).error();
  auto member = store.SetMembership(project->id, owner.id, store::Role::kAdmin, actor);
  if (!member) return member;
  struct Example {
    const char* name;
    std::string_view text;
  };
  for (const Example& ex :
       {Example{"Online shop", OnlineShopExample()}, Example{"Starter", app::StarterModel()}}) {
    app::LoadOptions lo;
    lo.allow_includes = false;
    auto loaded = app::LoadModelText(ex.text, ex.name, lo);
    if (!loaded) return std::move(loaded).error();
    store::Revision rev;
    rev.document =
        formats::WriteModel(loaded->model, formats::ModelFormat::kNative, formats::Syntax::kYaml);
    rev.source_format = "native";
    rev.comment = "bundled example";
    rev.created_by = owner.id;
    auto model = store.CreateModel(project->id, ex.name, rev, actor);
    if (!model) return std::move(model).error();
  }
  return base::OkStatus();
}

int Serve(const ServeConfig& config, std::ostream& out, std::ostream& err) {
  auto listen = ParseListen(config.listen);
  if (!listen) {
    err << "threatpath serve: " << listen.error().message() << "\n";
    return 2;
  }
  auto store = store::Open(config.db);
  if (!store) {
    err << "threatpath serve: " << config.db << ": " << store.error().message() << "\n";
    return 2;
  }
  auto migrated = (*store)->Migrate();
  if (!migrated) {
    err << "threatpath serve: migrating the database failed: " << migrated.error().message()
        << "\n";
    return 2;
  }

  Api api(**store, config.api);
  auto password = api.Bootstrap();
  if (!password) {
    err << "threatpath serve: creating the first admin failed: " << password.error().message()
        << "\n";
    return 2;
  }
  if (config.demo) {
    auto admin = (*store)->FindUser("admin");
    if (admin) {
      auto seeded = SeedDemo(**store, *admin);
      if (!seeded) {
        err << "threatpath serve: seeding the demo failed: " << seeded.error().ToString() << "\n";
        return 2;
      }
      // A local trial should always say how to sign in: the demo gives 'admin' a fresh password
      // at every start.
      if (!*password) {
        std::string fresh = auth::GeneratePassword();
        auto hash = auth::HashPassword(fresh, config.api.password_cost);
        if (hash && (*store)->SetPasswordHash(admin->id, *hash, store::Actor{})) {
          *password = fresh;
        }
      }
    }
  }

  Router router;
  api.Register(router);
  ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = config.threads;
  options.static_dir = config.static_dir;
  options.access_log = config.access_log;
  HttpServer server(options, router, api.WebSocketRoutes());
  api.SetServerMetrics([&server] { return server.MetricsText(); });
  std::string error;
  if (!server.Start(&error)) {
    err << "threatpath serve: " << error << "\n";
    return 2;
  }
  std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::string url = "http://" + host + ":" + std::to_string(server.port()) + "/";
  out << "Threatpath is serving " << url << " (database: " << (*store)->backend() << ")\n";
  if (*password) {
    out << (config.demo ? "Demo: sign in as 'admin' with the password\n\n    "
                        : "Created the first administrator. Sign in as 'admin' with the "
                          "password\n\n    ")
        << **password
        << "\n\nIt is shown only this once; `threatpath admin set-password admin` sets a new "
           "one.\n";
  } else {
    out << "Sign in with an existing account (the admin password was printed at the first "
           "start; `threatpath admin set-password admin` sets a new one).\n";
  }
  out << "API: " << url << "api/v1/openapi.json  Stop with Ctrl-C.\n" << std::flush;
  if (!config.port_file.empty()) {
    std::ofstream(config.port_file) << server.port() << "\n";
  }
  server.Run(true);
  api.Shutdown();
  out << "threatpath serve: stopped\n";
  return 0;
}

}  // namespace threatpath::server
