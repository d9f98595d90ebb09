// The PostgreSQL driver. The only file that includes libpq-fe.h.

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/dynamic_library.h"
#include "store/database.h"

namespace threatpath::store {
namespace {

using base::Error;
using base::Result;
using base::Status;

// libpq is loaded when the first PostgreSQL database is opened, not when the program starts:
// its dependencies (GnuTLS, Kerberos, LDAP) cost every run of the CLI about 3 ms to load and
// initialise, and most runs never talk to PostgreSQL. The functions used here, by name:
#define TP_PQ_FUNCTIONS(X) \
  X(PQclear)               \
  X(PQcmdTuples)           \
  X(PQconnectdbParams)     \
  X(PQconsumeInput)        \
  X(PQerrorMessage)        \
  X(PQescapeIdentifier)    \
  X(PQexec)                \
  X(PQexecParams)          \
  X(PQfinish)              \
  X(PQfreemem)             \
  X(PQgetisnull)           \
  X(PQgetlength)           \
  X(PQgetvalue)            \
  X(PQnfields)             \
  X(PQnotifies)            \
  X(PQntuples)             \
  X(PQresultErrorField)    \
  X(PQresultStatus)        \
  X(PQsetNoticeProcessor)  \
  X(PQsocket)              \
  X(PQstatus)              \
  X(PQtransactionStatus)

struct PqApi {
  TP_PQ_FUNCTIONS(TP_DYNAMIC_MEMBER)
};

PqApi pq_api;

// Loads libpq once; the error says why it could not be (empty when it was).
const std::string& LoadPq() {
  static std::string error;
  static std::once_flag once;
  std::call_once(once, [] {
    base::Status loaded = []() -> base::Status {
      base::Result<base::DynamicLibrary> lib = base::DynamicLibrary::Open("libpq.so.5");
      if (!lib) return std::move(lib).error();
      PqApi api;
#define TP_PQ_LOAD(name) TP_DYNAMIC_BIND(*lib, api, name)
      TP_PQ_FUNCTIONS(TP_PQ_LOAD)
#undef TP_PQ_LOAD
      pq_api = api;
      return base::OkStatus();
    }();
    if (!loaded) error = loaded.error().message();
  });
  return error;
}

// The loaded functions; only called once OpenPostgres has loaded them.
const PqApi& pq() { return pq_api; }

constexpr size_t kMaxConnections = 8;
constexpr auto kPoolWait = std::chrono::seconds(10);

std::string FirstLine(const char* text) {
  std::string s = text ? text : "";
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

// Maps a failed result (or a failed connection when `res` is null) to an Error by SQLSTATE.
Error PgError(PGconn* conn, const PGresult* res) {
  const char* state = res ? pq().PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? pq().PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message =
      "postgres: " + (primary ? std::string(primary) : FirstLine(pq().PQerrorMessage(conn)));
  if (!state || pq().PQstatus(conn) != CONNECTION_OK) return Error::Unavailable(std::move(message));
  std::string_view s(state);
  if (s == "23505") return Error::Conflict(std::move(message));
  if (s.starts_with("23") || s.starts_with("22")) return Error::InvalidInput(std::move(message));
  if (s.starts_with("08") || s.starts_with("53") || s.starts_with("57") || s == "40001" ||
      s == "40P01" || s == "55P03") {
    return Error::Unavailable(std::move(message));
  }
  return Error::Internal(std::move(message));
}

Result<PGconn*> Connect(const std::string& url) {
  // Later entries win, so a connect_timeout in the URL overrides the default here.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"5", "threatpath", url.c_str(), nullptr};
  PGconn* conn = pq().PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn) return Error::Unavailable("postgres: out of memory");
  if (pq().PQstatus(conn) != CONNECTION_OK) {
    std::string message = FirstLine(pq().PQerrorMessage(conn));
    pq().PQfinish(conn);
    return Error::Unavailable("postgres: cannot connect: " + message);
  }
  pq().PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return conn;
}

Status Command(PGconn* conn, const char* sql) {
  PGresult* res = pq().PQexec(conn, sql);
  Status st = base::OkStatus();
  if (pq().PQresultStatus(res) != PGRES_COMMAND_OK && pq().PQresultStatus(res) != PGRES_TUPLES_OK) {
    st = PgError(conn, res);
  }
  pq().PQclear(res);
  return st;
}

class PgTx : public Tx {
 public:
  explicit PgTx(PGconn* conn) : conn_(conn) {}

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
    return Command(conn_, std::string(sql).c_str());
  }

