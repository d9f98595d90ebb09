#include "auth/auth.h"

#include <gtest/gtest.h>

#include <set>

namespace threatpath::auth {
namespace {

TEST(PasswordTest, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery", PasswordCost::kTest);
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(PasswordTest, SaltedHashesDiffer) {
  auto a = HashPassword("same password here", PasswordCost::kTest);
  auto b = HashPassword("same password here", PasswordCost::kTest);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'a'), "x"));
}

TEST(PasswordTest, DummyHashRefusesEverything) {
  ASSERT_FALSE(DummyHash().empty());
  EXPECT_FALSE(VerifyPassword(DummyHash(), ""));
  EXPECT_FALSE(VerifyPassword(DummyHash(), "password"));
}

TEST(PasswordTest, Policy) {
  auto short_pw = CheckPasswordPolicy("short");
  ASSERT_FALSE(short_pw);
  EXPECT_EQ(short_pw.error().field(), "password");
  EXPECT_EQ(short_pw.error().message(), "the password must have at least 12 characters");
  EXPECT_TRUE(CheckPasswordPolicy("twelve chars"));
  EXPECT_FALSE(CheckPasswordPolicy(std::string(1025, 'x')));
}

TEST(TokenTest, RandomTokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken(32);
    EXPECT_EQ(t.size(), 43u);  // 32 bytes, unpadded base64
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokenTest, HashIsStableHex) {
  EXPECT_EQ(TokenHash("abc"), TokenHash("abc"));
  EXPECT_NE(TokenHash("abc"), TokenHash("abd"));
  EXPECT_EQ(TokenHash("abc").size(), 64u);
  // The published BLAKE2b-256 digest of the empty string.
  EXPECT_EQ(TokenHash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(TokenTest, SecretsEqual) {
  EXPECT_TRUE(SecretsEqual("token", "token"));
  EXPECT_FALSE(SecretsEqual("token", "tokem"));
  EXPECT_FALSE(SecretsEqual("token", "token2"));
  EXPECT_FALSE(SecretsEqual("", "x"));
}

TEST(GeneratedPasswordTest, PassesPolicy) {
  std::string p = GeneratePassword();
  EXPECT_EQ(p.size(), 20u);
  EXPECT_TRUE(CheckPasswordPolicy(p));
  EXPECT_NE(p, GeneratePassword());
}

TEST(RateLimiterTest, BlocksAfterMaxFailuresUntilWindowEnds) {
  RateLimiter limiter(3, std::chrono::seconds(60));
  auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_EQ(limiter.RetryAfter("alice", t0), 0);
  limiter.Fail("alice", t0);
  limiter.Fail("alice", t0 + std::chrono::seconds(1));
  EXPECT_EQ(limiter.RetryAfter("alice", t0 + std::chrono::seconds(2)), 0);
  limiter.Fail("alice", t0 + std::chrono::seconds(2));
  EXPECT_EQ(limiter.RetryAfter("alice", t0 + std::chrono::seconds(2)), 58);
  EXPECT_EQ(limiter.RetryAfter("bob", t0 + std::chrono::seconds(2)), 0);
  EXPECT_EQ(limiter.RetryAfter("alice", t0 + std::chrono::seconds(60)), 0);
}

TEST(RateLimiterTest, SuccessClears) {
  RateLimiter limiter(2, std::chrono::seconds(60));
  auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  limiter.Fail("k", t0);
  limiter.Succeed("k");
  limiter.Fail("k", t0);
  EXPECT_EQ(limiter.RetryAfter("k", t0), 0);
  limiter.Fail("k", t0);
  EXPECT_GT(limiter.RetryAfter("k", t0), 0);
}

}  // namespace
}  // namespace threatpath::auth
