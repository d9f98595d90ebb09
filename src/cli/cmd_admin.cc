#include <iostream>

#include "app/files.h"
#include "auth/auth.h"
#include "cli/command.h"
#include "store/store.h"

namespace threatpath::cli {
namespace {

class AdminCommand : public Command {
 public:
  const char* name() const override { return "admin"; }
  const char* help() const override {
    return "Server administration: migrate, backup, restore, check, create-user, set-password";
  }
  void Define(CLI::App& app) override {
    app.require_subcommand(1);
    app.add_option("--db", db_, "Database: sqlite:PATH or postgres://...")->capture_default_str();
    migrate_ = app.add_subcommand("migrate", "Apply the database migrations not yet applied");
    backup_ = app.add_subcommand("backup", "Write a consistent JSON backup of every table");
    backup_->add_option("file", file_, "Backup file")->required();
    restore_ = app.add_subcommand("restore", "Load a backup into an empty database");
    restore_->add_option("file", file_, "Backup file")->required()->check(CLI::ExistingFile);
    check_ = app.add_subcommand("check", "Check the database's integrity");
    create_user_ = app.add_subcommand(
        "create-user", "Create a local account; prints a generated password unless one is given");
    create_user_->add_option("username", username_, "User name")->required();
    create_user_->add_option("--display-name", display_name_, "Full name");
    create_user_->add_flag("--admin", admin_, "Make the user a server administrator");
    create_user_->add_flag("--password-stdin", password_stdin_,
                           "Read the password from the first line of standard input");
    set_password_ = app.add_subcommand(
        "set-password", "Set a user's password; prints a generated one unless one is given");
    set_password_->add_option("username", username_, "User name")->required();
    set_password_->add_flag("--password-stdin", password_stdin_,
                            "Read the password from the first line of standard input");
  }

  int Run(GlobalOptions&) override {
    auto opened = store::Open(db_);
    if (!opened) return Fail(opened.error());
    store::Store& store = **opened;
    auto version = store.Migrate();
    if (!version) return Fail(version.error());
    if (migrate_->parsed()) {
      std::cout << "schema at version " << *version << " (" << store.backend() << ")\n";
      return kExitOk;
    }
    if (check_->parsed()) {
      auto st = store.CheckIntegrity();
      if (!st) {
        std::cerr << "integrity check failed: " << st.error().message() << "\n";
        return kExitFindings;
      }
      std::cout << "ok\n";
      return kExitOk;
    }
    if (backup_->parsed()) {
      auto st = store.Backup(file_);
      if (!st) return Fail(st.error());
      std::cout << "wrote " << file_ << "\n";
      return kExitOk;
    }
    if (restore_->parsed()) {
      auto st = store.Restore(file_);
      if (!st) return Fail(st.error());
      std::cout << "restored " << file_ << "\n";
      return kExitOk;
    }
    std::string password;
    bool generated = false;
    if (password_stdin_) {
      std::getline(std::cin, password);
    } else {
      password = auth::GeneratePassword();
      generated = true;
    }
    auto policy = auth::CheckPasswordPolicy(password);
    if (!policy) return Fail(policy.error());
    auto hash = auth::HashPassword(password);
    if (!hash) return Fail(hash.error());
    if (create_user_->parsed()) {
      auto user = store.CreateUser({username_, display_name_, *hash, admin_}, store::Actor{});
      if (!user) return Fail(user.error());
      std::cout << "created " << (admin_ ? "administrator " : "user ") << username_ << "\n";
    } else {
      auto user = store.FindUser(username_);
      if (!user) return Fail(user.error());
      auto st = store.SetPasswordHash(user->id, *hash, store::Actor{});
      if (!st) return Fail(st.error());
      std::cout << "set the password of " << username_ << "\n";
    }
    if (generated) std::cout << "password (shown once): " << password << "\n";
    return kExitOk;
  }

 private:
  std::string db_ = "sqlite:var/threatpath.db";
  std::string file_, username_, display_name_;
  bool admin_ = false, password_stdin_ = false;
  CLI::App *migrate_ = nullptr, *backup_ = nullptr, *restore_ = nullptr, *check_ = nullptr,
           *create_user_ = nullptr, *set_password_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> MakeAdminCommand() { return std::make_unique<AdminCommand>(); }

}  // namespace threatpath::cli
