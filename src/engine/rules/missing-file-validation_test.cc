#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MissingFileValidationTest, CustomCodeAcceptingFiles) {
  ModelBuilder b;
  Component& upload = b.Comp("upload", "web-server");
  upload.custom_developed_parts = true;
  upload.data_formats_accepted = {DataFormat::kFile};
  Component& vital = b.Comp("vital", "web-server");
  vital.custom_developed_parts = true;
  vital.data_formats_accepted = {DataFormat::kFile};
  vital.integrity = Criticality::kMissionCritical;
  b.Comp("product", "web-server").data_formats_accepted = {DataFormat::kFile};
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("missing-file-validation", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"missing-file-validation@upload",
                                                  "missing-file-validation@vital"}));
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kVeryLikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kElevated);
}

}  // namespace
}  // namespace threatpath::engine
