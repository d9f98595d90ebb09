#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/source_location.h"
#include "intake/condition.h"

namespace threatpath::intake {

using base::Loc;

/// How much security involvement a design needs, in increasing order.
enum class Tier : uint8_t { kNone, kSelfService, kSecurityLed };
std::string_view ToString(Tier tier);  // "none", "self-service", "security-led"
std::optional<Tier> ParseTier(std::string_view s);

enum class Severity : uint8_t { kLow, kMedium, kHigh, kCritical };
std::string_view ToString(Severity severity);  // "low", "medium", "high", "critical"
std::optional<Severity> ParseSeverity(std::string_view s);

enum class QuestionType : uint8_t { kYesNo, kSingleChoice, kMultipleChoice, kText };
std::string_view ToString(QuestionType type);  // "yesno", "single", "multiple", "text"

/// A finding an answer or a rule raises.
struct FindingSpec {
  std::string id;
  Severity severity = Severity::kMedium;
  std::string title;  // short; may be empty
  std::string why;    // why it matters / what to do
  Loc loc;
};

/// What picking an answer (or a rule firing) does to the triage.
struct Effect {
  int points = 0;                // risk points, before the question's weight
  std::optional<Tier> min_tier;  // the tier is at least this
  std::vector<FindingSpec> findings;

  bool empty() const { return points == 0 && !min_tier && findings.empty(); }
};

struct Choice {
  std::string id;
  std::string text;
  Effect effect;
  Loc loc;
};

/// One element of a questionnaire. Blocks group items and can be hidden as a whole; questions
/// take answers; notes only show text; rules raise an effect when their condition holds (VSAQ
/// "tips" become rules).
struct Item {
  enum class Kind : uint8_t { kBlock, kQuestion, kNote, kRule };

  Kind kind = Kind::kQuestion;
  std::string id;  // required for questions and rules; optional for blocks and notes
  std::string text;
  Loc loc;
  /// Shown only when this holds (and the enclosing block is shown). For rules, this is the
  /// firing condition (`when`).
  std::optional<Condition> visible_if;
  Loc visible_if_loc;  // where the condition text starts

  // Questions.
  QuestionType type = QuestionType::kYesNo;
  bool required = false;
  int weight = 1;
  /// Offered choices; yes/no questions always have exactly "yes" and "no", in that order.
  std::vector<Choice> choices;

  // Rules.
  Effect effect;

  // Blocks.
  std::vector<Item> items;

  bool is_question() const { return kind == Kind::kQuestion; }
  /// The choice with this id, or -1.
  int FindChoice(std::string_view choice_id) const;
};

/// How raw risk points become a 0–100 priority (docs/questionnaires.md, "Priority").
struct Scoring {
  /// Raw points at which the priority reaches 50: priority = round(100 * p / (p + half_at)).
  int half_at = 60;
  /// The tier when no answer raises it.
  Tier default_tier = Tier::kNone;
};

/// A questionnaire: data read from our YAML format or imported from VSAQ. Call `Index()` (the
/// readers do) after changing `items`; the questionnaire is movable but not copyable, because the
/// index points into the item tree.
class Questionnaire {
 public:
  Questionnaire() = default;
  Questionnaire(Questionnaire&&) = default;
  Questionnaire& operator=(Questionnaire&&) = default;
  Questionnaire(const Questionnaire&) = delete;
  Questionnaire& operator=(const Questionnaire&) = delete;

  std::string id;
  std::string title;
  int version = 1;
  std::string format;  // "threatpath" or "vsaq"
  Scoring scoring;
  std::vector<Item> items;
  /// The file table that every Loc's `file` indexes (the questionnaire and any extensions).
  std::vector<std::string> files;

  /// One entry per item in document order (blocks before their contents).
  struct Flat {
    const Item* item;
    int parent;  // index of the enclosing block, or -1
  };

  /// Rebuilds the flat index and resolves every condition's references. Reports unknown ids,
  /// unknown choices, duplicate ids and (when `earlier_only`) references to items that do not
  /// come before the condition, each at file:line:col.
  base::Status Index(bool earlier_only);

  const std::vector<Flat>& flat() const { return flat_; }
  /// Index into flat() of the item with this id, or -1.
  int Find(std::string_view id) const;
  /// Counts by kind, over the whole tree.
  size_t CountQuestions() const { return questions_; }
  size_t CountRules() const { return rules_; }
  base::SourceLocation Where(Loc loc) const;

 private:
  std::vector<Flat> flat_;
  std::map<std::string, int, std::less<>> by_id_;
  size_t questions_ = 0, rules_ = 0;
};

/// Reads a questionnaire in Threatpath's YAML format (docs/questionnaires.md). Every problem is
/// reported at `display_name:line:col`, all at once.
base::Result<Questionnaire> ReadQuestionnaire(std::string_view text,
                                              const std::string& display_name);

/// The built-in design-review questionnaire (src/intake/design-review.yaml), parsed once.
const Questionnaire& DesignReview();
/// Its source text.
std::string_view DesignReviewYaml();

/// Imports a Google VSAQ questionnaire (JSON with leading `//` comment lines and `"..." +` string
/// joins). The questionnaire's id is `id` (callers pass the file's stem). Mapping in
/// docs/questionnaires.md, "Importing VSAQ".
base::Result<Questionnaire> ImportVsaq(std::string_view text, const std::string& display_name,
                                       const std::string& id);
/// Applies a VSAQ extension file (`namespace`, `extensions` with `insertAfter`) to `base`.
base::Status ApplyVsaqExtension(Questionnaire& base, std::string_view text,
                                const std::string& display_name);

/// Turns VSAQ JSON-with-quirks into strict JSON: comment lines become empty lines and string
/// joins are folded, with the swallowed line breaks put back after the string so later lines
/// keep their numbers.
std::string VsaqToJson(std::string_view text);

}  // namespace threatpath::intake
