#include "engine/tracking.h"

#include <gtest/gtest.h>

namespace threatpath::engine {
namespace {

using core::RiskStatus;

TEST(TrackingKeyMatchesTest, Cases) {
  struct Case {
    const char* key;
    const char* id;
    bool matches;
  };
  // Threagile 0.9.x turns a key into a regular expression (everything literal, '*' becomes
  // "[^@]+") and searches it anywhere in the id.
  const Case cases[] = {
      {"missing-waf@web", "missing-waf@web", true},
      {"missing-waf@*", "missing-waf@web", true},
      {"MISSING-WAF@Web", "missing-waf@web", false},     // case matters
      {"missing-waf@*", "missing-waf@web@extra", true},  // not anchored: the rest is ignored
      {"missing-waf@*", "missing-waf", false},
      {"*@web", "missing-waf@web", true},
      {"*@web", "missing-waf@webserver", true},  // not anchored at the end either
      {"waf@*", "missing-waf@web", true},        // nor at the start
      {"ldap-injection@*@ldap@*", "ldap-injection@idp@ldap@idp>check", true},
      {"ldap-injection@*@ldap@*", "ldap-injection@idp@other@idp>check", false},
      {"missing-waf@w*", "missing-waf@web", true},
      {"missing-waf@web*", "missing-waf@web", false},  // '*' needs at least one character
      {"missing-waf@*b", "missing-waf@web", true},
      {"missing-waf@", "missing-waf@", true},
      {"a.b@*", "axb@c", false},    // no regular-expression meaning
      {"a@*@c", "a@b@x@c", false},  // '*' never spans an '@'
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TrackingKeyMatches(c.key, c.id), c.matches) << c.key << " vs " << c.id;
  }
}

TEST(TrackingKeyMatchesTest, ManyStarsStayCheap) {
  std::string key = "x@" + std::string(200, '*') + "y";
  std::string id = "x@" + std::string(5000, 'a');
  EXPECT_FALSE(TrackingKeyMatches(key, id));
}

core::RiskTracking Entry(const std::string& key, RiskStatus status) {
  core::RiskTracking t;
  t.key = key;
  t.status = status;
  t.loc = {0, 7, 3};
  return t;
}

Risk WithId(const std::string& id) {
  Risk r;
  r.synthetic_id = id;
  return r;
}

TEST(ApplyRiskTrackingTest, ExactKeyWinsOverWildcardAndFirstWildcardWins) {
  std::vector<core::RiskTracking> tracking = {
      Entry("missing-waf@*", RiskStatus::kAccepted),
      Entry("missing-waf@web", RiskStatus::kMitigated),
      Entry("*@*", RiskStatus::kInDiscussion),
  };
  std::vector<Risk> risks = {WithId("missing-waf@web"), WithId("missing-waf@api"),
                             WithId("xss@web"), WithId("xss@web@extra")};
  std::vector<OrphanedTracking> orphans = ApplyRiskTracking(tracking, risks);
  EXPECT_TRUE(orphans.empty());
  EXPECT_EQ(risks[0].status, RiskStatus::kMitigated);
  EXPECT_EQ(risks[0].tracking, 1);
  EXPECT_EQ(risks[1].status, RiskStatus::kAccepted);
  EXPECT_EQ(risks[1].tracking, 0);
  EXPECT_EQ(risks[2].status, RiskStatus::kInDiscussion);
  EXPECT_EQ(risks[3].status, RiskStatus::kInDiscussion);  // "*@*" is not anchored
  EXPECT_EQ(risks[3].tracking, 2);
}

TEST(ApplyRiskTrackingTest, ReportsOrphans) {
  std::vector<core::RiskTracking> tracking = {
      Entry("missing-waf@gone", RiskStatus::kMitigated),
      Entry("missing-waf@*", RiskStatus::kAccepted),
      Entry("xss@*", RiskStatus::kAccepted),
      Entry("missing-waf@web", RiskStatus::kAccepted),
  };
  std::vector<Risk> risks = {WithId("missing-waf@web")};
  std::vector<OrphanedTracking> orphans = ApplyRiskTracking(tracking, risks);
  // The wildcard matches only a risk that has its own entry, so it applies to nothing.
  std::vector<OrphanedTracking> expected = {
      {.index = 0, .key = "missing-waf@gone", .wildcard = false, .loc = {0, 7, 3}},
      {.index = 1, .key = "missing-waf@*", .wildcard = true, .loc = {0, 7, 3}},
      {.index = 2, .key = "xss@*", .wildcard = true, .loc = {0, 7, 3}},
  };
  EXPECT_EQ(orphans, expected);
  EXPECT_EQ(risks[0].tracking, 3);
}

TEST(ApplyRiskTrackingTest, WildcardWithFewerPartsMatchesLongerIds) {
  // "unencrypted-communication@*" tracks every risk of the category, however many parts its
  // ids have, as in Threagile 0.9.x.
  std::vector<core::RiskTracking> tracking = {
      Entry("unencrypted-communication@*", RiskStatus::kAccepted)};
  std::vector<Risk> risks = {WithId("unencrypted-communication@web>db@web@db"),
                             WithId("unencrypted-communication@api>db@api@db@customer-data")};
  EXPECT_TRUE(ApplyRiskTracking(tracking, risks).empty());
  EXPECT_EQ(risks[0].status, RiskStatus::kAccepted);
  EXPECT_EQ(risks[1].status, RiskStatus::kAccepted);
}

TEST(ApplyRiskTrackingTest, CaseFollowsThreagile) {
  // Threagile 0.9.x looks an exact key up by the risk's id as it is, matches wildcards against
  // the lower-cased id and files the result under that lower-cased id, and reports an entry as
  // unknown unless its key is some risk's lower-cased id.
  std::vector<core::RiskTracking> tracking = {
      Entry("missing-waf@Web", RiskStatus::kMitigated),     // applies, but is reported
      Entry("missing-waf@api", RiskStatus::kAccepted),      // differs in case: applies to nothing
      Entry("xss@*", RiskStatus::kInDiscussion),            // matches both, applies to the lower
      Entry("MISSING-HARDENING@*", RiskStatus::kAccepted),  // upper case never matches
  };
  std::vector<Risk> risks = {WithId("missing-waf@Web"), WithId("missing-waf@API"),
                             WithId("xss@Web"), WithId("xss@web2"),
                             WithId("missing-hardening@web")};
  std::vector<OrphanedTracking> orphans = ApplyRiskTracking(tracking, risks);
  EXPECT_EQ(risks[0].status, RiskStatus::kMitigated);
  EXPECT_EQ(risks[0].tracking, 0);
  EXPECT_EQ(risks[1].status, RiskStatus::kUnchecked);
  EXPECT_EQ(risks[2].status, RiskStatus::kUnchecked);
  EXPECT_EQ(risks[3].status, RiskStatus::kInDiscussion);
  EXPECT_EQ(risks[4].status, RiskStatus::kUnchecked);
  std::vector<OrphanedTracking> expected = {
      {.index = 0, .key = "missing-waf@Web", .wildcard = false, .loc = {0, 7, 3}},
      {.index = 3, .key = "MISSING-HARDENING@*", .wildcard = true, .loc = {0, 7, 3}},
  };
  EXPECT_EQ(orphans, expected);
}

TEST(ApplyRiskTrackingTest, ResetsPreviousStatus) {
  std::vector<Risk> risks = {WithId("a@b")};
  risks[0].status = RiskStatus::kMitigated;
  risks[0].tracking = 4;
  EXPECT_TRUE(ApplyRiskTracking({}, risks).empty());
  EXPECT_EQ(risks[0].status, RiskStatus::kUnchecked);
  EXPECT_EQ(risks[0].tracking, -1);
}

}  // namespace
}  // namespace threatpath::engine
