#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

// The small SQL driver interface SqlStore is written against. Two drivers implement it:
// sqlite_database.cc (libsqlite3) and pg_database.cc (libpq); they are the only files that
// include the client libraries' headers.
//
// SQL is written once for both: `?` placeholders (the PostgreSQL driver numbers them $1..$n),
// integers for booleans, text for times, `RETURNING` for generated ids.
namespace threatpath::store {

enum class Dialect { kSqlite, kPostgres };

/// A value bound to a `?` placeholder.
struct Param {
  enum class Kind { kNull, kInt, kText };
  Param(std::nullptr_t) {}                      // NOLINT: implicit by design, as are the others
  Param(int64_t v) : kind(Kind::kInt), i(v) {}  // NOLINT
  Param(int v) : kind(Kind::kInt), i(v) {}      // NOLINT
  Param(bool v) : kind(Kind::kInt), i(v ? 1 : 0) {}            // NOLINT
  Param(std::string_view v) : kind(Kind::kText), text(v) {}    // NOLINT
  Param(const std::string& v) : kind(Kind::kText), text(v) {}  // NOLINT
  Param(const char* v) : kind(Kind::kText), text(v) {}         // NOLINT

  Kind kind = Kind::kNull;
  int64_t i = 0;
  std::string text;
};
using Params = std::vector<Param>;

/// One result row; every column arrives as text (or NULL) from both drivers.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return !cells_.at(i).has_value(); }
  /// The column's text; "" for NULL.
  const std::string& Text(size_t i) const;
  /// The column as an integer; 0 for NULL or text that is not one.
  int64_t Int(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }

 private:
  std::vector<std::optional<std::string>> cells_;
};
using Rows = std::vector<Row>;

/// A transaction in progress. Only valid inside Database::Transact's body.
class Tx {
 public:
  virtual ~Tx() = default;
  /// Runs one statement and returns its rows (statements with RETURNING included).
  virtual base::Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  /// Runs one statement and returns the number of rows it changed.
  virtual base::Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  /// Runs several statements without parameters (migrations).
  virtual base::Status ExecScript(std::string_view sql) = 0;
};

enum class TxMode {
  kRead,   // a consistent snapshot; may run alongside writers
  kWrite,  // one writer at a time on SQLite; READ COMMITTED on PostgreSQL
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  /// Runs `body` in one transaction: commits when it returns ok, rolls back when it returns an
  /// error (which is passed on). Do not start a transaction inside another one.
  /// Errors: kConflict (unique violation), kInvalidInput (other constraint violations),
  /// kUnavailable (database busy past the timeout or unreachable), kInternal (anything else).
  virtual base::Status Transact(TxMode mode, const std::function<base::Status(Tx&)>& body) = 0;

  /// Calls `on_notify` from a driver-owned thread whenever a NOTIFY on `channel` arrives, and
  /// once after every (re)connection of that thread, since notifications may have been missed.
  /// One listener per database. kUnsupported on SQLite, which has no notifications.
  virtual base::Status Listen(const std::string& channel, std::function<void()> on_notify) = 0;
};

/// Opens a SQLite database file (created when missing) or ":memory:". WAL mode, foreign keys on,
/// busy timeout 5 s, synchronous=NORMAL (durable across process crashes; the last commits can be
/// lost on power failure). Write transactions are serialized in-process and use BEGIN
/// IMMEDIATE; reads use a small pool of their own connections (":memory:" uses one connection
/// for everything).
base::Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);

/// Opens a PostgreSQL database from a libpq connection URI, with a small connection pool.
base::Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url);

/// Rewrites `?` placeholders as $1..$n, leaving quoted text alone (used by the PostgreSQL
/// driver; exposed for tests).
std::string NumberPlaceholders(std::string_view sql);

}  // namespace threatpath::store