 private:
  Result<int64_t> Run(std::string_view sql, const Params& params, Rows* rows) {
    std::string numbered = NumberPlaceholders(sql);
    std::vector<std::string> ints;  // text of integer parameters, kept alive for the call
    ints.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) {
      switch (p.kind) {
        case Param::Kind::kNull:
          values.push_back(nullptr);
          break;
        case Param::Kind::kInt:
          ints.push_back(std::to_string(p.i));
          values.push_back(ints.back().c_str());
          break;
        case Param::Kind::kText:
          if (p.text.find('\0') != std::string::npos) {
            return Error::InvalidInput("postgres: text contains a NUL byte");
          }
          values.push_back(p.text.c_str());
          break;
      }
    }
    PGresult* res = pq().PQexecParams(conn_, numbered.c_str(), static_cast<int>(values.size()),
                                      nullptr, values.data(), nullptr, nullptr, /*resultFormat=*/0);
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(res, pq().PQclear);
    ExecStatusType status = pq().PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return PgError(conn_, res);
    if (rows) {
      int n = pq().PQntuples(res);
      int fields = pq().PQnfields(res);
      rows->reserve(n);
      for (int r = 0; r < n; ++r) {
        std::vector<std::optional<std::string>> cells;
        cells.reserve(fields);
        for (int c = 0; c < fields; ++c) {
          if (pq().PQgetisnull(res, r, c)) {
            cells.emplace_back(std::nullopt);
          } else {
            cells.emplace_back(
                std::string(pq().PQgetvalue(res, r, c), pq().PQgetlength(res, r, c)));
          }
        }
        rows->emplace_back(std::move(cells));
      }
    }
    const char* tuples = pq().PQcmdTuples(res);
    return static_cast<int64_t>(tuples && *tuples ? std::stoll(tuples) : 0);
  }

  PGconn* conn_;
};

class PgDatabase : public Database {
 public:
  explicit PgDatabase(std::string url, PGconn* first) : url_(std::move(url)) {
    idle_.push_back(first);
    open_ = 1;
  }

  ~PgDatabase() override {
    if (listener_.joinable()) {
      stop_ = true;
      [[maybe_unused]] ssize_t n = write(wake_pipe_[1], "x", 1);
      listener_.join();
      close(wake_pipe_[0]);
      close(wake_pipe_[1]);
    }
    for (PGconn* conn : idle_) pq().PQfinish(conn);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Transact(TxMode mode, const std::function<Status(Tx&)>& body) override {
    const char* begin = mode == TxMode::kWrite ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                               : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    for (int attempt = 0;; ++attempt) {
      auto conn = Acquire();
      if (!conn) return std::move(conn).error();
      PGconn* c = *conn;
      if (Status st = Command(c, begin); !st) {
        bool broken = pq().PQstatus(c) != CONNECTION_OK;
        Release(c, broken);
        // A pooled connection the server has dropped (restart, idle timeout): one fresh try.
        if (broken && attempt == 0) continue;
        return st;
      }
      PgTx tx(c);
      Status st = body(tx);
      if (st && pq().PQtransactionStatus(c) == PQTRANS_INERROR) {
        st = Error::Internal("postgres: the transaction failed on an earlier statement");
      }
      if (st) st = Command(c, "COMMIT");
      if (!st && pq().PQtransactionStatus(c) != PQTRANS_IDLE) (void)Command(c, "ROLLBACK");
      Release(c, pq().PQstatus(c) != CONNECTION_OK || pq().PQtransactionStatus(c) != PQTRANS_IDLE);
      return st;
    }
  }

  Status Listen(const std::string& channel, std::function<void()> on_notify) override {
    std::lock_guard lock(listen_mu_);
    if (listener_.joinable()) return Error::Internal("postgres: already listening");
    if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
      return Error::Internal("postgres: cannot create the listener's wake pipe");
    }
    listener_ =
        std::thread([this, channel, cb = std::move(on_notify)] { ListenLoop(channel, cb); });
    return base::OkStatus();
  }

