#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/result.h"
#include "formats/node.h"
#include "intake/questionnaire.h"

namespace threatpath::intake {

/// An answer file as read, before it is checked against a questionnaire
/// (docs/questionnaires.md, "Answers").
struct AnswerSheet {
  struct Entry {
    std::string question;
    Loc key_loc;
    formats::Node value;  // as written: a scalar, a list or null
  };

  std::string questionnaire;
  Loc questionnaire_loc;
  std::string title, team, submitted;  // optional metadata
  Loc answers_loc;                     // the `answers` key (or the document when it is missing)
  std::vector<Entry> answers;
  std::vector<std::string> files;  // file table for the Locs
};

/// Reads an answer file: YAML, or JSON when the text starts with '{'. Shape errors (unknown
/// top-level keys, `answers` not a mapping, wrong metadata types) come back at file:line:col.
base::Result<AnswerSheet> ReadAnswers(std::string_view text, const std::string& display_name);

/// One contribution to the priority: an answer (or a rule that held) and its weighted points.
struct Reason {
  std::string source;  // question or rule id
  std::string answer;  // the choice id ("yes", "pii"), or "when <condition>" for a rule
  int points = 0;
};

struct Finding {
  std::string id;
  Severity severity = Severity::kMedium;
  std::string title;
  std::string why;
  std::string source;  // the question or rule that raised it
};

/// The outcome of a questionnaire's answers.
struct Triage {
  std::string questionnaire;
  std::string title, team, submitted;
  Tier tier = Tier::kNone;
  /// The questions and rules that raised the tier above the default, in document order.
  std::vector<std::string> tier_sources;
  int raw_points = 0;                      // sum of the reasons' points
  int priority = 0;                        // 0–100, PriorityFromPoints(raw_points)
  std::vector<Reason> reasons;             // largest contribution first, then document order
  std::vector<Finding> findings;           // most severe first, then document order; one per id
  std::vector<base::Diagnostic> warnings;  // e.g. answers to questions that are not shown
};

/// The documented, monotone map from raw points to 0–100: 0 for p <= 0, else
/// round(100 * p / (p + half_at)).
int PriorityFromPoints(int raw_points, int half_at);

/// Checks `answers` against `q` and evaluates them. Errors (wrong questionnaire, unknown question,
/// wrong answer type, choice not offered, required question unanswered while shown) are reported
/// all at once at file:line:col of the answer file.
base::Result<Triage> Evaluate(const Questionnaire& q, const AnswerSheet& answers);

}  // namespace threatpath::intake
