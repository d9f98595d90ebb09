#include "store/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "store/database.h"

// One suite, run against every backend: SQLite in memory and in a file, and PostgreSQL when
// TP_PG_URL (or a file named by TP_PG_URL_FILE, as CTest's pg_start fixture writes) gives a
// database. Each PostgreSQL test starts from an empty `public` schema.
namespace threatpath::store {
namespace {

using Code = base::Error::Code;
namespace fs = std::filesystem;

std::string PgUrl() {
  if (const char* url = std::getenv("TP_PG_URL"); url && *url) return url;
  if (const char* file = std::getenv("TP_PG_URL_FILE"); file && *file) {
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    return url;
  }
  return "";
}

// Drops every table (and sequence) of the test database.
void WipePostgres(const std::string& url) {
  auto db = OpenPostgres(url);
  ASSERT_TRUE(db) << db.error().message();
  auto st = (*db)->Transact(TxMode::kWrite, [](Tx& tx) {
    return tx.ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  });
  ASSERT_TRUE(st) << st.error().message();
}

const Actor kAlice{1, "alice"};

Revision Doc(std::string text, std::string comment = "") {
  Revision r;
  r.document = std::move(text);
  r.source_format = "native";
  r.comment = std::move(comment);
  return r;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      url_ = PgUrl();
      if (url_.empty()) {
        GTEST_SKIP() << "PostgreSQL tests skipped: set TP_PG_URL to a database URL (or run them "
                        "through CTest, whose pg_start fixture starts a throwaway cluster)";
      }
    }
    store_ = Fresh();
    ASSERT_TRUE(store_);
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A new, empty, migrated database of this test's backend (on PostgreSQL this wipes the one
  // the test was using).
  std::unique_ptr<Store> Fresh() {
    std::string url;
    if (GetParam() == "sqlite-memory") {
      url = "sqlite::memory:";
    } else if (GetParam() == "sqlite-file") {
      if (dir_.empty()) {
        dir_ = fs::temp_directory_path() /
               ("tp_store_test_" + std::to_string(getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
      }
      url = "sqlite:" + (dir_ / ("db" + std::to_string(++files_) + "/store.db")).string();
    } else {
      WipePostgres(url_);
      url = url_;
    }
    auto s = Open(url);
    EXPECT_TRUE(s) << s.error().message();
    if (!s) return nullptr;
    auto version = (*s)->Migrate();
    EXPECT_TRUE(version) << version.error().message();
    if (!version) return nullptr;
    EXPECT_EQ(*version, 5);
    return std::move(*s);
  }

  User MakeUser(const std::string& name, bool admin = false) {
    auto u = store_->CreateUser({name, "Name " + name, "hash-" + name, admin}, Actor{});
    EXPECT_TRUE(u) << u.error().message();
    return u ? *u : User{};
  }

  Project MakeProject(const std::string& name) {
    Project p;
    p.name = name;
    p.description = "about " + name;
    auto r = store_->CreateProject(p, kAlice);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : Project{};
  }

  std::vector<AuditEntry> Audit(Id project_id = 0) {
    auto r = store_->ListAudit({project_id, 0, 1000});
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : std::vector<AuditEntry>{};
  }

  std::string url_;
  fs::path dir_;
  int files_ = 0;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigrateIsIdempotent) {
  EXPECT_EQ(store_->backend(), GetParam() == "postgres" ? "postgres" : "sqlite");
  auto again = store_->Migrate();
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*again, 5);
  EXPECT_EQ(*store_->SchemaVersion(), 5);
  EXPECT_TRUE(store_->Ping());
  auto integrity = store_->CheckIntegrity();
  EXPECT_TRUE(integrity) << integrity.error().message();
}

TEST_P(StoreTest, UnmigratedDatabaseHasSchemaVersionZero) {
  if (GetParam() != "sqlite-memory") GTEST_SKIP() << "one backend is enough";
  auto s = Open("sqlite::memory:");
  ASSERT_TRUE(s);
  EXPECT_EQ(*(*s)->SchemaVersion(), 0);
  auto integrity = (*s)->CheckIntegrity();
  ASSERT_FALSE(integrity);
  EXPECT_EQ(integrity.error().message(), "the schema is at version 0, expected 5");
}

TEST_P(StoreTest, UsersHaveUniqueNames) {
  User alice = MakeUser("alice", true);
  EXPECT_GT(alice.id, 0);
  EXPECT_TRUE(alice.is_admin);
  EXPECT_FALSE(alice.disabled);
  EXPECT_EQ(alice.created_at.size(), 20u) << alice.created_at;
  EXPECT_EQ(alice.created_at.back(), 'Z');

  auto dup = store_->CreateUser({"alice", "", "x", false}, Actor{});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kConflict);
  EXPECT_EQ(dup.error().message(), "user alice already exists");
  EXPECT_EQ(dup.error().field(), "username");

  auto empty = store_->CreateUser({"", "", "x", false}, Actor{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), Code::kInvalidInput);

  MakeUser("bob");
  EXPECT_EQ(store_->FindUser("alice")->id, alice.id);
  EXPECT_EQ(store_->GetUser(alice.id)->display_name, "Name alice");
  auto missing = store_->FindUser("carol");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), Code::kNotFound);
  EXPECT_EQ(missing.error().message(), "user carol not found");
  EXPECT_EQ(*store_->CountUsers(), 2);
  auto users = store_->ListUsers();
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[1].username, "bob");

  EXPECT_EQ(*store_->PasswordHash(alice.id), "hash-alice");
  ASSERT_TRUE(store_->SetPasswordHash(alice.id, "new-hash", kAlice));
  EXPECT_EQ(*store_->PasswordHash(alice.id), "new-hash");
  EXPECT_EQ(store_->SetPasswordHash(999, "h", kAlice).error().code(), Code::kNotFound);
}

TEST_P(StoreTest, SessionsExpire) {
  User alice = MakeUser("alice");
  ASSERT_TRUE(store_->CreateSession({"h1", alice.id, "csrf1", 1000}));
  ASSERT_TRUE(store_->CreateSession({"h2", alice.id, "csrf2", 2000}));
  EXPECT_EQ(store_->CreateSession({"h1", alice.id, "c", 5}).error().code(), Code::kConflict);
  EXPECT_EQ(store_->CreateSession({"h9", 999, "c", 5}).error().message(), "user 999 not found");

  auto s = store_->GetSession("h1", 999);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->user_id, alice.id);
  EXPECT_EQ(s->csrf_token, "csrf1");
  EXPECT_EQ(s->expires_at, 1000);
  auto expired = store_->GetSession("h1", 1000);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code(), Code::kNotFound);

  ASSERT_TRUE(store_->DeleteExpiredSessions(1500));
  EXPECT_FALSE(store_->GetSession("h1", 0));
  EXPECT_TRUE(store_->GetSession("h2", 1500));
  ASSERT_TRUE(store_->DeleteSession("h2"));
  EXPECT_FALSE(store_->GetSession("h2", 0));
}

TEST_P(StoreTest, TokensAreFoundByHashAndRevoked) {
  User alice = MakeUser("alice");
  ApiToken t;
  t.user_id = alice.id;
  t.name = "ci";
  t.token_hash = "sha256-of-secret";
  auto created = store_->CreateToken(t, kAlice);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_TRUE(created->last_used_at.empty());
  EXPECT_FALSE(created->revoked);

  auto used = store_->UseToken("sha256-of-secret");
  ASSERT_TRUE(used) << used.error().message();
  EXPECT_EQ(used->id, created->id);
  EXPECT_EQ(used->name, "ci");
  EXPECT_FALSE(used->last_used_at.empty());
  EXPECT_EQ(store_->UseToken("other").error().code(), Code::kNotFound);

  ASSERT_TRUE(store_->RevokeToken(created->id, kAlice));
  EXPECT_EQ(store_->UseToken("sha256-of-secret").error().code(), Code::kNotFound);
  EXPECT_TRUE(store_->GetToken(created->id)->revoked);
  EXPECT_EQ(store_->RevokeToken(999, kAlice).error().message(), "token 999 not found");
  ASSERT_EQ(store_->ListTokens(alice.id)->size(), 1u);

  auto audit = Audit();
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[audit.size() - 2].action, "token.create");
  EXPECT_EQ(audit.back().action, "token.revoke");
  EXPECT_EQ(audit.back().object_id, std::to_string(created->id));
  EXPECT_EQ(audit.back().detail.find("sha256"), std::string::npos) << "no hashes in the log";
}

