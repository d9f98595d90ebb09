#include "base/result.h"

#include <gtest/gtest.h>

#include <string>

namespace threatpath::base {
namespace {

TEST(ResultTest, HoldsValueOrError) {
  Result<int> ok = 3;
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 3);
  Result<int> bad = Error::InvalidInput("nope");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), Error::Code::kInvalidInput);
  EXPECT_EQ(bad.error().message(), "nope");
}

TEST(ResultTest, ErrorWithDiagnosticsPrintsEachOnItsOwnLine) {
  Error e(Error::Code::kInvalidInput,
          std::vector<Diagnostic>{{Severity::kError, {"m.yaml", 3, 5}, "first"},
                                  {Severity::kError, {"m.yaml", 9, 1}, "second"}});
  EXPECT_EQ(e.message(), "2 errors in input");
  EXPECT_EQ(e.ToString(), "m.yaml:3:5: error: first\nm.yaml:9:1: error: second");
  Error one = Error::At({"m.yaml", 14, 5}, "flow 'f' names unknown component 'apii'");
  EXPECT_EQ(one.message(), "m.yaml:14:5: error: flow 'f' names unknown component 'apii'");
}

}  // namespace
}  // namespace threatpath::base
