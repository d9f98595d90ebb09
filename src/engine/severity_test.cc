#include "engine/severity.h"

#include <gtest/gtest.h>

namespace threatpath::engine {
namespace {

using core::Impact;
using core::Likelihood;
using core::RiskSeverity;

TEST(SeverityTest, MatrixMatchesThreagile) {
  struct Case {
    Likelihood likelihood;
    Impact impact;
    RiskSeverity severity;
  };
  const Case cases[] = {
      {Likelihood::kUnlikely, Impact::kLow, RiskSeverity::kLow},            // 1
      {Likelihood::kUnlikely, Impact::kMedium, RiskSeverity::kMedium},      // 2
      {Likelihood::kUnlikely, Impact::kHigh, RiskSeverity::kMedium},        // 3
      {Likelihood::kUnlikely, Impact::kVeryHigh, RiskSeverity::kElevated},  // 4
      {Likelihood::kLikely, Impact::kLow, RiskSeverity::kMedium},           // 2
      {Likelihood::kLikely, Impact::kMedium, RiskSeverity::kElevated},      // 4
      {Likelihood::kLikely, Impact::kHigh, RiskSeverity::kElevated},        // 6
      {Likelihood::kLikely, Impact::kVeryHigh, RiskSeverity::kElevated},    // 8
      {Likelihood::kVeryLikely, Impact::kLow, RiskSeverity::kMedium},       // 3
      {Likelihood::kVeryLikely, Impact::kMedium, RiskSeverity::kElevated},  // 6
      {Likelihood::kVeryLikely, Impact::kHigh, RiskSeverity::kHigh},        // 9
      {Likelihood::kVeryLikely, Impact::kVeryHigh, RiskSeverity::kHigh},    // 12
      {Likelihood::kFrequent, Impact::kLow, RiskSeverity::kElevated},       // 4
      {Likelihood::kFrequent, Impact::kMedium, RiskSeverity::kElevated},    // 8
      {Likelihood::kFrequent, Impact::kHigh, RiskSeverity::kHigh},          // 12
      {Likelihood::kFrequent, Impact::kVeryHigh, RiskSeverity::kCritical},  // 16
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CalculateSeverity(c.likelihood, c.impact), c.severity)
        << core::ToString(c.likelihood) << " x " << core::ToString(c.impact);
  }
}

TEST(SeverityTest, Weights) {
  EXPECT_EQ(Weight(Likelihood::kUnlikely), 1);
  EXPECT_EQ(Weight(Likelihood::kFrequent), 4);
  EXPECT_EQ(Weight(Impact::kLow), 1);
  EXPECT_EQ(Weight(Impact::kVeryHigh), 4);
}

}  // namespace
}  // namespace threatpath::engine