TEST_P(StoreTest, ProjectWritesCheckTheVersion) {
  Project p = MakeProject("shop");
  EXPECT_EQ(p.version, 1);
  EXPECT_EQ(p.team_id, 0);
  EXPECT_EQ(store_->CreateProject(p, kAlice).error().message(), "project shop already exists");

  auto team = store_->CreateTeam("payments", kAlice);
  ASSERT_TRUE(team) << team.error().message();
  Project edit = p;
  edit.description = "the web shop";
  edit.team_id = team->id;
  auto v2 = store_->UpdateProject(edit, kAlice);
  ASSERT_TRUE(v2) << v2.error().message();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->team_id, team->id);
  EXPECT_EQ(store_->GetProject(p.id)->description, "the web shop");

  edit.description = "stale";
  auto stale = store_->UpdateProject(edit, kAlice);  // still based on version 1
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_EQ(stale.error().current_version(), 2);
  EXPECT_EQ(stale.error().message(), "project " + std::to_string(p.id) + " is at version 2, not 1");
  EXPECT_EQ(store_->GetProject(p.id)->description, "the web shop");

  edit.version = 2;
  edit.team_id = 4242;
  auto no_team = store_->UpdateProject(edit, kAlice);
  ASSERT_FALSE(no_team);
  EXPECT_EQ(no_team.error().message(), "team 4242 not found");
  EXPECT_EQ(no_team.error().field(), "team_id");

  auto del_stale = store_->DeleteProject(p.id, 1, kAlice);
  ASSERT_FALSE(del_stale);
  EXPECT_EQ(del_stale.error().current_version(), 2);
  ASSERT_TRUE(store_->DeleteProject(p.id, 2, kAlice));
  EXPECT_EQ(store_->GetProject(p.id).error().code(), Code::kNotFound);
  auto gone = store_->DeleteProject(p.id, 2, kAlice);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), Code::kNotFound);
  EXPECT_EQ(gone.error().message(), "project " + std::to_string(p.id) + " not found");
}

TEST_P(StoreTest, MembershipsGiveRoles) {
  EXPECT_EQ(ParseRole("security"), Role::kSecurity);
  EXPECT_EQ(ParseRole("owner"), std::nullopt);
  EXPECT_STREQ(RoleName(Role::kContributor), "contributor");

  User alice = MakeUser("alice");
  User bob = MakeUser("bob");
  Project shop = MakeProject("shop");
  Project other = MakeProject("other");
  ASSERT_TRUE(store_->SetMembership(shop.id, bob.id, Role::kViewer, kAlice));
  ASSERT_TRUE(store_->SetMembership(shop.id, alice.id, Role::kAdmin, kAlice));
  ASSERT_TRUE(store_->SetMembership(shop.id, bob.id, Role::kContributor, kAlice));
  EXPECT_EQ(store_->SetMembership(shop.id, 999, Role::kViewer, kAlice).error().message(),
            "user 999 not found");

  EXPECT_EQ(**store_->RoleOf(shop.id, bob.id), Role::kContributor);
  EXPECT_EQ(*store_->RoleOf(other.id, bob.id), std::nullopt);
  auto members = store_->ListMemberships(shop.id);
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].username, "alice");
  EXPECT_EQ((*members)[0].role, Role::kAdmin);
  EXPECT_EQ((*members)[1].username, "bob");

  auto mine = store_->ListProjects(bob.id);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].name, "shop");
  EXPECT_EQ(store_->ListProjects(0)->size(), 2u);

  auto audit = Audit(shop.id);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "membership.set");
  EXPECT_EQ(audit.back().detail, R"({"previous_role":"viewer","role":"contributor","user_id":)" +
                                     std::to_string(bob.id) + "}");

  ASSERT_TRUE(store_->RemoveMembership(shop.id, bob.id, kAlice));
  EXPECT_EQ(*store_->RoleOf(shop.id, bob.id), std::nullopt);
  EXPECT_EQ(store_->RemoveMembership(shop.id, bob.id, kAlice).error().code(), Code::kNotFound);
}

TEST_P(StoreTest, ModelsGrowByRevisions) {
  Project shop = MakeProject("shop");
  auto model = store_->CreateModel(shop.id, "web", Doc("v1", "first"), kAlice);
  ASSERT_TRUE(model) << model.error().message();
  EXPECT_EQ(model->version, 1);
  EXPECT_EQ(model->decisions_version, 0);
  EXPECT_EQ(store_->CreateModel(shop.id, "web", Doc("x"), kAlice).error().code(), Code::kConflict);
  EXPECT_EQ(store_->CreateModel(999, "web", Doc("x"), kAlice).error().message(),
            "project 999 not found");

  auto v2 = store_->AddRevision(model->id, 1, Doc("v2", "second"), kAlice);
  ASSERT_TRUE(v2) << v2.error().message();
  EXPECT_EQ(v2->version, 2);
  auto stale = store_->AddRevision(model->id, 1, Doc("lost"), kAlice);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_EQ(stale.error().current_version(), 2);
  EXPECT_EQ(stale.error().message(),
            "model " + std::to_string(model->id) + " is at version 2, not 1");
  EXPECT_EQ(store_->AddRevision(999, 1, Doc("x"), kAlice).error().code(), Code::kNotFound);

  auto rev = store_->GetRevision(model->id, 2);
  ASSERT_TRUE(rev);
  EXPECT_EQ(rev->document, "v2");
  EXPECT_EQ(rev->comment, "second");
  EXPECT_EQ(rev->created_by, kAlice.user_id);
  EXPECT_EQ(store_->GetRevision(model->id, 3).error().message(),
            "model " + std::to_string(model->id) + " revision 3 not found");
  auto revs = store_->ListRevisions(model->id);
  ASSERT_EQ(revs->size(), 2u);
  EXPECT_EQ((*revs)[0].number, 2);
  EXPECT_EQ((*revs)[0].document, "");
  EXPECT_EQ((*revs)[1].comment, "first");
  EXPECT_EQ(store_->ListModels(shop.id)->size(), 1u);

  EXPECT_EQ(store_->DeleteModel(model->id, 1, kAlice).error().current_version(), 2);
  // Deleting the project takes its models and revisions; the audit log stays.
  ASSERT_TRUE(store_->DeleteProject(shop.id, 1, kAlice));
  EXPECT_EQ(store_->GetModel(model->id).error().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetRevision(model->id, 1).error().code(), Code::kNotFound);
  std::vector<std::string> actions;
  for (const auto& e : Audit(shop.id)) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"project.create", "model.create", "model.revision",
                                               "project.delete"}));
}

TEST_P(StoreTest, DecisionsAreVersioned) {
  Project shop = MakeProject("shop");
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  Decision d;
  d.model_id = model.id;
  d.synthetic_id = "sql-injection@db";
  d.status = "accepted";
  d.justification = "internal only";
  d.date = "2026-11-27";
  auto created = store_->PutDecision(d, 0, kAlice);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->updated_by, kAlice.user_id);
  EXPECT_EQ(store_->GetModel(model.id)->decisions_version, 1);

  auto again = store_->PutDecision(d, 0, kAlice);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kConflict);
  EXPECT_EQ(again.error().current_version(), 1);
  EXPECT_EQ(again.error().message(), "decision " + std::to_string(model.id) +
                                         "/sql-injection@db already exists at version 1");

  d.status = "mitigated";
  auto v2 = store_->PutDecision(d, 1, kAlice);
  ASSERT_TRUE(v2) << v2.error().message();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->status, "mitigated");
  auto stale = store_->PutDecision(d, 1, kAlice);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().current_version(), 2);
  EXPECT_EQ(stale.error().message(),
            "decision " + std::to_string(model.id) + "/sql-injection@db is at version 2, not 1");
  // Failed writes leave decisions_version alone.
  EXPECT_EQ(store_->GetModel(model.id)->decisions_version, 2);

  Decision missing = d;
  missing.synthetic_id = "nope";
  EXPECT_EQ(store_->PutDecision(missing, 3, kAlice).error().code(), Code::kNotFound);
  missing.model_id = 999;
  EXPECT_EQ(store_->PutDecision(missing, 0, kAlice).error().message(), "model 999 not found");

  EXPECT_EQ(store_->GetDecision(model.id, "sql-injection@db")->justification, "internal only");
  EXPECT_EQ(store_->ListDecisions(model.id)->size(), 1u);

  auto audit = Audit(shop.id);
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[2].action, "decision.create");
  EXPECT_EQ(audit[2].object_id, std::to_string(model.id) + "/sql-injection@db");
  EXPECT_EQ(audit[2].version_before, 0);
  EXPECT_EQ(audit[2].version_after, 1);
  EXPECT_EQ(audit[3].action, "decision.update");
  EXPECT_EQ(audit[3].version_before, 1);
  EXPECT_EQ(audit[3].version_after, 2);
  EXPECT_EQ(audit[3].actor, "alice");
  EXPECT_EQ(audit[3].detail, R"({"status":"mitigated"})");
}

