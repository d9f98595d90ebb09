#include "base/strings.h"

#include <gtest/gtest.h>

namespace threatpath::base {
namespace {

TEST(StringsTest, CountPicksTheWordForTheNumber) {
  EXPECT_EQ(Count(1, "flow", "flows"), "1 flow");
  EXPECT_EQ(Count(0, "flow", "flows"), "0 flows");
  EXPECT_EQ(Count(2, "trust boundary", "trust boundaries"), "2 trust boundaries");
}

TEST(StringsTest, SlugifyFollowsThreagileLinkIds) {
  EXPECT_EQ(Slugify("Web App (v2)"), "web-app-v2");
  EXPECT_EQ(Slugify("  LDAP Credential Check Traffic  "), "ldap-credential-check-traffic");
  EXPECT_EQ(Slugify("---"), "");
  EXPECT_EQ(Slugify("Auth_Traffic"), "auth-traffic");
}

TEST(StringsTest, EditDistanceIsCapped) {
  EXPECT_EQ(EditDistance("api", "apii"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("a", "abcdefgh", 2), 3u);
  EXPECT_EQ(EditDistance("tpye", "type"), 1u);
  EXPECT_EQ(EditDistance("titel", "title"), 1u);
}

TEST(StringsTest, DidYouMeanSuggestsOnlyCloseCandidates) {
  std::vector<std::string> ids = {"api", "web", "database"};
  EXPECT_EQ(DidYouMean("apii", ids), " (did you mean 'api'?)");
  EXPECT_EQ(DidYouMean("databse", ids), " (did you mean 'database'?)");
  EXPECT_EQ(DidYouMean("zzzzzz", ids), "");
}

TEST(StringsTest, TrimAndLower) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(ToLower("AbC"), "abc");
}

}  // namespace
}  // namespace threatpath::base
