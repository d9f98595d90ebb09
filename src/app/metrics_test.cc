#include "app/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace threatpath::app {
namespace {

TEST(MetricsTest, MedianAndPercentile) {
  struct Case {
    std::vector<double> values;
    double median;
    double p90;
  };
  const Case cases[] = {
      {{}, 0, 0},
      {{7}, 7, 7},
      {{3, 1}, 2, 3},
      {{5, 1, 3}, 3, 5},
      {{4, 1, 3, 2}, 2.5, 4},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
  };
  for (const auto& c : cases) {
    EXPECT_DOUBLE_EQ(Median(c.values), c.median) << c.values.size();
    EXPECT_DOUBLE_EQ(Percentile90(c.values), c.p90) << c.values.size();
  }
}

TEST(MetricsTest, ParsesMonthsAndTimestamps) {
  EXPECT_EQ(ParseMonth("2026-01"), 2026 * 12);
  EXPECT_EQ(ParseMonth("2026-12"), 2026 * 12 + 11);
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01-01", ""}) {
    EXPECT_FALSE(ParseMonth(bad)) << bad;
  }
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestamp("2026-03-01T00:00:00Z").value() -
                ParseTimestamp("2026-02-28T23:00:00Z").value(),
            3600);
  EXPECT_EQ(ParseTimestamp("2024-03-01T00:00:00Z").value() -
                ParseTimestamp("2024-02-28T00:00:00Z").value(),
            2 * 86400);
  EXPECT_FALSE(ParseTimestamp("2026-03-01 00:00:00"));
  EXPECT_FALSE(ParseTimestamp(""));
}

TEST(MetricsTest, RefusesBadRanges) {
  struct Case {
    std::string from, to, field, message;
  };
  const Case cases[] = {
      {"2026-13", "2026-12", "from",
       "query parameter 'from' must be a month YYYY-MM, not '2026-13'"},
      {"2026-01", "x", "to", "query parameter 'to' must be a month YYYY-MM, not 'x'"},
      {"2026-02", "2026-01", "from", "query parameter 'from' (2026-02) is after 'to' (2026-01)"},
      {"2010-01", "2020-01", "from", "the range from 2010-01 to 2020-01 is longer than 120 months"},
  };
  for (const auto& c : cases) {
    MetricsInput in;
    in.from = c.from;
    in.to = c.to;
    auto r = ComputeProgramMetrics(in);
    ASSERT_FALSE(r) << c.from;
    EXPECT_EQ(r.error().code(), base::Error::Code::kInvalidInput);
    EXPECT_EQ(r.error().message(), c.message);
    EXPECT_EQ(r.error().field(), c.field);
  }
}

TEST(MetricsTest, EmptyInputGivesZeros) {
  MetricsInput in;
  in.from = "2026-11";
  in.to = "2027-01";
  auto r = ComputeProgramMetrics(in);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->months, (std::vector<std::string>{"2026-11", "2026-12", "2027-01"}));
  EXPECT_TRUE(r->teams.empty());
  for (const auto* b : {&r->overall, &r->overall_by_month.at("2026-12")}) {
    EXPECT_EQ(b->intakes, 0);
    EXPECT_EQ(b->coverage, 0);
    EXPECT_EQ(b->triage_median_hours, 0);
    EXPECT_EQ(b->triage_p90_hours, 0);
    EXPECT_EQ(b->self_service_rate, 0);
    EXPECT_EQ(b->design_share, 0);
    EXPECT_EQ(b->model_age_median_days, 0);
    EXPECT_FALSE(std::isnan(b->coverage));
    EXPECT_EQ(b->findings.at("incident").at("critical"), 0);
  }
  EXPECT_EQ(ProgramMetricsCsv(*r).find("nan"), std::string::npos);
}