TEST_P(StoreTest, AuditRecordsEveryChange) {
  User bob = MakeUser("bob");
  Project shop = MakeProject("shop");
  Project edit = shop;
  edit.name = "webshop";
  ASSERT_TRUE(store_->UpdateProject(edit, kAlice));
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  ASSERT_TRUE(store_->AddRevision(model.id, 1, Doc("v2"), kAlice));
  ASSERT_TRUE(store_->SetMembership(shop.id, bob.id, Role::kSecurity, kAlice));
  ASSERT_TRUE(store_->DeleteModel(model.id, 2, kAlice));
  AuditEntry login;
  login.actor_id = bob.id;
  login.actor = "bob";
  login.action = "user.login";
  login.object_type = "user";
  login.object_id = std::to_string(bob.id);
  ASSERT_TRUE(store_->Audit(login));

  auto all = Audit();
  std::vector<std::string> rows;
  for (const auto& e : all) {
    rows.push_back(e.action + " " + e.object_type + " " + std::to_string(e.version_before) + "->" +
                   std::to_string(e.version_after) + " by " + e.actor);
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{
                "user.create user 0->0 by system", "project.create project 0->1 by alice",
                "project.update project 1->2 by alice", "model.create model 0->1 by alice",
                "model.revision model 1->2 by alice", "membership.set membership 0->0 by alice",
                "model.delete model 2->0 by alice", "user.login user 0->0 by bob"}));
  EXPECT_EQ(all.back().detail, "{}");
  EXPECT_EQ(Audit(shop.id).size(), 6u);
  auto page = store_->ListAudit({0, all[2].id, 2});
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, all[3].id);
}

TEST_P(StoreTest, EventsArriveInOrderAndWakeListeners) {
  // On PostgreSQL the listener is a second store, as a second server process would be.
  std::unique_ptr<Store> second;
  Store* listener = store_.get();
  if (GetParam() == "postgres") {
    auto s = Open(url_);
    ASSERT_TRUE(s) << s.error().message();
    second = std::move(*s);
    listener = second.get();
  }
  std::mutex mu;
  std::condition_variable cv;
  int wakes = 0;
  listener->OnEvents([&] {
    std::lock_guard lock(mu);
    ++wakes;
    cv.notify_all();
  });
  // The PostgreSQL listener calls once when it has connected; wait for that first.
  if (second) {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return wakes > 0; }));
  }
  int before = 0;
  {
    std::lock_guard lock(mu);
    before = wakes;
  }
  auto e1 = store_->PublishEvent(1, "model.revision", R"({"model":1})");
  ASSERT_TRUE(e1) << e1.error().message();
  ASSERT_TRUE(store_->PublishEvent(2, "decision.update", ""));
  ASSERT_TRUE(store_->PublishEvent(1, "model.delete", "{}"));
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return wakes > before; }))
        << "no wake-up after publishing";
  }
  auto all = listener->EventsAfter(0, 10);
  ASSERT_TRUE(all) << all.error().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, e1->id);
  EXPECT_EQ((*all)[0].payload, R"({"model":1})");
  EXPECT_EQ((*all)[1].payload, "{}");
  EXPECT_EQ((*all)[2].type, "model.delete");
  EXPECT_LT((*all)[1].id, (*all)[2].id);
  EXPECT_EQ(*listener->LastEventId(), (*all)[2].id);
  auto rest = listener->EventsAfter(e1->id, 1);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].type, "decision.update");
}

TEST_P(StoreTest, AcknowledgedWritesSurviveKill9) {
  if (GetParam() != "sqlite-file") GTEST_SKIP() << "about the SQLite file's durability";
  std::string path = (dir_ / "kill9" / "store.db").string();
  int ack[2];
  ASSERT_EQ(pipe(ack), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto s = Open("sqlite:" + path);
    if (!s || !(*s)->Migrate()) _exit(1);
    for (int i = 0; i < 20; ++i) {
      if (!(*s)->CreateUser({"user" + std::to_string(i), "", "h", false}, Actor{})) _exit(1);
    }
    if (write(ack[1], "k", 1) != 1) _exit(1);
    pause();  // killed here, without closing anything
    _exit(0);
  }
  close(ack[1]);
  char c = 0;
  ASSERT_EQ(read(ack[0], &c, 1), 1);
  close(ack[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto s = Open("sqlite:" + path);
  ASSERT_TRUE(s);
  EXPECT_EQ(*(*s)->CountUsers(), 20);
  EXPECT_TRUE((*s)->CheckIntegrity());
}

TEST_P(StoreTest, PostgresSurvivesDroppedConnections) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL only";
  auto s = Open(url_);
  ASSERT_TRUE(s) << s.error().message();
  std::unique_ptr<Store> listener = std::move(*s);
  std::mutex mu;
  std::condition_variable cv;
  int wakes = 0;
  listener->OnEvents([&] {
    std::lock_guard lock(mu);
    ++wakes;
    cv.notify_all();
  });
  auto wait_beyond = [&](int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return wakes > n; });
  };
  ASSERT_TRUE(wait_beyond(0));
  ASSERT_TRUE(store_->Ping());

  // Drop every connection both stores hold, as a server restart would.
  auto admin = OpenPostgres(url_);
  ASSERT_TRUE(admin);
  auto killed = (*admin)->Transact(TxMode::kWrite, [](Tx& tx) -> base::Status {
    auto rows = tx.Query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
        "'threatpath' AND pid <> pg_backend_pid()");
    if (!rows) return std::move(rows).error();
    if (rows->size() < 2) return base::Error::Internal("expected at least two connections");
    return base::OkStatus();
  });
  ASSERT_TRUE(killed) << killed.error().message();

  int before = 0;
  {
    std::lock_guard lock(mu);
    before = wakes;
  }
  auto e1 = store_->PublishEvent(1, "model.revision", "{}");
  ASSERT_TRUE(e1) << e1.error().message();
  ASSERT_TRUE(wait_beyond(before)) << "the listener did not come back";
  {
    std::lock_guard lock(mu);
    before = wakes;
  }
  ASSERT_TRUE(store_->PublishEvent(1, "model.revision", "{}"));
  EXPECT_TRUE(wait_beyond(before)) << "no notification after reconnecting";
  EXPECT_EQ(*listener->LastEventId(), e1->id + 1);
}

TEST_P(StoreTest, ConcurrentWritersLoseNothing) {
  constexpr int kThreads = 16;
  constexpr int kAttempts = 8;
  Project shop = MakeProject("shop");
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  Decision d;
  d.model_id = model.id;
  d.synthetic_id = "risk";
  d.status = "unchecked";
  ASSERT_TRUE(store_->PutDecision(d, 0, kAlice));

  std::mutex mu;
  std::set<std::string> revision_wins;
  std::set<std::string> decision_wins;
  std::atomic<int> conflicts{0};
  std::atomic<int> other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAttempts; ++i) {
        std::string tag = std::to_string(t) + "-" + std::to_string(i);
        auto m = store_->GetModel(model.id);
        if (!m) {
          ++other_errors;
          continue;
        }
        auto rev = store_->AddRevision(model.id, m->version, Doc("doc " + tag, tag), kAlice);
        if (rev) {
          std::lock_guard lock(mu);
          revision_wins.insert(tag);
        } else if (rev.error().code() == Code::kConflict && rev.error().current_version() > 0) {
          ++conflicts;
        } else {
          ++other_errors;
        }
        auto cur = store_->GetDecision(model.id, "risk");
        if (!cur) {
          ++other_errors;
          continue;
        }
        Decision next = *cur;
        next.justification = tag;
        auto put = store_->PutDecision(next, cur->version, kAlice);
        if (put) {
          std::lock_guard lock(mu);
          decision_wins.insert(tag);
        } else if (put.error().code() == Code::kConflict && put.error().current_version() > 0) {
          ++conflicts;
        } else {
          ++other_errors;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other_errors, 0);
  EXPECT_EQ(static_cast<int>(revision_wins.size() + decision_wins.size()) + conflicts,
            2 * kThreads * kAttempts);
  ASSERT_FALSE(revision_wins.empty());
  ASSERT_FALSE(decision_wins.empty());

  auto final_model = store_->GetModel(model.id);
  ASSERT_TRUE(final_model);
  EXPECT_EQ(final_model->version, 1 + static_cast<int64_t>(revision_wins.size()));
  EXPECT_EQ(final_model->decisions_version, 1 + static_cast<int64_t>(decision_wins.size()));
  auto revs = store_->ListRevisions(model.id);
  ASSERT_EQ(revs->size(), static_cast<size_t>(final_model->version));
  std::set<std::string> stored;
  for (const auto& r : *revs) {
    if (r.number > 1) stored.insert(r.comment);
  }
  EXPECT_EQ(stored, revision_wins);
  auto decision = store_->GetDecision(model.id, "risk");
  EXPECT_EQ(decision->version, 1 + static_cast<int64_t>(decision_wins.size()));
  EXPECT_TRUE(decision_wins.count(decision->justification));
  // One audit entry per successful write, numbered without gaps.
  int64_t updates = 0;
  int64_t last_after = 1;
  for (const auto& e : Audit(shop.id)) {
    if (e.action != "decision.update") continue;
    ++updates;
    EXPECT_EQ(e.version_before, last_after);
    last_after = e.version_after;
  }
  EXPECT_EQ(updates, static_cast<int64_t>(decision_wins.size()));
}

