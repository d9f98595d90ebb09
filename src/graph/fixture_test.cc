// Attack paths and STRIDE prompts of the example model and of third-party fixtures, pinned as
// golden files under test/data/graph/<case>/. After an intended change, run
// `TP_REBASELINE=1 tp_graph_fixture_test` and review the diff.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/load.h"
#include "graph/attack_paths.h"
#include "graph/stride.h"

namespace threatpath::graph {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CheckGolden(const std::string& actual, const std::string& case_name, const std::string& file) {
  fs::path p = fs::path(TP_SOURCE_DIR) / "test/data/graph" / case_name / file;
  const char* rebaseline = std::getenv("TP_REBASELINE");
  if (rebaseline != nullptr && std::string(rebaseline) == "1") {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(p)) << p << " is missing; run with TP_REBASELINE=1 to write it";
  EXPECT_EQ(actual, ReadFile(p)) << p << " differs; run with TP_REBASELINE=1 and review the diff";
}

TEST(GraphFixtureTest, OnlineShopExample) {
  auto loaded = app::LoadModel(TP_SOURCE_DIR "/examples/online-shop.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  FlowGraph g(loaded->model);
  AttackPathReport r = FindAttackPaths(g);
  EXPECT_FALSE(r.truncated);
  ASSERT_FALSE(r.paths.empty());
  // The weakest route overall: straight from the internet-facing gateway into the order service.
  EXPECT_EQ(r.paths[0].origin_id, "api-gateway");
  EXPECT_EQ(r.paths[0].target_id, "order-service");
  // The refuted "bucket is private" assumption shows on the bucket's exposure.
  bool bucket = false;
  for (const Exposure& e : r.exposures) {
    if (e.component_id == "object-storage" && e.asset_id == "invoices") {
      bucket = true;
      EXPECT_EQ(e.refuted_assumptions, std::vector<std::string>{"invoice-bucket-private"});
    }
  }
  EXPECT_TRUE(bucket);
  CheckGolden(FormatReport(r), "online-shop", "attack-paths.txt");

  AttackPathOptions per_target;
  per_target.grouping = Grouping::kPerTarget;
  CheckGolden(FormatReport(FindAttackPaths(g, per_target)), "online-shop",
              "attack-paths-per-target.txt");
  CheckGolden(FormatPrompts(StridePrompts(g)), "online-shop", "stride-prompts.txt");
}

TEST(GraphFixtureTest, ThreagileExampleV1) {
  fs::path p = fs::path(TP_FIXTURES_DIR) / "threagile/example-v1.yaml";
  if (!fs::exists(p)) GTEST_SKIP() << "fixture " << p << " is absent (../shared/fixtures)";
  auto loaded = app::LoadModel(p.string());
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  FlowGraph g(loaded->model);
  AttackPathReport r = FindAttackPaths(g);
  EXPECT_FALSE(r.truncated);
  EXPECT_FALSE(r.paths.empty());
  CheckGolden(FormatReport(r), "threagile-example-v1", "attack-paths.txt");
  CheckGolden(FormatPrompts(StridePrompts(g)), "threagile-example-v1", "stride-prompts.txt");
}

}  // namespace
}  // namespace threatpath::graph
