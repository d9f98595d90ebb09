#include "risk/cvss.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace threatpath::risk {
namespace {

TEST(ScoreCvssTest, Version31) {
  auto s = ScoreCvss("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:X", nullptr);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->version, "3.1");
  EXPECT_DOUBLE_EQ(s->base, 9.8);
  EXPECT_DOUBLE_EQ(s->threat_or_temporal, 7.8);
  EXPECT_DOUBLE_EQ(s->environmental, 7.8);
  EXPECT_DOUBLE_EQ(s->overall, 7.8);
  EXPECT_EQ(s->severity, "High");
  EXPECT_EQ(s->normalized_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U");
}

TEST(ScoreCvssTest, Version30) {
  auto s = ScoreCvss("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", nullptr);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->version, "3.0");
  EXPECT_DOUBLE_EQ(s->overall, 6.1);
  EXPECT_EQ(s->severity, "Medium");
}

TEST(ScoreCvssTest, Version40WithoutTablesIsUnsupported) {
  auto s = ScoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", nullptr);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), base::Error::Code::kUnsupported);
  EXPECT_EQ(s.error().message(),
            "CVSS v4.0 scoring needs FIRST's tables: set THREATPATH_CVSS4_TABLES to the path of "
            "cvss4_tables.json (see docs/cvss.md)");
  // A malformed v4.0 vector is still reported as such.
  auto bad = ScoreCvss("CVSS:4.0/AV:N", nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(bad.error().message(), "invalid CVSS vector at column 14: missing base metric 'AC'");
}

TEST(ScoreCvssTest, Version40) {
  const std::string path = std::string(TP_FIXTURES_DIR) + "/cvss4/cvss4_tables.json";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "CVSS v4.0 tables not found at " << path << " (see docs/cvss.md)";
  }
  auto tables = Cvss4Tables::Load(path);
  ASSERT_TRUE(tables) << tables.error().message();
  // FIRST v4.0 examples: CVSS-B 8.7 and, with E:U, CVSS-BT 6.6. The environmental metrics
  // (MVA:H/MSA:N restate the base values) leave it at 6.6.
  auto s = ScoreCvss(
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U/MVA:H/MSA:N", &*tables);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->version, "4.0");
  EXPECT_DOUBLE_EQ(s->base, 8.7);
  EXPECT_DOUBLE_EQ(s->threat_or_temporal, 6.6);
  EXPECT_DOUBLE_EQ(s->environmental, 6.6);
  EXPECT_DOUBLE_EQ(s->overall, 6.6);
  EXPECT_EQ(s->severity, "Medium");
  EXPECT_EQ(s->normalized_vector,
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U/MVA:H/MSA:N");

  // CVSS-BTE from FIRST's examples: 10.0 base, lowered by MAV:L/MAT:P to 8.9.
  auto env = ScoreCvss(
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MAV:L/"
      "MAT:P",
      &*tables);
  ASSERT_TRUE(env) << env.error().message();
  EXPECT_DOUBLE_EQ(env->base, 10.0);
  EXPECT_DOUBLE_EQ(env->threat_or_temporal, 10.0);
  EXPECT_DOUBLE_EQ(env->overall, 8.9);
  EXPECT_EQ(env->severity, "High");
}

TEST(ScoreCvssTest, UnknownVersionsAndGarbage) {
  auto v2 = ScoreCvss("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", nullptr);
  ASSERT_FALSE(v2);
  EXPECT_EQ(v2.error().code(), base::Error::Code::kUnsupported);
  EXPECT_EQ(v2.error().message(), "CVSS version '2.0' is not supported (expected 3.0, 3.1 or 4.0)");

  auto bare = ScoreCvss("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", nullptr);
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(bare.error().message(),
            "invalid CVSS vector at column 1: expected a vector starting with 'CVSS:3.1/', "
            "'CVSS:3.0/' or 'CVSS:4.0/'");

  auto empty = ScoreCvss("", nullptr);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), base::Error::Code::kInvalidInput);
}

}  // namespace
}  // namespace threatpath::risk
