// The SQLite driver. The only file that includes sqlite3.h.

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/database.h"

namespace threatpath::store {
namespace {

using base::Error;
using base::Result;
using base::Status;

constexpr int kBusyTimeoutMs = 5000;
constexpr size_t kMaxReaders = 8;

Error SqliteError(sqlite3* db, int rc) {
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  std::string message = "sqlite: ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Error::Conflict(std::move(message));
      }
      return Error::InvalidInput(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return Error::Unavailable(std::move(message));
    case SQLITE_TOOBIG:
      return Error(Error::Code::kLimitExceeded, std::move(message));
    default:
      return Error::Internal(std::move(message));
  }
}

// A connection with its prepared statements. The server runs the same few dozen statements over
// and over; preparing each once per connection instead of once per call halves the cost of a
// read request (docs/performance.md).
struct Conn {
  static constexpr size_t kMaxCached = 256;
  sqlite3* db = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> stmts;

  explicit Conn(sqlite3* d) : db(d) {}
  ~Conn() {
    for (auto& [sql, stmt] : stmts) sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // A prepared statement for `sql`, reset and unbound; `owned` is set when the caller must
  // finalize it (the cache is full).
  Result<sqlite3_stmt*> Prepare(std::string_view sql, bool* owned) {
    *owned = false;
    std::string key(sql);
    if (auto it = stmts.find(key); it != stmts.end()) return it->second;
    sqlite3_stmt* raw = nullptr;
    bool cache = stmts.size() < kMaxCached;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                cache ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(raw);
      return SqliteError(db, rc);
    }
    if (!raw) return Error::Internal("sqlite: empty statement");
    if (cache) {
      stmts.emplace(std::move(key), raw);
    } else {
      *owned = true;
    }
    return raw;
  }
};

// Returns a statement to its reusable state (or finalizes it) when it goes out of scope.
struct StmtLease {
  sqlite3_stmt* stmt;
  bool owned;
  ~StmtLease() {
    if (owned) {
      sqlite3_finalize(stmt);
    } else {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  }
};

// Runs a statement without parameters or rows (BEGIN, COMMIT) through the cache.
Status ExecCached(Conn& conn, std::string_view sql) {
  bool owned = false;
  auto stmt = conn.Prepare(sql, &owned);
  if (!stmt) return std::move(stmt).error();
  StmtLease lease{*stmt, owned};
  int rc = sqlite3_step(*stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqliteError(conn.db, rc);
  return base::OkStatus();
}

class SqliteTx : public Tx {
 public:
  explicit SqliteTx(Conn& conn) : conn_(conn), db_(conn.db) {}

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto changed = Run(sql, params, &rows);
    if (!changed) return std::move(changed).error();
    return rows;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    return Run(sql, params, nullptr);
  }

  Status ExecScript(std::string_view sql) override {
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc);
    return base::OkStatus();
  }

 private:
  // Runs one statement; collects its rows into `rows` when given. Returns the rows changed.
  Result<int64_t> Run(std::string_view sql, const Params& params, Rows* rows) {
    bool owned = false;
    auto prepared = conn_.Prepare(sql, &owned);
    if (!prepared) return std::move(prepared).error();
    sqlite3_stmt* raw = *prepared;
    StmtLease lease{raw, owned};
    int rc = SQLITE_OK;
    if (static_cast<size_t>(sqlite3_bind_parameter_count(raw)) != params.size()) {
      return Error::Internal("sqlite: statement takes " +
                             std::to_string(sqlite3_bind_parameter_count(raw)) +
                             " parameters, got " + std::to_string(params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      int index = static_cast<int>(i) + 1;
      switch (p.kind) {
        case Param::Kind::kNull:
          rc = sqlite3_bind_null(raw, index);
          break;
        case Param::Kind::kInt:
          rc = sqlite3_bind_int64(raw, index, p.i);
          break;
        case Param::Kind::kText:
          rc = sqlite3_bind_text64(raw, index, p.text.data(), p.text.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc);
    }
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      if (!rows) continue;
      int n = sqlite3_column_count(raw);
      std::vector<std::optional<std::string>> cells;
      cells.reserve(n);
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
          continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
        int bytes = sqlite3_column_bytes(raw, c);
        cells.emplace_back(std::string(text ? text : "", text ? bytes : 0));
      }
      rows->emplace_back(std::move(cells));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc);
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Conn& conn_;
  sqlite3* db_;
};

Status ExecSimple(sqlite3* db, const char* sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc);
  return base::OkStatus();
}

Result<sqlite3*> OpenConnection(const std::string& path, bool reader) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(db, rc);
    sqlite3_close_v2(db);
    return Error::Unavailable(path + ": " + e.message());
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // WAL persists in the file; NORMAL sync in WAL mode keeps every acknowledged commit across a
  // process crash (kill -9) and loses at most the last commits on power failure.
  const char* pragmas = reader ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                               : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                                 "PRAGMA synchronous=NORMAL;";
  if (auto st = ExecSimple(db, pragmas); !st) {
    sqlite3_close_v2(db);
    return std::move(st).error();
  }
  return db;
}

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, sqlite3* writer)
      : path_(std::move(path)), memory_(path_ == ":memory:"), writer_(writer) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Transact(TxMode mode, const std::function<Status(Tx&)>& body) override {
    if (mode == TxMode::kWrite || memory_) {
      std::lock_guard lock(write_mu_);
      return RunTx(writer_, mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN", body);
    }
    auto reader = AcquireReader();
    if (!reader) return std::move(reader).error();
    Status st = RunTx(**reader, "BEGIN", body);
    ReleaseReader(*reader);
    return st;
  }

  Status Listen(const std::string&, std::function<void()>) override {
    return Error(Error::Code::kUnsupported, "sqlite: no notifications");
  }

 private:
  static Status RunTx(Conn& conn, const char* begin, const std::function<Status(Tx&)>& body) {
    if (auto st = ExecCached(conn, begin); !st) return st;
    SqliteTx tx(conn);
    Status st = body(tx);
    if (st) st = ExecCached(conn, "COMMIT");
    if (!st && !sqlite3_get_autocommit(conn.db)) {
      sqlite3_exec(conn.db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    return st;
  }

  Result<Conn*> AcquireReader() {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !idle_.empty() || open_readers_ < kMaxReaders; });
    if (!idle_.empty()) {
      Conn* conn = idle_.back().release();
      idle_.pop_back();
      return conn;
    }
    ++open_readers_;
    lock.unlock();
    auto db = OpenConnection(path_, /*reader=*/true);
    if (!db) {
      lock.lock();
      --open_readers_;
      pool_cv_.notify_one();
      return std::move(db).error();
    }
    return new Conn(*db);
  }

  void ReleaseReader(Conn* conn) {
    std::lock_guard lock(pool_mu_);
    idle_.emplace_back(conn);
    pool_cv_.notify_one();
  }

  const std::string path_;
  const bool memory_;
  Conn writer_;
  std::mutex write_mu_;  // one write transaction at a time (and everything for ":memory:")
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Conn>> idle_;  // reader connections not in use
  size_t open_readers_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  if (path.empty()) return Error::InvalidInput("sqlite: empty database path");
  auto writer = OpenConnection(path, /*reader=*/false);
  if (!writer) return std::move(writer).error();
  return std::unique_ptr<Database>(new SqliteDatabase(path, *writer));
}

}  // namespace threatpath::store
