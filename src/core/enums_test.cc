#include "core/enums.h"

#include <gtest/gtest.h>

namespace threatpath::core {
namespace {

TEST(EnumsTest, ParsesCanonicalAndThreagileV1Spellings) {
  EXPECT_EQ(Parse<Authorization>("end-user-identity-propagation"),
            Authorization::kEndUserIdentityPropagation);
  EXPECT_EQ(Parse<Authorization>("enduser-identity-propagation"),
            Authorization::kEndUserIdentityPropagation);
  EXPECT_TRUE(IsAliasSpelling<Authorization>("enduser-identity-propagation"));
  EXPECT_EQ(ToString(Authorization::kEndUserIdentityPropagation), "end-user-identity-propagation");
  EXPECT_EQ(Parse<Confidentiality>("secret"), std::nullopt);
}

TEST(EnumsTest, EveryValueHasACanonicalSpellingThatParsesBack) {
  for (const auto& n : EnumTraits<Protocol>::names()) {
    EXPECT_EQ(Parse<Protocol>(ToString(n.value)), n.value);
  }
  EXPECT_EQ(CanonicalNames<Protocol>().size(), 47u);
  EXPECT_EQ(CanonicalNames<RiskSeverity>().size(), 5u);
}

TEST(EnumsTest, OrderFollowsSeverity) {
  EXPECT_LT(Confidentiality::kConfidential, Confidentiality::kStrictlyConfidential);
  EXPECT_LT(Criticality::kCritical, Criticality::kMissionCritical);
}

TEST(EnumsTest, ProtocolFacts) {
  EXPECT_TRUE(IsEncrypted(Protocol::kHttps));
  EXPECT_FALSE(IsEncrypted(Protocol::kHttp));
  EXPECT_TRUE(IsProcessLocal(Protocol::kInProcessLibraryCall));
  EXPECT_FALSE(IsProcessLocal(Protocol::kJdbc));
}

}  // namespace
}  // namespace threatpath::core
