#include "store/store.h"

#include <filesystem>
#include <system_error>

#include "store/database.h"
#include "store/sql_store.h"

namespace threatpath::store {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kContributor:
      return "contributor";
    case Role::kSecurity:
      return "security";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kViewer, Role::kContributor, Role::kSecurity, Role::kAdmin}) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

base::Result<std::unique_ptr<Store>> Open(const std::string& url) {
  std::string_view u = url;
  base::Result<std::unique_ptr<Database>> db = base::Error::Internal("unreachable");
  if (u.starts_with("sqlite:")) {
    std::string path(u.substr(7));
    if (path.empty()) return base::Error::InvalidInput("store URL sqlite: names no file");
    if (path != ":memory:") {
      auto parent = std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec) {
        return base::Error::Unavailable(parent.string() + ": cannot create: " + ec.message());
      }
    }
    db = OpenSqlite(path);
  } else if (u.starts_with("postgres://") || u.starts_with("postgresql://")) {
    db = OpenPostgres(url);
  } else {
    return base::Error::InvalidInput(
        "unsupported store URL (expected sqlite:PATH or postgresql://...)");
  }
  if (!db) return std::move(db).error();
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(*db)));
}

}  // namespace threatpath::store
