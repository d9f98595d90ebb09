#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"

// Credentials and secrets for the program server, on libsodium: argon2id password hashes,
// random tokens, token hashes, constant-time comparison, and a login rate limiter. The only
// module that includes sodium.h.
namespace threatpath::auth {

/// Cost of argon2id. kInteractive is libsodium's interactive level (64 MiB, 2 passes): the
/// server's default. kTest is the minimum libsodium allows, for tests that create many users.
enum class PasswordCost { kInteractive, kModerate, kTest };

/// Passwords must have at least this many characters (code points are not counted; bytes are).
inline constexpr size_t kMinPasswordLength = 12;
inline constexpr size_t kMaxPasswordLength = 1024;

/// Checks the password policy; kInvalidInput with field "password" when it fails.
base::Status CheckPasswordPolicy(std::string_view password);

/// An argon2id hash in the PHC string format ("$argon2id$v=19$m=...,t=...,p=1$salt$hash").
base::Result<std::string> HashPassword(std::string_view password,
                                       PasswordCost cost = PasswordCost::kInteractive);

/// True when `password` matches `hash`. False for malformed hashes. Takes about as long as
/// hashing, whatever the outcome.
bool VerifyPassword(std::string_view hash, std::string_view password);

/// A fixed argon2id hash of no known password, verified against when a login names an unknown
/// user, so that unknown and known users take the same time to refuse.
const std::string& DummyHash();

/// `bytes` random bytes as unpadded base64url.
std::string RandomToken(size_t bytes = 32);

/// A readable generated password (20 characters from an unambiguous alphabet).
std::string GeneratePassword();

/// The hex BLAKE2b-256 digest of a token: what the database keeps of session and API tokens.
std::string TokenHash(std::string_view token);

/// Constant-time equality for secrets of possibly different lengths.
bool SecretsEqual(std::string_view a, std::string_view b);

/// Counts failed attempts per key in a fixed window; after `max_failures` within `window`, the
/// key is blocked until the window that began with its first failure ends. Thread-safe. Used
/// per user name and per client address for logins.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  /// Zero when the key may try now, else the seconds to wait.
  int64_t RetryAfter(const std::string& key, Clock::time_point now = Clock::now());
  void Fail(const std::string& key, Clock::time_point now = Clock::now());
  void Succeed(const std::string& key);

 private:
  struct Entry {
    Clock::time_point start;
    int failures = 0;
  };
  void Sweep(Clock::time_point now);

  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
  size_t ops_since_sweep_ = 0;
};

}  // namespace threatpath::auth
