#include "auth/auth.h"

#include <sodium.h>

#include <cstdlib>

namespace threatpath::auth {

namespace {

void EnsureInit() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no usable randomness: nothing secure can be done
}

}  // namespace

base::Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return base::Error::InvalidInput("the password must have at least " +
                                     std::to_string(kMinPasswordLength) + " characters")
        .WithField("password");
  }
  if (password.size() > kMaxPasswordLength) {
    return base::Error::InvalidInput("the password must have at most " +
                                     std::to_string(kMaxPasswordLength) + " characters")
        .WithField("password");
  }
  return base::OkStatus();
}

base::Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureInit();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == PasswordCost::kModerate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  } else if (cost == PasswordCost::kTest) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return base::Error::Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureInit();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);  // NUL-terminated copy
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(RandomToken(16));
    return h ? *h : std::string();
  }();
  return hash;
}

std::string RandomToken(size_t bytes) {
  EnsureInit();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), variant);
  out.resize(out.find('\0'));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string GeneratePassword() {
  EnsureInit();
  static constexpr std::string_view kAlphabet =
      "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

std::string TokenHash(std::string_view token) {
  EnsureInit();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  // Compare digests so the time does not depend on where the inputs differ or on their lengths.
  std::string da = TokenHash(a), db = TokenHash(b);
  return sodium_memcmp(da.data(), db.data(), da.size()) == 0;
}

int64_t RateLimiter::RetryAfter(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  auto end = it->second.start + window_;
  if (now >= end) {
    entries_.erase(it);
    return 0;
  }
  if (it->second.failures < max_failures_) return 0;
  return std::max<int64_t>(1, std::chrono::ceil<std::chrono::seconds>(end - now).count());
}

void RateLimiter::Fail(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (++ops_since_sweep_ >= 1024) Sweep(now);
  auto& e = entries_[key];
  if (e.failures == 0 || now >= e.start + window_) {
    e.start = now;
    e.failures = 0;
  }
  ++e.failures;
}

void RateLimiter::Succeed(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void RateLimiter::Sweep(Clock::time_point now) {
  ops_since_sweep_ = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now >= it->second.start + window_) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace threatpath::auth
