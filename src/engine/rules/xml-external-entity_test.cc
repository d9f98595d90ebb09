#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(XmlExternalEntityTest, OneRiskPerXmlFormatEntry) {
  ModelBuilder b;
  b.Comp("soap", "web-service-soap").data_formats_accepted = {DataFormat::kXml};
  Component& twice = b.Comp("twice", "web-server");
  twice.data_formats_accepted = {DataFormat::kXml, DataFormat::kJson, DataFormat::kXml};
  twice.availability = Criticality::kMissionCritical;
  b.Comp("json", "web-server").data_formats_accepted = {DataFormat::kJson};
  Component& gone = b.Comp("gone", "web-server");
  gone.data_formats_accepted = {DataFormat::kXml};
  gone.out_of_scope = true;
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("xml-external-entity", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"xml-external-entity@soap", "xml-external-entity@twice",
                                      "xml-external-entity@twice"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[1].impact, Impact::kHigh);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kHigh);
}

}  // namespace
}  // namespace threatpath::engine