TEST_P(StoreTest, IntakesAreVersioned) {
  User bob = MakeUser("bob");
  Project shop = MakeProject("shop");
  Project other = MakeProject("other");
  ASSERT_TRUE(store_->SetMembership(shop.id, bob.id, Role::kViewer, kAlice));
  Intake in;
  in.project_id = shop.id;
  in.title = "Partner portal";
  in.questionnaire = "design-review";
  in.answers = R"({"internet_facing":"yes"})";
  in.tier = "security-led";
  in.priority = 82;
  in.reasons = R"([{"source":"internet_facing","answer":"yes","points":20}])";
  in.findings = "[]";
  in.due_at = "2026-12-01T00:00:00Z";
  in.status = "done";  // ignored: a new intake is "new"
  in.version = 7;      // ignored too
  auto created = store_->CreateIntake(in, kAlice);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->status, "new");
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->priority, 82);
  EXPECT_EQ(created->answers, in.answers);
  EXPECT_EQ(created->reasons, in.reasons);
  EXPECT_EQ(created->due_at, "2026-12-01T00:00:00Z");
  EXPECT_EQ(created->created_by, kAlice.user_id);
  EXPECT_EQ(created->created_at, created->updated_at);

  Intake low = in;
  low.project_id = other.id;
  low.title = "Build report";
  low.tier = "none";
  low.priority = 0;
  low.effort_hours = 3;
  ASSERT_TRUE(store_->CreateIntake(low, kAlice));
  Intake orphan = in;
  orphan.project_id = 999;
  EXPECT_EQ(store_->CreateIntake(orphan, kAlice).error().message(), "project 999 not found");
  Intake untitled = in;
  untitled.title = "";
  auto refused = store_->CreateIntake(untitled, kAlice);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kInvalidInput);
  EXPECT_EQ(refused.error().field(), "title");

  auto v2 = store_->UpdateIntake(created->id, 1, {"triaged", "", ""}, kAlice);
  ASSERT_TRUE(v2) << v2.error().message();
  EXPECT_EQ(v2->status, "triaged");
  EXPECT_EQ(v2->version, 2);
  auto stale = store_->UpdateIntake(created->id, 1, {"scheduled", "", "2026-12-07"}, kAlice);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_EQ(stale.error().current_version(), 2);
  EXPECT_EQ(stale.error().message(),
            "intake " + std::to_string(created->id) + " is at version 2, not 1");
  EXPECT_EQ(store_->GetIntake(created->id)->status, "triaged");
  EXPECT_EQ(store_->UpdateIntake(999, 1, {"triaged", "", ""}, kAlice).error().code(),
            Code::kNotFound);
  auto v3 = store_->UpdateIntake(created->id, 2, {"declined", "duplicate of #4", ""}, kAlice);
  ASSERT_TRUE(v3) << v3.error().message();
  EXPECT_EQ(v3->status_reason, "duplicate of #4");

  ASSERT_EQ(store_->ListIntakes(shop.id)->size(), 1u);
  // The queue: declined and done intakes leave it; members see their projects' only.
  auto open_all = store_->ListOpenIntakes(0);
  ASSERT_TRUE(open_all) << open_all.error().message();
  ASSERT_EQ(open_all->size(), 1u);
  EXPECT_EQ((*open_all)[0].title, "Build report");
  EXPECT_EQ((*open_all)[0].effort_hours, 3);
  EXPECT_TRUE(store_->ListOpenIntakes(bob.id)->empty());
  ASSERT_TRUE(store_->SetMembership(other.id, bob.id, Role::kViewer, kAlice));
  EXPECT_EQ(store_->ListOpenIntakes(bob.id)->size(), 1u);

  std::vector<std::string> rows;
  for (const auto& e : Audit(shop.id)) {
    if (e.object_type != "intake") continue;
    rows.push_back(e.action + " " + std::to_string(e.version_before) + "->" +
                   std::to_string(e.version_after) + " " + e.detail);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "intake.create 0->1 {\"due_at\":\"2026-12-01T00:00:00Z\",\"priority\":82,"
                      "\"tier\":\"security-led\",\"title\":\"Partner portal\"}",
                      "intake.update 1->2 {\"from\":\"new\",\"to\":\"triaged\"}",
                      "intake.update 2->3 {\"from\":\"triaged\",\"reason\":\"duplicate of "
                      "#4\",\"to\":\"declined\"}"}));
  // Deleting the project deletes its intakes.
  ASSERT_TRUE(store_->DeleteProject(shop.id, 1, kAlice));
  EXPECT_EQ(store_->GetIntake(created->id).error().code(), Code::kNotFound);
}

TEST_P(StoreTest, FindingsKeepScoresAndModels) {
  Project shop = MakeProject("shop");
  Project other = MakeProject("other");
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  Finding f;
  f.project_id = shop.id;
  f.title = "SQL injection in search";
  f.phase = "pen-test";
  f.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  f.cvss_version = "3.1";
  f.score_tenths = 98;
  f.severity = "critical";
  f.cost = 12000;
  f.found_on = "2026-11-20";
  f.model_id = model.id;
  auto created = store_->CreateFinding(f, kAlice);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->score_tenths, 98);
  EXPECT_EQ(created->cost, 12000);
  EXPECT_EQ(created->model_id, model.id);

  Finding plain;
  plain.project_id = shop.id;
  plain.title = "Verbose errors";
  plain.phase = "bug-bounty";
  plain.severity = "low";
  plain.found_on = "2026-11-21";
  auto second = store_->CreateFinding(plain, kAlice);
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->score_tenths, -1);
  EXPECT_FALSE(second->cost.has_value());
  EXPECT_EQ(second->model_id, 0);

  // A model of another project is refused.
  Finding wrong = plain;
  wrong.project_id = other.id;
  wrong.model_id = model.id;
  auto refused = store_->CreateFinding(wrong, kAlice);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kNotFound);
  EXPECT_EQ(refused.error().field(), "model_id");
  EXPECT_EQ(refused.error().message(), "model " + std::to_string(model.id) +
                                           " not found in project " + std::to_string(other.id));

  auto list = store_->ListFindings(shop.id);
  ASSERT_TRUE(list) << list.error().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].title, "Verbose errors");  // newest first
  EXPECT_EQ((*list)[1].cvss_vector, f.cvss_vector);
  EXPECT_TRUE(store_->ListFindings(other.id)->empty());

  // Deleting the model keeps the finding, without the model.
  ASSERT_TRUE(store_->DeleteModel(model.id, 1, kAlice));
  EXPECT_EQ(store_->ListFindings(shop.id)->at(1).model_id, 0);

  auto audit = Audit(shop.id);
  std::vector<std::string> actions;
  for (const auto& e : audit) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"project.create", "model.create", "finding.create",
                                               "finding.create", "model.delete"}));
  EXPECT_EQ(audit[2].detail,
            R"({"cvss_vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","phase":"pen-test",)"
            R"("severity":"critical","title":"SQL injection in search"})");
}

