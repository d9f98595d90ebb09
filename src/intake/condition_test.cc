#include "intake/condition.h"

#include <gtest/gtest.h>

namespace threatpath::intake {
namespace {

struct ParseCase {
  const char* text;
  const char* canonical;  // ToString() of the parse; nullptr when an error is expected
  uint32_t error_column = 0;
  const char* error = "";
};

TEST(ConditionTest, ParsesAndPrintsCanonically) {
  const ParseCase cases[] = {
      {.text = "a", .canonical = "a"},
      {.text = "  handles_pii  ", .canonical = "handles_pii"},
      {.text = "data_kinds/payment_card", .canonical = "data_kinds/payment_card"},
      {.text = "^warn_x", .canonical = "^warn_x"},
      {.text = "a && b || c", .canonical = "a && b || c"},
      {.text = "a || b && c", .canonical = "a || b && c"},
      {.text = "(a || b) && c", .canonical = "(a || b) && c"},
      {.text = "a && (b || c)", .canonical = "a && (b || c)"},
      {.text = "!a && b", .canonical = "!a && b"},
      {.text = "!(a && b)", .canonical = "!(a && b)"},
      {.text = "!!a", .canonical = "!!a"},
      {.text = "handles_pii && !(paved_path)", .canonical = "handles_pii && !paved_path"},
      {.text = "((a))", .canonical = "a"},
      {.text = "a&&b&&c", .canonical = "a && b && c"},
      {.text = "(a || b) || c", .canonical = "(a || b) || c"},
      {.text = "", .canonical = nullptr, .error_column = 1, .error = "empty condition"},
      {.text = "a &&",
       .canonical = nullptr,
       .error_column = 5,
       .error = "expected a question id, '!' or '(', found the end"},
      {.text = "a b",
       .canonical = nullptr,
       .error_column = 3,
       .error = "expected '&&', '||' or the end of the condition, found 'b'"},
      {.text = "(a || b", .canonical = nullptr, .error_column = 1, .error = "'(' is never closed"},
      {.text = "a || b)", .canonical = nullptr, .error_column = 7, .error = "unbalanced ')'"},
      {.text = "a & b",
       .canonical = nullptr,
       .error_column = 3,
       .error = "expected '&&', '||' or the end of the condition, found '&'"},
      {.text = "a/",
       .canonical = nullptr,
       .error_column = 3,
       .error = "expected a choice id after '/', found the end"},
      {.text = "^a/b",
       .canonical = nullptr,
       .error_column = 3,
       .error = "'^a' cannot name a choice"},
      {.text = "!",
       .canonical = nullptr,
       .error_column = 2,
       .error = "expected a question id, '!' or '(', found the end"},
      {.text = "a || ()",
       .canonical = nullptr,
       .error_column = 7,
       .error = "expected a question id, '!' or '(', found ')'"},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.text);
    ConditionError err;
    auto r = ParseCondition(c.text, &err);
    if (c.canonical) {
      ASSERT_TRUE(r) << r.error().message();
      EXPECT_EQ(r->ToString(), c.canonical);
    } else {
      ASSERT_FALSE(r);
      EXPECT_EQ(err.message, c.error);
      EXPECT_EQ(err.column, c.error_column);
    }
  }
}

TEST(ConditionTest, PrecedenceShapesTheTree) {
  auto r = ParseCondition("a || b && !c", nullptr);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->op, Condition::Op::kOr);
  ASSERT_EQ(r->args.size(), 2u);
  EXPECT_EQ(r->args[0].name, "a");
  ASSERT_EQ(r->args[1].op, Condition::Op::kAnd);
  EXPECT_EQ(r->args[1].args[1].op, Condition::Op::kNot);
  EXPECT_EQ(r->args[1].args[1].column, 11u);
  EXPECT_EQ(r->args[1].args[1].args[0].column, 12u);
}

TEST(ConditionTest, RefsCarryColumns) {
  auto r = ParseCondition("x && data/pii", nullptr);
  ASSERT_TRUE(r);
  std::vector<std::pair<std::string, uint32_t>> refs;
  r->ForEachRef([&](const Condition& c) { refs.emplace_back(c.name + "/" + c.choice, c.column); });
  EXPECT_EQ(refs, (std::vector<std::pair<std::string, uint32_t>>{{"x/", 1}, {"data/pii", 6}}));
}

TEST(ConditionTest, RefusesDeepNesting) {
  std::string deep(150, '(');
  deep += "a";
  deep += std::string(150, ')');
  ConditionError err;
  EXPECT_FALSE(ParseCondition(deep, &err));
  EXPECT_EQ(err.message, "condition nested too deeply");
  std::string bangs(500, '!');
  EXPECT_FALSE(ParseCondition(bangs + "a", &err));
}

}  // namespace
}  // namespace threatpath::intake
