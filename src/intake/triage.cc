#include "intake/triage.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "base/strings.h"
#include "formats/decode.h"

namespace threatpath::intake {

using formats::Node;

base::Result<AnswerSheet> ReadAnswers(std::string_view text, const std::string& display_name) {
  size_t first = text.find_first_not_of(" \t\r\n");
  bool json = first != std::string_view::npos && text[first] == '{';
  auto root =
      json ? formats::ParseJson(text, 0, display_name) : formats::ParseYaml(text, 0, display_name);
  if (!root) return std::move(root).error();
  AnswerSheet sheet;
  sheet.files = {display_name};
  formats::Decoder d(sheet.files);
  if (!root->is_mapping()) {
    return base::Error::At({display_name, root->loc.line, root->loc.column},
                           "an answer file must be a mapping with 'questionnaire' and 'answers'");
  }
  static constexpr std::array<std::string_view, 5> keys = {"questionnaire", "title", "team",
                                                           "submitted", "answers"};
  d.CheckKeys(*root, keys, "answers file");
  sheet.questionnaire_loc = root->loc;
  if (const Node* n = root->Find("questionnaire")) {
    sheet.questionnaire_loc = n->loc;
    d.Str(*n, sheet.questionnaire, "questionnaire");
  }
  if (sheet.questionnaire.empty())
    d.Error(sheet.questionnaire_loc,
            "'questionnaire' is required: the id of the questionnaire "
            "these answers are for");
  if (const Node* n = root->Find("title")) d.Str(*n, sheet.title, "title");
  if (const Node* n = root->Find("team")) d.Str(*n, sheet.team, "team");
  if (const Node* n = root->Find("submitted")) d.Str(*n, sheet.submitted, "submitted");
  sheet.answers_loc = root->loc;
  for (const formats::Entry& e : root->entries) {
    if (e.key.value != "answers") continue;
    sheet.answers_loc = e.key.loc;
    if (e.value.is_null()) break;
    if (!e.value.is_mapping()) {
      d.Error(e.value.loc, "answers: expected a mapping from question id to answer, found " +
                               std::string(formats::Describe(e.value)));
      break;
    }
    for (const formats::Entry& a : e.value.entries)
      sheet.answers.push_back({a.key.value, a.key.loc, a.value});
  }
  if (d.failed()) return base::Error(base::Error::Code::kInvalidInput, d.TakeDiagnostics());
  return sheet;
}

int PriorityFromPoints(int raw_points, int half_at) {
  if (raw_points <= 0) return 0;
  if (half_at <= 0) half_at = 1;
  double p = raw_points;
  return static_cast<int>(std::lround(100.0 * p / (p + half_at)));
}

namespace {

struct State {
  bool answered = false;
  std::vector<bool> selected;  // per choice
  std::string text;
};

class Evaluator {
 public:
  Evaluator(const Questionnaire& q, const std::vector<State>& states)
      : q_(q), states_(states), visible_(q.flat().size(), 0) {}

  bool Visible(int i) {
    uint8_t& v = visible_[static_cast<size_t>(i)];
    if (v == kYes) return true;
    if (v == kNo || v == kComputing) return false;  // a cycle counts as hidden
    v = kComputing;
    const auto& flat = q_.flat()[static_cast<size_t>(i)];
    bool shown = (flat.parent < 0 || Visible(flat.parent)) &&
                 (!flat.item->visible_if || Holds(*flat.item->visible_if));
    visible_[static_cast<size_t>(i)] = shown ? kYes : kNo;
    return shown;
  }