TEST_P(StoreTest, SessionsMoveThroughPhasesAndCloseOnTheQuorum) {
  std::vector<User> people;
  for (const char* name : {"p1", "p2", "p3", "p4", "p5"}) people.push_back(MakeUser(name));
  User outsider = MakeUser("outsider");
  Project shop = MakeProject("shop");
  for (const User& u : people) {
    ASSERT_TRUE(store_->SetMembership(shop.id, u.id, Role::kContributor, kAlice));
  }
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  ThreatSession in;
  in.model_id = model.id;
  in.revision = 1;
  in.title = "Checkout review";
  in.facilitator_id = people[0].id;
  for (const User& u : people) in.participants.push_back(u.id);
  in.phase = "closed";  // ignored: a new session is in discover
  auto created = store_->CreateThreatSession(in, kAlice);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(created->project_id, shop.id);
  EXPECT_EQ(created->phase, "discover");
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->quorum_permille, 500);
  EXPECT_EQ(created->participants.size(), 5u);
  EXPECT_EQ(created->closed_at, "");

  ThreatSession bad = in;
  bad.participants.push_back(outsider.id);
  auto refused = store_->CreateThreatSession(bad, kAlice);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field(), "participants");
  EXPECT_EQ(refused.error().message(), "user " + std::to_string(outsider.id) +
                                           " is not a member of project " +
                                           std::to_string(shop.id));
  bad = in;
  bad.facilitator_id = outsider.id;
  EXPECT_EQ(store_->CreateThreatSession(bad, kAlice).error().field(), "facilitator");
  bad = in;
  bad.revision = 2;
  EXPECT_EQ(store_->CreateThreatSession(bad, kAlice).error().code(), Code::kNotFound);

  // Threats, ratings (one per participant, replaced), responses and comments.
  Threat t;
  t.session_id = created->id;
  t.title = "Forged webhook";
  t.stride = "spoofing";
  t.affected_assets = R"(["api"])";
  Actor p1{people[0].id, "p1"};
  auto threat = store_->CreateThreat(t, p1);
  ASSERT_TRUE(threat) << threat.error().message();
  EXPECT_EQ(threat->version, 1);
  EXPECT_EQ(threat->created_by, people[0].id);
  EXPECT_EQ(threat->affected_assets, R"(["api"])");
  for (size_t i = 0; i < people.size(); ++i) {
    Actor a{people[i].id, people[i].username};
    auto rated = store_->PutThreatRating(
        threat->id, {people[i].id, static_cast<int64_t>(i + 1), 5 - static_cast<int64_t>(i)}, a);
    ASSERT_TRUE(rated) << rated.error().message();
    EXPECT_EQ(rated->ratings.size(), i + 1);
  }
  auto again = store_->PutThreatRating(threat->id, {people[0].id, 4, 4}, p1);
  ASSERT_TRUE(again) << again.error().message();
  ASSERT_EQ(again->ratings.size(), 5u);
  EXPECT_EQ(again->ratings[0].likelihood, 4);
  auto out_of_range = store_->PutThreatRating(threat->id, {people[0].id, 6, 1}, p1);
  ASSERT_FALSE(out_of_range);
  EXPECT_EQ(out_of_range.error().field(), "likelihood");
  EXPECT_EQ(out_of_range.error().message(), "'likelihood' must be from 1 to 5, not 6");

  auto decided = store_->UpdateThreatResponse(threat->id, 1, {"accept", "low value", "ops"}, p1);
  ASSERT_TRUE(decided) << decided.error().message();
  EXPECT_EQ(decided->version, 2);
  EXPECT_EQ(decided->owner, "ops");
  auto stale = store_->UpdateThreatResponse(threat->id, 1, {"mitigate", "", ""}, p1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_EQ(stale.error().current_version(), 2);
  auto comment = store_->AddThreatComment(threat->id, "see ticket 7", p1);
  ASSERT_TRUE(comment) << comment.error().message();
  EXPECT_EQ((*store_->ListThreatComments(threat->id))[0].text, "see ticket 7");
  EXPECT_EQ(store_->AddThreatComment(999, "x", p1).error().code(), Code::kNotFound);
  ASSERT_EQ(store_->ListThreats(created->id)->size(), 1u);
  EXPECT_EQ((*store_->ListThreats(created->id))[0].ratings.size(), 5u);

  // Votes only in reflect; phases change by version.
  auto early = store_->PutReflectionVote(created->id, {people[0].id, true, ""}, p1);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().field(), "phase");
  int64_t v = 1;
  for (const char* phase : {"prioritize", "mitigate", "reflect"}) {
    auto moved = store_->SetSessionPhase(created->id, v, phase, p1);
    ASSERT_TRUE(moved) << moved.error().message();
    EXPECT_EQ(moved->phase, phase);
    v = moved->version;
  }
  auto stale_phase = store_->SetSessionPhase(created->id, 1, "closed", p1);
  ASSERT_FALSE(stale_phase);
  EXPECT_EQ(stale_phase.error().current_version(), 4);
  // 2 yes of 5 do not close it, nor does a no; the third yes does (more than half).
  for (auto [who, yes] : std::vector<std::pair<size_t, bool>>{{0, true}, {1, true}, {2, false}}) {
    Actor a{people[who].id, people[who].username};
    auto voted = store_->PutReflectionVote(created->id, {people[who].id, yes, "c"}, a);
    ASSERT_TRUE(voted) << voted.error().message();
    EXPECT_EQ(voted->phase, "reflect");
  }
  auto no_vote = store_->PutReflectionVote(created->id, {outsider.id, true, ""}, p1);
  ASSERT_FALSE(no_vote);
  EXPECT_EQ(no_vote.error().code(), Code::kPermissionDenied);
  Actor p4{people[3].id, "p4"};
  auto closed = store_->PutReflectionVote(created->id, {people[3].id, true, ""}, p4);
  ASSERT_TRUE(closed) << closed.error().message();
  EXPECT_EQ(closed->phase, "closed");
  EXPECT_NE(closed->closed_at, "");
  EXPECT_EQ(closed->version, 5);
  EXPECT_EQ(store_->ListReflectionVotes(created->id)->size(), 4u);
  EXPECT_EQ(store_->GetThreatSession(created->id)->phase, "closed");
  EXPECT_EQ(store_->ListThreatSessions(model.id)->size(), 1u);

  std::vector<std::string> actions;
  for (const auto& e : Audit(shop.id)) {
    if (e.object_type == "session" || e.object_type == "threat") actions.push_back(e.action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "session.create", "threat.create", "threat.rating", "threat.rating",
                         "threat.rating", "threat.rating", "threat.rating", "threat.rating",
                         "threat.update", "comment.create", "session.phase", "session.phase",
                         "session.phase", "reflection.vote", "reflection.vote", "reflection.vote",
                         "reflection.vote", "session.close"}));
  // Half is not more than half: 1 yes of 2 leaves the session open.
  ThreatSession pair = in;
  pair.participants = {people[0].id, people[1].id};
  auto two = store_->CreateThreatSession(pair, kAlice);
  ASSERT_TRUE(two) << two.error().message();
  ASSERT_TRUE(store_->SetSessionPhase(two->id, 1, "reflect", p1));
  EXPECT_EQ(store_->PutReflectionVote(two->id, {people[0].id, true, ""}, p1)->phase, "reflect");
  EXPECT_EQ(store_->ListThreatSessions(model.id)->size(), 2u);
  // Deleting the model deletes its sessions.
  ASSERT_TRUE(store_->DeleteModel(model.id, 1, kAlice));
  EXPECT_EQ(store_->GetThreatSession(created->id).error().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetThreat(threat->id).error().code(), Code::kNotFound);
}