TEST(MetricsTest, BucketsByTeamAndMonthAtBoundaries) {
  MetricsInput in;
  in.from = "2026-02";
  in.to = "2026-03";
  in.now = *ParseTimestamp("2026-03-31T00:00:00Z");
  in.teams = {{4, "red, \"blue\""}};
  // Intakes: the first second of February, the last of March, and two outside the range. The
  // first is linked to the model made for it; so is the third, which needs none.
  in.intakes = {
      {4, 1, "2026-02-01T00:00:00Z", "self-service", "2026-02-01T10:00:00Z", true},
      {4, 1, "2026-03-31T23:59:59Z", "security-led", "", false},
      {0, 2, "2026-02-15T00:00:00Z", "none", "2026-02-15T02:00:00Z", true},
      {0, 2, "2026-02-16T00:00:00Z", "security-led", "2026-02-16T04:00:00Z", false},
      {4, 1, "2026-01-31T23:59:59Z", "self-service", "", true},
      {4, 1, "2026-04-01T00:00:00Z", "self-service", "", true},
  };
  // Models count for freshness; coverage follows the links only (project 2's model is not
  // linked to its security-led intake, so that intake is not covered).
  in.models = {{4, 1, "2026-02-10T00:00:00Z", "2026-03-30T00:00:00Z"},
               {0, 2, "2026-01-01T00:00:00Z", "2025-09-01T00:00:00Z"}};
  in.findings = {{4, "design", "critical", "2026-02-28"},
                 {4, "pen-test", "high", "2026-03-01"},
                 {0, "design", "low", "2026-03-31"},
                 {0, "incident", "low", "2026-04-01"}};
  in.sessions = {{4, "2026-03-02T00:00:00Z", true, true},
                 {4, "2026-03-03T00:00:00Z", true, false},
                 {0, "2026-02-03T00:00:00Z", false, false}};
  auto r = ComputeProgramMetrics(in);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->teams.size(), 2u);
  EXPECT_EQ(r->teams[0].team, "no team");
  const auto& red = r->teams[1];
  EXPECT_EQ(red.team_id, 4);
  const auto& feb = red.by_month.at("2026-02");
  const auto& mar = red.by_month.at("2026-03");
  EXPECT_EQ(feb.intakes, 1);
  EXPECT_EQ(mar.intakes, 1);
  EXPECT_EQ(feb.covered, 1);
  EXPECT_EQ(mar.covered, 0);
  EXPECT_DOUBLE_EQ(red.total.coverage, 0.5);
  EXPECT_EQ(feb.triaged, 1);
  EXPECT_DOUBLE_EQ(feb.triage_median_hours, 10);
  EXPECT_DOUBLE_EQ(red.total.self_service_rate, 0.5);
  EXPECT_EQ(feb.findings.at("design").at("critical"), 1);
  EXPECT_EQ(mar.findings.at("pen-test").at("high"), 1);
  EXPECT_DOUBLE_EQ(red.total.design_share, 0.5);
  EXPECT_DOUBLE_EQ(red.total.cost_avoided, 10 * 29);
  EXPECT_EQ(mar.sessions_closed_by_poll, 1);
  EXPECT_EQ(mar.sessions_closed_otherwise, 1);
  EXPECT_EQ(red.total.models, 1);
  EXPECT_DOUBLE_EQ(red.total.model_age_median_days, 1);
  EXPECT_EQ(red.total.models_stale, 0);

  const auto& none = r->teams[0].total;
  EXPECT_EQ(none.intakes, 2);
  EXPECT_EQ(none.needing_model, 1);
  EXPECT_EQ(none.covered, 0);  // the linked intake needs no model; the one that does is unlinked
  EXPECT_DOUBLE_EQ(none.coverage, 0);
  EXPECT_DOUBLE_EQ(none.triage_median_hours, 3);
  EXPECT_DOUBLE_EQ(none.triage_p90_hours, 4);
  EXPECT_EQ(none.findings_total, 1);  // the April incident is outside the range
  EXPECT_EQ(none.models_stale, 1);
  EXPECT_EQ(none.sessions_open, 1);

  EXPECT_EQ(r->overall.intakes, 4);
  EXPECT_DOUBLE_EQ(r->overall.triage_median_hours, 4);  // 2, 4, 10
  EXPECT_DOUBLE_EQ(r->overall.triage_p90_hours, 10);
  EXPECT_DOUBLE_EQ(r->overall.self_service_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r->overall.cost_avoided, 10 * 29 + 1 * 29);
  EXPECT_EQ(r->overall_by_month.at("2026-02").intakes, 3);
  EXPECT_EQ(r->overall.models, 2);

  std::string csv = ProgramMetricsCsv(*r);
  EXPECT_EQ(csv.substr(0, csv.find(',', 20)), "team_id,team,month,intakes");
  EXPECT_NE(csv.find("\r\n4,\"red, \"\"blue\"\"\",2026-02,1,1,1,1,1,10,10,1,0,1,"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\r\n,overall,total,4,3,1,0.3333,3,4,10,1,2,0.3333,"), std::string::npos)
      << csv;
  // 2 teams and the overall, each with 2 months and a total, plus the header.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 10);
}

TEST(MetricsTest, CostMultipliers) {
  struct Case {
    double design, later, expected;
  };
  const Case cases[] = {{1, 30, 5 * 29 + 2 * 29}, {1, 1, 0}, {2, 10, 5 * 8 + 2 * 8}};
  for (const auto& c : cases) {
    MetricsInput in;
    in.from = in.to = "2026-05";
    in.cost.design_multiplier = c.design;
    in.cost.later_multiplier = c.later;
    in.findings = {{0, "design", "high", "2026-05-01"},
                   {0, "design", "medium", "2026-05-31"},
                   {0, "incident", "critical", "2026-05-02"}};
    auto r = ComputeProgramMetrics(in);
    ASSERT_TRUE(r);
    EXPECT_DOUBLE_EQ(r->overall.cost_avoided, c.expected) << c.design << " " << c.later;
    EXPECT_DOUBLE_EQ(r->overall.design_share, 2.0 / 3);
  }
}

}  // namespace
}  // namespace threatpath::app