  bool Holds(const Condition& c) {
    switch (c.op) {
      case Condition::Op::kNot:
        return !Holds(c.args[0]);
      case Condition::Op::kAnd:
        for (const Condition& a : c.args)
          if (!Holds(a)) return false;
        return true;
      case Condition::Op::kOr:
        for (const Condition& a : c.args)
          if (Holds(a)) return true;
        return false;
      case Condition::Op::kRef:
        break;
    }
    if (c.target < 0) return false;
    if (c.shown) return Visible(c.target);
    if (!Visible(c.target)) return false;  // answers to hidden questions do not count
    const State& s = states_[static_cast<size_t>(c.target)];
    if (!s.answered) return false;
    const Item& item = *q_.flat()[static_cast<size_t>(c.target)].item;
    if (c.choice_index >= 0) return s.selected[static_cast<size_t>(c.choice_index)];
    switch (item.type) {
      case QuestionType::kYesNo:
        return s.selected[0];
      case QuestionType::kText:
        return !s.text.empty();
      default:
        return std::find(s.selected.begin(), s.selected.end(), true) != s.selected.end();
    }
  }

 private:
  static constexpr uint8_t kUnknown = 0, kComputing = 1, kNo = 2, kYes = 3;
  const Questionnaire& q_;
  const std::vector<State>& states_;
  std::vector<uint8_t> visible_;
};

std::vector<std::string> ChoiceIds(const Item& item) {
  std::vector<std::string> ids;
  for (const Choice& c : item.choices) ids.push_back(c.id);
  return ids;
}

}  // namespace

base::Result<Triage> Evaluate(const Questionnaire& q, const AnswerSheet& sheet) {
  formats::Decoder d(sheet.files);
  if (sheet.questionnaire != q.id) {
    d.Error(sheet.questionnaire_loc, "these answers are for questionnaire '" + sheet.questionnaire +
                                         "', not '" + q.id + "'");
    return base::Error(base::Error::Code::kInvalidInput, d.TakeDiagnostics());
  }
  const auto& flat = q.flat();
  std::vector<State> states(flat.size());
  std::vector<std::string> question_ids;
  for (const auto& f : flat)
    if (f.item->is_question()) question_ids.push_back(f.item->id);
  std::vector<Loc> answer_loc(flat.size());
  std::vector<bool> invalid(flat.size(), false);  // answered, but wrongly: not "unanswered"

  for (const AnswerSheet::Entry& e : sheet.answers) {
    int index = q.Find(e.question);
    if (index < 0) {
      d.Error(e.key_loc,
              "unknown question '" + e.question + "'" + base::DidYouMean(e.question, question_ids));
      continue;
    }
    const Item& item = *flat[static_cast<size_t>(index)].item;
    if (!item.is_question()) {
      d.Error(e.key_loc, "'" + e.question + "' is not a question");
      continue;
    }
    if (e.value.is_null()) continue;  // left blank
    State& s = states[static_cast<size_t>(index)];
    s.selected.assign(item.choices.size(), false);
    answer_loc[static_cast<size_t>(index)] = e.key_loc;
    invalid[static_cast<size_t>(index)] = true;  // until the answer is accepted below
    const std::string what = "question '" + e.question + "'";
    auto pick = [&](const Node& v) {
      int c = item.FindChoice(v.value);
      if (c < 0) {
        auto ids = ChoiceIds(item);
        d.Error(v.loc, what + " has no choice '" + v.value + "'" + base::DidYouMean(v.value, ids) +
                           "; its choices are: " + base::Join(ids, ", "));
        return false;
      }
      if (s.selected[static_cast<size_t>(c)]) {
        d.Error(v.loc, what + ": choice '" + v.value + "' is given twice");
        return false;
      }
      s.selected[static_cast<size_t>(c)] = true;
      return true;
    };
    switch (item.type) {
      case QuestionType::kYesNo: {
        bool ok = e.value.is_scalar();
        if (ok) {
          std::string v = base::ToLower(e.value.value);
          if (e.value.plain && (v == "yes" || v == "true"))
            s.selected[0] = true;
          else if (e.value.plain && (v == "no" || v == "false"))
            s.selected[1] = true;
          else
            ok = false;
        }
        if (!ok) {
          d.Error(e.value.loc, what + " takes yes or no, found " +
                                   (e.value.is_scalar() ? "'" + e.value.value + "'"
                                                        : std::string(formats::Describe(e.value))));
          continue;
        }
        break;
      }
      case QuestionType::kSingleChoice:
        if (!e.value.is_scalar()) {
          d.Error(e.value.loc,
                  what + " takes one choice, found " + std::string(formats::Describe(e.value)));
          continue;
        }
        if (!pick(e.value)) continue;
        break;
      case QuestionType::kMultipleChoice: {
        if (!e.value.is_sequence()) {
          d.Error(e.value.loc, what + " takes a list of choices, found " +
                                   std::string(formats::Describe(e.value)));
          continue;
        }
        bool ok = true;
        for (const Node& v : e.value.items) {
          if (!v.is_scalar()) {
            d.Error(v.loc, what + ": each choice must be a single value, found " +
                               std::string(formats::Describe(v)));
            ok = false;
          } else {
            ok = pick(v) && ok;
          }
        }
        if (!ok) continue;
        break;
      }
      case QuestionType::kText:
        if (!e.value.is_scalar()) {
          d.Error(e.value.loc,
                  what + " takes text, found " + std::string(formats::Describe(e.value)));
          continue;
        }
        s.text = e.value.value;
        break;
    }
    s.answered = true;
    invalid[static_cast<size_t>(index)] = false;
  }

  Evaluator eval(q, states);
  Triage out;
  out.questionnaire = q.id;
  out.title = sheet.title;
  out.team = sheet.team;
  out.submitted = sheet.submitted;
  out.tier = q.scoring.default_tier;
  std::set<std::string, std::less<>> finding_ids;
  auto apply = [&](const Effect& effect, const std::string& source, const std::string& answer,
                   int weight) {
    int points = effect.points * weight;
    if (points != 0) out.reasons.push_back({source, answer, points});
    out.raw_points += points;
    if (effect.min_tier && *effect.min_tier > q.scoring.default_tier) {
      if (*effect.min_tier > out.tier) out.tier = *effect.min_tier;
      if (std::find(out.tier_sources.begin(), out.tier_sources.end(), source) ==
          out.tier_sources.end())
        out.tier_sources.push_back(source);
    }
    for (const FindingSpec& f : effect.findings) {
      if (!finding_ids.insert(f.id).second) continue;
      out.findings.push_back({f.id, f.severity, f.title, f.why, source});
    }
  };

  for (size_t i = 0; i < flat.size(); ++i) {
    const Item& item = *flat[i].item;
    if (item.kind == Item::Kind::kRule) {
      if (eval.Visible(static_cast<int>(i)))
        apply(item.effect, item.id, "when " + item.visible_if->ToString(), 1);
      continue;
    }
    if (!item.is_question()) continue;
    const State& s = states[i];
    bool shown = eval.Visible(static_cast<int>(i));
    if (!shown) {
      if (s.answered) {
        std::string why = item.visible_if && !eval.Holds(*item.visible_if)
                              ? "condition '" + item.visible_if->ToString() + "' does not hold"
                              : "its block is not shown";
        d.Warning(answer_loc[i],
                  "answer to '" + item.id + "' ignored: the question is not shown (" + why + ")");
      }
      continue;
    }
    if (!s.answered) {
      if (item.required && !invalid[i])
        d.Error(sheet.answers_loc,
                "required question '" + item.id + "' is not answered (" + item.text + ")");
      continue;
    }
    for (size_t c = 0; c < item.choices.size(); ++c)
      if (s.selected[c]) apply(item.choices[c].effect, item.id, item.choices[c].id, item.weight);
  }
  auto diags = d.TakeDiagnostics();
  if (d.failed()) {
    // Warnings after an error are often its echo (a rejected answer hides what depends on it).
    std::erase_if(diags,
                  [](const base::Diagnostic& x) { return x.severity != base::Severity::kError; });
    return base::Error(base::Error::Code::kInvalidInput, std::move(diags));
  }
  out.warnings = std::move(diags);
  out.priority = PriorityFromPoints(out.raw_points, q.scoring.half_at);
  std::stable_sort(out.reasons.begin(), out.reasons.end(),
                   [](const Reason& a, const Reason& b) { return a.points > b.points; });
  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  return out;
}

}  // namespace threatpath::intake