TEST_P(StoreTest, RefutingAnAssumptionReopensExactlyItsLinkedItems) {
  User pen = MakeUser("pen");
  Project shop = MakeProject("shop");
  ASSERT_TRUE(store_->SetMembership(shop.id, pen.id, Role::kSecurity, kAlice));
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  ThreatSession in;
  in.model_id = model.id;
  in.revision = 1;
  in.title = "Review";
  in.facilitator_id = pen.id;
  in.participants = {pen.id};
  auto session = store_->CreateThreatSession(in, kAlice);
  ASSERT_TRUE(session) << session.error().message();
  ThreatSession other_in = in;
  other_in.title = "Other";
  auto other = store_->CreateThreatSession(other_in, kAlice);
  ASSERT_TRUE(other) << other.error().message();

  std::vector<Threat> threats;
  for (const char* title : {"Forged webhook", "Stolen cookie", "Replayed order"}) {
    Threat t;
    t.session_id = session->id;
    t.title = title;
    t.stride = "spoofing";
    auto made = store_->CreateThreat(t, kAlice);
    ASSERT_TRUE(made) << made.error().message();
    auto decided = store_->UpdateThreatResponse(made->id, 1, {"mitigate", "", ""}, kAlice);
    ASSERT_TRUE(decided) << decided.error().message();
    threats.push_back(*decided);
  }
  Threat foreign;
  foreign.session_id = other->id;
  foreign.title = "Elsewhere";
  foreign.stride = "tampering";
  foreign = *store_->CreateThreat(foreign, kAlice);

  // Mitigations: links are checked against the session, de-duplicated and sorted.
  Mitigation m;
  m.session_id = session->id;
  m.title = "Sign webhooks";
  m.threats = {threats[1].id, threats[0].id, threats[0].id};
  auto signing = store_->CreateMitigation(m, kAlice);
  ASSERT_TRUE(signing) << signing.error().message();
  EXPECT_EQ(signing->status, "proposed");
  EXPECT_EQ(signing->version, 1);
  EXPECT_EQ(signing->threats, (std::vector<Id>{threats[0].id, threats[1].id}));
  m.title = "Short sessions";
  m.threats = {threats[2].id};
  m.status = "implemented";
  auto short_sessions = store_->CreateMitigation(m, kAlice);
  ASSERT_TRUE(short_sessions) << short_sessions.error().message();
  m.threats = {foreign.id};
  auto wrong = store_->CreateMitigation(m, kAlice);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field(), "threats");
  EXPECT_EQ(wrong.error().message(), "threat " + std::to_string(foreign.id) +
                                         " is not in session " + std::to_string(session->id));

  MitigationChange change;
  change.status = "verified";
  change.owner = "ops";
  auto updated = store_->UpdateMitigation(signing->id, 1, change, kAlice);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->status, "verified");
  EXPECT_EQ(updated->owner, "ops");
  EXPECT_EQ(updated->threats.size(), 2u);
  auto stale_m = store_->UpdateMitigation(signing->id, 1, change, kAlice);
  ASSERT_FALSE(stale_m);
  EXPECT_EQ(stale_m.error().code(), Code::kConflict);
  EXPECT_EQ(stale_m.error().current_version(), 2);
  change = {};
  change.threats = std::vector<Id>{foreign.id};
  EXPECT_EQ(store_->UpdateMitigation(signing->id, 2, change, kAlice).error().field(), "threats");
  EXPECT_EQ(store_->GetMitigation(signing->id)->version, 2);  // the failed change left nothing
  EXPECT_EQ(store_->ListMitigations(session->id)->size(), 2u);

  // Assumptions.
  Assumption a;
  a.session_id = session->id;
  a.statement = "The payment provider signs its callbacks";
  a.components = {"api"};
  a.threats = {threats[0].id};
  a.mitigations = {signing->id};
  auto confirmed = store_->CreateAssumption(a, kAlice);
  ASSERT_TRUE(confirmed) << confirmed.error().message();
  EXPECT_EQ(confirmed->status, "unvalidated");
  EXPECT_EQ(confirmed->validated_by, 0);
  a.statement = "Cookies are HttpOnly";
  a.threats = {threats[1].id};
  a.mitigations = {signing->id};
  auto refuted = store_->CreateAssumption(a, kAlice);
  ASSERT_TRUE(refuted) << refuted.error().message();
  a.mitigations = {999999};
  auto bad = store_->CreateAssumption(a, kAlice);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "mitigations");
  EXPECT_EQ(store_->ListAssumptions(session->id)->size(), 2u);

  Actor pen_actor{pen.id, "pen"};
  EXPECT_EQ(
      store_->ValidateAssumption(confirmed->id, 1, "confirmed", "", pen_actor).error().field(),
      "evidence");
  auto ok = store_->ValidateAssumption(confirmed->id, 1, "confirmed", "seen in test", pen_actor);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->assumption.status, "confirmed");
  EXPECT_EQ(ok->assumption.validated_by, pen.id);
  EXPECT_FALSE(ok->assumption.validated_at.empty());
  EXPECT_TRUE(ok->reopened_threats.empty());
  EXPECT_TRUE(ok->reopened_mitigations.empty());
  EXPECT_EQ(store_->GetThreat(threats[0].id)->response, "mitigate");

  // A stale refutation changes nothing.
  auto stale = store_->ValidateAssumption(refuted->id, 5, "refuted", "pen test 12", pen_actor);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_EQ(stale.error().current_version(), 1);
  EXPECT_EQ(store_->GetThreat(threats[1].id)->response, "mitigate");
  EXPECT_EQ(store_->GetMitigation(signing->id)->status, "verified");

  auto audit_before = store_->ListAudit({shop.id, 0, 1000});
  ASSERT_TRUE(audit_before);
  auto no = store_->ValidateAssumption(refuted->id, 1, "refuted", "pen test 12", pen_actor);
  ASSERT_TRUE(no) << no.error().message();
  EXPECT_EQ(no->assumption.status, "refuted");
  EXPECT_EQ(no->assumption.evidence, "pen test 12");
  ASSERT_EQ(no->reopened_threats.size(), 1u);
  EXPECT_EQ(no->reopened_threats[0].id, threats[1].id);
  EXPECT_EQ(no->reopened_threats[0].response, "");
  EXPECT_EQ(no->reopened_threats[0].version, 3);
  ASSERT_EQ(no->reopened_mitigations.size(), 1u);
  EXPECT_EQ(no->reopened_mitigations[0].id, signing->id);
  EXPECT_EQ(no->reopened_mitigations[0].status, "proposed");
  EXPECT_EQ(no->reopened_mitigations[0].version, 3);
  // Exactly the linked items: the others keep their state.
  EXPECT_EQ(store_->GetThreat(threats[0].id)->response, "mitigate");
  EXPECT_EQ(store_->GetThreat(threats[2].id)->response, "mitigate");
  EXPECT_EQ(store_->GetThreat(threats[1].id)->response, "");
  EXPECT_EQ(store_->GetMitigation(short_sessions->id)->status, "implemented");

  auto audit = store_->ListAudit({shop.id, audit_before->back().id, 1000});
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "assumption.update");
  EXPECT_EQ((*audit)[1].action, "threat.reopen");
  EXPECT_EQ((*audit)[1].object_id, std::to_string(threats[1].id));
  EXPECT_EQ((*audit)[1].detail, R"({"assumption_id":)" + std::to_string(refuted->id) +
                                    R"(,"response_before":"mitigate"})");
  EXPECT_EQ((*audit)[2].action, "mitigation.reopen");
  EXPECT_EQ((*audit)[2].detail, R"({"assumption_id":)" + std::to_string(refuted->id) +
                                    R"(,"status_before":"verified"})");
}

TEST_P(StoreTest, AFailedRefutationReopensNothing) {
  if (GetParam() == "sqlite-memory") GTEST_SKIP() << "needs a second connection to the database";
  User pen = MakeUser("pen");
  Project shop = MakeProject("shop");
  ASSERT_TRUE(store_->SetMembership(shop.id, pen.id, Role::kSecurity, kAlice));
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  ThreatSession in;
  in.model_id = model.id;
  in.revision = 1;
  in.title = "Review";
  in.facilitator_id = pen.id;
  in.participants = {pen.id};
  ThreatSession session = *store_->CreateThreatSession(in, kAlice);
  Threat t;
  t.session_id = session.id;
  t.title = "Forged webhook";
  t.stride = "spoofing";
  t = *store_->CreateThreat(t, kAlice);
  t = *store_->UpdateThreatResponse(t.id, 1, {"mitigate", "", ""}, kAlice);
  Mitigation m;
  m.session_id = session.id;
  m.title = "Sign webhooks";
  m.status = "implemented";
  m.threats = {t.id};
  m = *store_->CreateMitigation(m, kAlice);
  Assumption a;
  a.session_id = session.id;
  a.statement = "Webhooks come from the provider";
  a.threats = {t.id};
  a.mitigations = {m.id};
  a = *store_->CreateAssumption(a, kAlice);

  // A trigger makes the last step of the refutation (reopening the mitigation) fail.
  bool pg = GetParam() == "postgres";
  auto db = pg ? OpenPostgres(url_)
               : OpenSqlite((dir_ / ("db" + std::to_string(files_)) / "store.db").string());
  ASSERT_TRUE(db) << db.error().message();
  auto install = [&](bool on) {
    return (*db)->Transact(TxMode::kWrite, [&](Tx& tx) {
      if (!on) return tx.ExecScript("DROP TRIGGER no_reopen ON mitigations");
      return tx.ExecScript(
          pg ? "CREATE FUNCTION no_reopen() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
               "'no reopening'; END $$ LANGUAGE plpgsql; CREATE TRIGGER no_reopen BEFORE UPDATE "
               "ON mitigations FOR EACH ROW WHEN (NEW.status = 'proposed') EXECUTE FUNCTION "
               "no_reopen();"
             : "CREATE TRIGGER no_reopen BEFORE UPDATE ON mitigations WHEN NEW.status = "
               "'proposed' BEGIN SELECT RAISE(ABORT, 'no reopening'); END;");
    });
  };
  ASSERT_TRUE(install(true));
  auto audit_before = store_->ListAudit({shop.id, 0, 1000});
  ASSERT_TRUE(audit_before);
  Actor pen_actor{pen.id, "pen"};
  auto failed = store_->ValidateAssumption(a.id, 1, "refuted", "pen test", pen_actor);
  ASSERT_FALSE(failed);
  EXPECT_EQ(store_->GetAssumption(a.id)->status, "unvalidated");
  EXPECT_EQ(store_->GetAssumption(a.id)->version, 1);
  EXPECT_EQ(store_->GetThreat(t.id)->response, "mitigate");
  EXPECT_EQ(store_->GetThreat(t.id)->version, 2);
  EXPECT_EQ(store_->GetMitigation(m.id)->status, "implemented");
  EXPECT_EQ(store_->ListAudit({shop.id, 0, 1000})->size(), audit_before->size());

  if (pg) {
    ASSERT_TRUE(install(false));
  } else {
    ASSERT_TRUE((*db)->Transact(TxMode::kWrite,
                                [](Tx& tx) { return tx.ExecScript("DROP TRIGGER no_reopen"); }));
  }
  auto done = store_->ValidateAssumption(a.id, 1, "refuted", "pen test", pen_actor);
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(store_->GetThreat(t.id)->response, "");
  EXPECT_EQ(store_->GetMitigation(m.id)->status, "proposed");
  EXPECT_EQ(store_->ListAudit({shop.id, 0, 1000})->size(), audit_before->size() + 3);
}

