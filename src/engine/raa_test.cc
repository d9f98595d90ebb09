#include "engine/raa.h"

#include <gtest/gtest.h>

#include "engine/context.h"
#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using core::ComponentType;
using core::Confidentiality;
using core::Criticality;
using testing::ModelBuilder;
using testing::Refs;

// a (process, internal/operational/operational = 13+8+8) sends d to b; b (data store,
// confidential/critical/critical = 34+21+21) stores d (confidential/critical/critical, few = x2).
//   aa(a) = 29 + transferred d (8*2 + 8*2 + 8) = 69
//   aa(b) = (76 + stored d (21*2 + 13*2 + 13)) * 2 for a data store = 314
// Relative: a -> 0 % -> 1, b -> 100 %. Pivoting: a gains (100 - 1) / 3 = 33 absolute points,
// so RAA(a) = (69 + 33 - 69) / (314 - 69) * 100.
TEST(RaaTest, HandComputedTwoComponents) {
  ModelBuilder b;
  b.Data("d", Confidentiality::kConfidential, Criticality::kCritical, Criticality::kCritical);
  b.Comp("a", "web-server");
  core::Component& store = b.Comp("b", "database", ComponentType::kDatastore);
  store.confidentiality = Confidentiality::kConfidential;
  store.integrity = Criticality::kCritical;
  store.availability = Criticality::kCritical;
  store.data_stored = Refs({"d"});
  b.Flow("a", "b", "write").data_sent = Refs({"d"});
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 0), 69);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 1), 314);
  EXPECT_DOUBLE_EQ(ctx.raa(0), 33.0 / 245 * 100);
  EXPECT_DOUBLE_EQ(ctx.raa(1), 100);
}

TEST(RaaTest, TechnologyFactorsAndScope) {
  ModelBuilder b;
  b.Comp("lb", "load-balancer");                                  // 29 / 5.5
  b.Comp("mon", "monitoring");                                    // 29 / 5
  b.Comp("k8s", "container-platform");                            // 29 * 5
  b.Comp("vault", "vault");                                       // 29 * 2
  b.Comp("ci", "build-pipeline");                                 // 29 * 2
  b.Comp("idp", "identity-provider", ComponentType::kDatastore);  // 29 * 2.5, not also * 2
  b.Comp("tenant", "web-server").multi_tenant = true;             // 29 * 1.5
  b.Comp("gone", "web-server").out_of_scope = true;               // 0
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 0), 29 / 5.5);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 1), 29.0 / 5);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 2), 29.0 * 5);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 3), 29.0 * 2);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 4), 29.0 * 2);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 5), 29.0 * 2.5);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 6), 29.0 * 1.5);
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 7), 0);
  // The out-of-scope component is the minimum (0 -> "1 %"), the platform the maximum.
  EXPECT_DOUBLE_EQ(ctx.raa(7), 1);
  EXPECT_DOUBLE_EQ(ctx.raa(2), 100);
  EXPECT_DOUBLE_EQ(ctx.raa(3), 58.0 / 145 * 100);
}

TEST(RaaTest, QuantityWeighsConfidentialityAndIntegrityOnly) {
  ModelBuilder b;
  b.Data("many", Confidentiality::kPublic, Criticality::kArchive, Criticality::kImportant)
      .quantity = core::Quantity::kVeryMany;
  b.Comp("p", "web-server").data_processed = Refs({"many", "many"});
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());
  // 29 + 2 * (5*5 + 3*5 + 8); duplicates count twice, as in Threagile.
  EXPECT_DOUBLE_EQ(AttackerAttractiveness(ctx, 0), 29 + 2 * (25 + 15 + 8));
}

TEST(RaaTest, EqualScoresAndEmptyModels) {
  ModelBuilder b;
  b.Comp("a", "web-server");
  b.Comp("b", "web-server");
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());
  // Minimum == maximum: the spread becomes 1 and every score sits at 0 % -> 1.
  EXPECT_DOUBLE_EQ(ctx.raa(0), 1);
  EXPECT_DOUBLE_EQ(ctx.raa(1), 1);

  core::Model empty;
  AnalysisContext none(empty, catalog::Catalog::Builtin());
  EXPECT_TRUE(none.raa().empty());
}

TEST(RaaTest, PivotingUsesTheMostAttractiveTarget) {
  ModelBuilder b;
  b.Comp("low", "web-server");  // 29
  core::Component& mid = b.Comp("mid", "web-server");
  mid.confidentiality = Confidentiality::kRestricted;  // 21+8+8 = 37
  core::Component& high = b.Comp("high", "web-server");
  high.confidentiality = Confidentiality::kStrictlyConfidential;  // 55+8+8 = 71
  b.Flow("low", "mid", "to-mid");
  b.Flow("low", "high", "to-high");
  b.Flow("high", "low", "back");  // negative delta: no effect
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());
  // Relative: low 1 (0 %), mid 8/42*100, high 100; low gains (100 - 1) / 3 = 33 points.
  EXPECT_DOUBLE_EQ(ctx.raa(0), 33.0 / 42 * 100);
  EXPECT_DOUBLE_EQ(ctx.raa(1), 8.0 / 42 * 100);
  EXPECT_DOUBLE_EQ(ctx.raa(2), 100);
}

}  // namespace
}  // namespace threatpath::engine