 private:
  Result<PGconn*> Acquire() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kPoolWait, [&] { return !idle_.empty() || open_ < kMaxConnections; })) {
      return Error::Unavailable("postgres: every connection is busy");
    }
    if (!idle_.empty()) {
      PGconn* conn = idle_.back();
      idle_.pop_back();
      return conn;
    }
    ++open_;
    lock.unlock();
    auto conn = Connect(url_);
    if (!conn) {
      lock.lock();
      --open_;
      cv_.notify_one();
    }
    return conn;
  }

  // Returns a connection to the pool. A broken one is closed, and so are the idle ones: when
  // the server dropped one (restart, failover) it has usually dropped them all.
  void Release(PGconn* conn, bool discard) {
    std::vector<PGconn*> close;
    {
      std::lock_guard lock(mu_);
      if (discard) {
        close.swap(idle_);
        close.push_back(conn);
        open_ -= close.size();
      } else {
        idle_.push_back(conn);
      }
    }
    cv_.notify_all();
    for (PGconn* c : close) pq().PQfinish(c);
  }

  // Waits up to `ms` or until the destructor asks the listener to stop.
  void Sleep(int ms) {
    pollfd fd = {wake_pipe_[0], POLLIN, 0};
    poll(&fd, 1, ms);
  }

  void ListenLoop(const std::string& channel, const std::function<void()>& cb) {
    PGconn* conn = nullptr;
    int backoff_ms = 100;
    while (!stop_) {
      if (!conn) {
        if (auto c = Connect(url_)) {
          char* ident = pq().PQescapeIdentifier(*c, channel.data(), channel.size());
          std::string sql = std::string("LISTEN ") + (ident ? ident : "\"\"");
          pq().PQfreemem(ident);
          if (Command(*c, sql.c_str())) {
            conn = *c;
            backoff_ms = 100;
            cb();  // anything published while we were not listening
          } else {
            pq().PQfinish(*c);
          }
        }
        if (!conn) {
          Sleep(backoff_ms);
          backoff_ms = std::min(backoff_ms * 2, 5000);
          continue;
        }
      }
      pollfd fds[2] = {{pq().PQsocket(conn), POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
      if (poll(fds, 2, 1000) < 0 || stop_) continue;
      if (fds[0].revents == 0) continue;
      if (!pq().PQconsumeInput(conn) || pq().PQstatus(conn) != CONNECTION_OK) {
        pq().PQfinish(conn);
        conn = nullptr;
        continue;
      }
      bool any = false;
      while (PGnotify* note = pq().PQnotifies(conn)) {
        any = true;
        pq().PQfreemem(note);
      }
      if (any) cb();
    }
    if (conn) pq().PQfinish(conn);
  }

  const std::string url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PGconn*> idle_;
  size_t open_ = 0;

  std::mutex listen_mu_;
  std::thread listener_;
  std::atomic<bool> stop_{false};
  int wake_pipe_[2] = {-1, -1};
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url) {
  if (const std::string& why = LoadPq(); !why.empty()) {
    return Error::Unavailable("postgres: cannot load the PostgreSQL client library: " + why);
  }
  auto conn = Connect(url);
  if (!conn) return std::move(conn).error();
  return std::unique_ptr<Database>(new PgDatabase(url, *conn));
}

}  // namespace threatpath::store