TEST_P(StoreTest, QuestionnairesAreStoredOnceByName) {
  StoredQuestionnaire q;
  q.name = "webapp";
  q.title = "Web application";
  q.format = "vsaq";
  q.source = "{\"questionnaire\": []}";
  auto created = store_->CreateQuestionnaire(q, kAlice);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->extensions, "[]");
  EXPECT_EQ(created->created_by, kAlice.user_id);
  EXPECT_FALSE(created->created_at.empty());
  auto again = store_->CreateQuestionnaire(q, kAlice);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kConflict);
  EXPECT_EQ(again.error().field(), "id");
  EXPECT_EQ(again.error().message(), "questionnaire 'webapp' already exists");
  StoredQuestionnaire nameless = q;
  nameless.name = "";
  EXPECT_EQ(store_->CreateQuestionnaire(nameless, kAlice).error().field(), "id");
  q.name = "Api-2";
  q.format = "threatpath";
  q.source = "id: Api-2";
  ASSERT_TRUE(store_->CreateQuestionnaire(q, kAlice));
  q.name = "api";
  ASSERT_TRUE(store_->CreateQuestionnaire(q, kAlice));

  auto all = store_->ListQuestionnaires();
  ASSERT_TRUE(all) << all.error().message();
  std::vector<std::string> names;
  for (const auto& s : *all) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Api-2", "api", "webapp"}));  // byte order
  EXPECT_EQ(store_->GetQuestionnaire("webapp")->format, "vsaq");
  auto missing = store_->GetQuestionnaire("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), Code::kNotFound);
  EXPECT_EQ(missing.error().message(), "questionnaire 'nope' not found");

  std::vector<std::string> rows;
  for (const auto& e : Audit()) {
    if (e.object_type == "questionnaire")
      rows.push_back(e.action + " " + e.object_id + " " + e.detail);
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{
                R"(questionnaire.create webapp {"format":"vsaq","title":"Web application"})",
                R"(questionnaire.create Api-2 {"format":"threatpath","title":"Web application"})",
                R"(questionnaire.create api {"format":"threatpath","title":"Web application"})"}));
}

TEST_P(StoreTest, IntakesLinkToAModelOfTheirProject) {
  Project shop = MakeProject("shop");
  Project other = MakeProject("other");
  Model web = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  Model elsewhere = *store_->CreateModel(other.id, "web", Doc("v1"), kAlice);
  Intake in;
  in.project_id = shop.id;
  in.title = "Partner portal";
  in.questionnaire = "design-review";
  in.tier = "security-led";
  in.priority = 60;
  in.due_at = "2026-12-01T00:00:00Z";
  Intake intake = *store_->CreateIntake(in, kAlice);
  EXPECT_EQ(intake.model_id, 0);

  IntakeChange change{"new", "", ""};
  change.model_id = elsewhere.id;
  auto wrong = store_->UpdateIntake(intake.id, 1, change, kAlice);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), Code::kInvalidInput);
  EXPECT_EQ(wrong.error().field(), "model_id");
  EXPECT_EQ(wrong.error().message(), "model " + std::to_string(elsewhere.id) +
                                         " is not a model of project " + std::to_string(shop.id));
  change.model_id = 999999;
  EXPECT_EQ(store_->UpdateIntake(intake.id, 1, change, kAlice).error().field(), "model_id");
  EXPECT_EQ(store_->GetIntake(intake.id)->version, 1);

  change.model_id = web.id;
  auto linked = store_->UpdateIntake(intake.id, 1, change, kAlice);
  ASSERT_TRUE(linked) << linked.error().message();
  EXPECT_EQ(linked->model_id, web.id);
  EXPECT_EQ(linked->status, "new");
  EXPECT_EQ(linked->version, 2);
  // A status change without model_id keeps the link.
  auto triaged = store_->UpdateIntake(intake.id, 2, {"triaged", "", ""}, kAlice);
  ASSERT_TRUE(triaged) << triaged.error().message();
  EXPECT_EQ(triaged->model_id, web.id);
  // 0 unlinks; a stale version changes nothing.
  change = {"triaged", "", ""};
  change.model_id = 0;
  EXPECT_EQ(store_->UpdateIntake(intake.id, 2, change, kAlice).error().current_version(), 3);
  EXPECT_EQ(store_->GetIntake(intake.id)->model_id, web.id);
  auto unlinked = store_->UpdateIntake(intake.id, 3, change, kAlice);
  ASSERT_TRUE(unlinked) << unlinked.error().message();
  EXPECT_EQ(unlinked->model_id, 0);
  change.model_id = web.id;
  ASSERT_TRUE(store_->UpdateIntake(intake.id, 4, change, kAlice));

  std::vector<std::string> rows;
  for (const auto& e : Audit(shop.id)) {
    if (e.action == "intake.update") rows.push_back(e.detail);
  }
  std::string id = std::to_string(web.id);
  EXPECT_EQ(rows, (std::vector<std::string>{
                      R"({"from":"new","model_id":)" + id + R"(,"to":"new"})",
                      R"({"from":"new","to":"triaged"})",
                      R"({"from":"triaged","model_id":null,"to":"triaged"})",
                      R"({"from":"triaged","model_id":)" + id + R"(,"to":"triaged"})"}));

  // Deleting the model unlinks the intake, which stays.
  ASSERT_TRUE(store_->DeleteModel(web.id, 1, kAlice));
  auto after = store_->GetIntake(intake.id);
  ASSERT_TRUE(after) << after.error().message();
  EXPECT_EQ(after->model_id, 0);
  EXPECT_EQ(after->version, 5);
  auto integrity = store_->CheckIntegrity();
  EXPECT_TRUE(integrity) << integrity.error().message();
}

TEST_P(StoreTest, MitigationsAndAssumptionsAreDeletedByVersion) {
  Project shop = MakeProject("shop");
  Model model = *store_->CreateModel(shop.id, "web", Doc("v1"), kAlice);
  ThreatSession in;
  in.model_id = model.id;
  in.revision = 1;
  in.title = "Review";
  User pen = MakeUser("pen");
  ASSERT_TRUE(store_->SetMembership(shop.id, pen.id, Role::kSecurity, kAlice));
  in.facilitator_id = pen.id;
  in.participants = {pen.id};
  auto made = store_->CreateThreatSession(in, kAlice);
  ASSERT_TRUE(made) << made.error().message();
  ThreatSession session = *made;
  Threat t;
  t.session_id = session.id;
  t.title = "Forged webhook";
  t.stride = "spoofing";
  t = *store_->CreateThreat(t, kAlice);
  Mitigation m;
  m.session_id = session.id;
  m.title = "Sign webhooks";
  m.threats = {t.id};
  m = *store_->CreateMitigation(m, kAlice);
  m = *store_->UpdateMitigation(m.id, 1, {.status = "planned"}, kAlice);
  Mitigation kept = m;
  kept.title = "Rate limits";
  kept = *store_->CreateMitigation(kept, kAlice);
  Assumption a;
  a.session_id = session.id;
  a.statement = "Webhooks come from the provider";
  a.components = {"api"};
  a.threats = {t.id};
  a.mitigations = {m.id, kept.id};
  a = *store_->CreateAssumption(a, kAlice);

  // A stale version deletes nothing.
  auto stale = store_->DeleteMitigation(m.id, 1, kAlice);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_EQ(stale.error().current_version(), 2);
  EXPECT_EQ(stale.error().message(),
            "mitigation " + std::to_string(m.id) + " is at version 2, not 1");
  EXPECT_EQ(store_->ListMitigations(session.id)->size(), 2u);
  EXPECT_EQ(store_->DeleteMitigation(999999, 1, kAlice).error().code(), Code::kNotFound);

  ASSERT_TRUE(store_->DeleteMitigation(m.id, 2, kAlice));
  EXPECT_EQ(store_->GetMitigation(m.id).error().code(), Code::kNotFound);
  auto mitigations = store_->ListMitigations(session.id);
  ASSERT_EQ(mitigations->size(), 1u);
  EXPECT_EQ((*mitigations)[0].id, kept.id);
  // The assumption loses the link, and only that; the threat stays.
  EXPECT_EQ(store_->GetAssumption(a.id)->mitigations, (std::vector<Id>{kept.id}));
  EXPECT_EQ(store_->GetAssumption(a.id)->version, 1);
  EXPECT_TRUE(store_->GetThreat(t.id));

  EXPECT_EQ(store_->DeleteAssumption(a.id, 3, kAlice).error().current_version(), 1);
  ASSERT_TRUE(store_->DeleteAssumption(a.id, 1, kAlice));
  EXPECT_EQ(store_->GetAssumption(a.id).error().code(), Code::kNotFound);
  EXPECT_TRUE(store_->ListAssumptions(session.id)->empty());
  EXPECT_TRUE(store_->GetThreat(t.id));
  EXPECT_EQ(store_->GetMitigation(kept.id)->version, 1);
  EXPECT_EQ(store_->DeleteAssumption(a.id, 1, kAlice).error().code(), Code::kNotFound);

  std::vector<std::string> rows;
  for (const auto& e : Audit(shop.id)) {
    if (e.action.size() > 7 && e.action.substr(e.action.size() - 7) == ".delete") {
      rows.push_back(e.action + " " + e.object_id + " " + std::to_string(e.version_before) + "->" +
                     std::to_string(e.version_after) + " " + e.detail);
    }
  }
  std::string sid = std::to_string(session.id);
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "mitigation.delete " + std::to_string(m.id) + " 2->0 {\"assumptions\":[" +
                          std::to_string(a.id) + "],\"session_id\":" + sid +
                          ",\"status\":\"planned\",\"threats\":[" + std::to_string(t.id) +
                          "],\"title\":\"Sign webhooks\"}",
                      "assumption.delete " + std::to_string(a.id) +
                          " 1->0 {\"components\":[\"api\"],\"mitigations\":[" +
                          std::to_string(kept.id) + "],\"session_id\":" + sid +
                          ",\"statement\":\"Webhooks come from the provider\",\"status\":"
                          "\"unvalidated\",\"threats\":[" +
                          std::to_string(t.id) + "]}"}));
  auto integrity = store_->CheckIntegrity();
  EXPECT_TRUE(integrity) << integrity.error().message();
}

TEST_P(StoreTest, BackupRestoresIntoAFreshDatabase) {
  User alice = MakeUser("alice", true);
  User bob = MakeUser("bob");
  ASSERT_TRUE(store_->CreateSession({"h1", bob.id, "csrf", 4000000000}));
  ApiToken t;
  t.user_id = bob.id;
  t.name = "ci";
  t.token_hash = "th";
  ASSERT_TRUE(store_->CreateToken(t, kAlice));
  auto team = store_->CreateTeam("payments", kAlice);
  Project shop;
  shop.name = "shop \"quoted\" ünïcode";
  shop.team_id = team->id;
  shop = *store_->CreateProject(shop, kAlice);
  MakeProject("no-team");
  ASSERT_TRUE(store_->SetMembership(shop.id, bob.id, Role::kSecurity, kAlice));
  Model model = *store_->CreateModel(shop.id, "web", Doc("line 1\nline 2\n"), kAlice);
  ASSERT_TRUE(store_->AddRevision(model.id, 1, Doc("v2", "tabs\tand 'quotes'"), kAlice));
  Decision d;
  d.model_id = model.id;
  d.synthetic_id = "r@x";
  d.status = "accepted";
  ASSERT_TRUE(store_->PutDecision(d, 0, kAlice));
  ASSERT_TRUE(store_->PublishEvent(shop.id, "model.revision", R"({"n":2})"));
  Intake in;
  in.project_id = shop.id;
  in.title = "portal";
  in.questionnaire = "design-review";
  in.tier = "self-service";
  in.priority = 40;
  in.due_at = "2026-12-01T00:00:00Z";
  auto intake = store_->CreateIntake(in, kAlice);
  ASSERT_TRUE(intake) << intake.error().message();
  IntakeChange link{"new", "", ""};
  link.model_id = model.id;
  ASSERT_TRUE(store_->UpdateIntake(intake->id, 1, link, kAlice));
  StoredQuestionnaire q;
  q.name = "webapp";
  q.title = "Web application";
  q.format = "vsaq";
  q.source = "{\"questionnaire\": []}";
  q.extensions = "[\"{}\"]";
  ASSERT_TRUE(store_->CreateQuestionnaire(q, kAlice));
  Finding f;
  f.project_id = shop.id;
  f.title = "xss";
  f.phase = "incident";
  f.severity = "high";
  f.found_on = "2026-11-01";
  f.model_id = model.id;
  ASSERT_TRUE(store_->CreateFinding(f, kAlice));
  ThreatSession ts;
  ts.model_id = model.id;
  ts.revision = 2;
  ts.title = "review";
  ts.facilitator_id = bob.id;
  ts.participants = {bob.id};
  ts = *store_->CreateThreatSession(ts, kAlice);
  Threat threat;
  threat.session_id = ts.id;
  threat.title = "t";
  threat.stride = "tampering";
  threat = *store_->CreateThreat(threat, kAlice);
  ASSERT_TRUE(store_->PutThreatRating(threat.id, {bob.id, 2, 3}, kAlice));
  ASSERT_TRUE(store_->AddThreatComment(threat.id, "hm", kAlice));
  ASSERT_TRUE(store_->SetSessionPhase(ts.id, 1, "reflect", kAlice));
  ASSERT_TRUE(store_->PutReflectionVote(ts.id, {bob.id, false, "no"}, kAlice));

  fs::path dir = fs::temp_directory_path() / ("tp_store_backup_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string first = (dir / "first.json").string();
  std::string second = (dir / "second.json").string();
  ASSERT_TRUE(store_->Backup(first));
  EXPECT_FALSE(fs::exists(first + ".tmp"));

  // Into a non-empty database: refused.
  auto refused = store_->Restore(first);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kConflict);
  EXPECT_EQ(refused.error().message(), "the database is not empty: table users has 2 rows");

  store_.reset();
  store_ = Fresh();
  ASSERT_TRUE(store_);
  auto restored = store_->Restore(first);
  ASSERT_TRUE(restored) << restored.error().message();
  ASSERT_TRUE(store_->Backup(second));
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return nlohmann::json::parse(s.str());
  };
  auto a = read(first);
  auto b = read(second);
  EXPECT_EQ(a["format"], "threatpath-backup");
  EXPECT_EQ(a["tables"]["users"].size(), 2u);
  EXPECT_EQ(a["tables"]["projects"][1]["team_id"], nullptr);
  EXPECT_EQ(a["tables"]["intakes"].size(), 1u);
  EXPECT_EQ(a["tables"]["intakes"][0]["model_id"], model.id);
  ASSERT_EQ(a["tables"]["questionnaires"].size(), 1u);
  EXPECT_EQ(a["tables"]["questionnaires"][0]["name"], "webapp");
  EXPECT_EQ(a["tables"]["questionnaires"][0]["extensions"], "[\"{}\"]");
  EXPECT_EQ(a["tables"]["findings"][0]["cost"], nullptr);
  EXPECT_EQ(a["tables"]["threat_ratings"].size(), 1u);
  EXPECT_EQ(a["tables"]["reflection_votes"][0]["good_enough"], 0);
  EXPECT_EQ(a["tables"], b["tables"]);
  auto integrity = store_->CheckIntegrity();
  EXPECT_TRUE(integrity) << integrity.error().message();

  // The format is the same for both backends: the backup also restores into SQLite.
  auto other = Open("sqlite::memory:");
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->Migrate());
  auto crossed = (*other)->Restore(first);
  ASSERT_TRUE(crossed) << crossed.error().message();
  std::string third = (dir / "third.json").string();
  ASSERT_TRUE((*other)->Backup(third));
  EXPECT_EQ(read(third)["tables"], a["tables"]);

  // Counters continue after the restored ids.
  User carol = MakeUser("carol");
  EXPECT_GT(carol.id, bob.id);
  auto audit = Audit();
  EXPECT_GT(audit.back().id, audit[audit.size() - 2].id);
  EXPECT_EQ(store_->FindProject("shop \"quoted\" ünïcode")->id, shop.id);
  EXPECT_EQ(store_->GetRevision(model.id, 1)->document, "line 1\nline 2\n");
  EXPECT_EQ(store_->GetIntake(intake->id)->model_id, model.id);
  EXPECT_EQ(store_->GetQuestionnaire("webapp")->source, q.source);

  // A backup of schema 4 (no questionnaires, intakes without a model) restores too.
  auto old = a;
  old["schema_version"] = 4;
  old["tables"].erase("questionnaires");
  for (auto& row : old["tables"]["intakes"]) row.erase("model_id");
  std::ofstream(dir / "old.json") << old.dump();
  auto older = Fresh();
  ASSERT_TRUE(older);
  auto from_old = older->Restore((dir / "old.json").string());
  ASSERT_TRUE(from_old) << from_old.error().message();
  EXPECT_EQ(older->GetIntake(intake->id)->model_id, 0);
  EXPECT_TRUE(older->ListQuestionnaires()->empty());

  // Not a backup.
  std::ofstream(dir / "bad.json") << R"({"format":"something-else"})";
  auto bad = Fresh()->Restore((dir / "bad.json").string());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), Code::kInvalidInput);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, ::testing::Values("sqlite-memory", "sqlite-file"),
                         [](const auto& info) {
                           return info.param == "sqlite-memory" ? "Memory" : "File";
                         });
INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest, ::testing::Values("postgres"),
                         [](const auto&) { return "Server"; });

TEST(PlaceholdersTest, NumbersQuestionMarksOutsideQuotes) {
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2");
}

TEST(OpenTest, RejectsUnknownUrls) {
  auto s = Open("mysql://x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), Code::kInvalidInput);
  EXPECT_EQ(s.error().message(),
            "unsupported store URL (expected sqlite:PATH or postgresql://...)");
  auto pg = Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(pg);
  EXPECT_EQ(pg.error().code(), Code::kUnavailable);
}

}  // namespace
}  // namespace threatpath::store
