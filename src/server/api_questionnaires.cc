// Questionnaires on the server (docs/server.md, "Intake and findings"): the built-in
// design-review questionnaire and the ones server administrators store, in Threatpath's format
// (docs/questionnaires.md) or imported from Google VSAQ. Intakes name one by its id and are
// triaged with it.
#include <algorithm>

#include "intake/questionnaire.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;

namespace {

constexpr size_t kMaxText = 4 * 1024 * 1024;
constexpr size_t kMaxId = 100;

// Letters, digits, '_', '.', '-': the ids our format allows.
bool IsQuestionnaireId(std::string_view s) {
  if (s.empty() || s.size() > kMaxId) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

// A reader's error (with its diagnostics) as the error of body field `field`.
Error OnField(Error e, const std::string& field) { return std::move(e).WithField(field); }

Json QuestionsJson(const intake::Questionnaire& q) {
  Json out = Json::array();
  for (const auto& flat : q.flat()) {
    const intake::Item& item = *flat.item;
    if (!item.is_question()) continue;
    Json choices = Json::array();
    if (item.type == intake::QuestionType::kSingleChoice ||
        item.type == intake::QuestionType::kMultipleChoice) {
      for (const auto& c : item.choices) choices.push_back({{"id", c.id}, {"text", c.text}});
    }
    Json j = {{"id", item.id},
              {"type", intake::ToString(item.type)},
              {"text", item.text},
              {"required", item.required}};
    if (!choices.empty()) j["choices"] = std::move(choices);
    j["visible_if"] = item.visible_if ? Json(item.visible_if->ToString()) : Json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

// A questionnaire as the API shows it; `detail` adds its questions, text and extensions.
Json QuestionnaireJson(const intake::Questionnaire& q, const store::StoredQuestionnaire* stored,
                       bool detail) {
  Json j = {{"id", q.id},
            {"title", q.title},
            {"format", q.format.empty() ? std::string("threatpath") : q.format},
            {"version", q.version},
            {"builtin", stored == nullptr},
            {"question_count", q.CountQuestions()},
            {"rule_count", q.CountRules()},
            {"created_by", stored ? Json(stored->created_by) : Json(nullptr)},
            {"created_at", stored ? Json(stored->created_at) : Json(nullptr)}};
  if (detail) {
    j["questions"] = QuestionsJson(q);
    j["text"] = stored ? stored->source : std::string(intake::DesignReviewYaml());
    Json extensions = Json::array();
    if (stored) {
      extensions = Json::parse(stored->extensions, nullptr, false);
      if (!extensions.is_array()) extensions = Json::array();
    }
    j["extensions"] = std::move(extensions);
  }
  return j;
}

// Reads a questionnaire as uploaded: `text` in `format`, with VSAQ `extensions` applied in order.
// Problems name the body field they are in ("text", "extensions", "id").
base::Result<intake::Questionnaire> ReadUploaded(const std::string& format, const std::string& text,
                                                 const std::string& id,
                                                 const std::vector<std::string>& extensions) {
  if (format == "threatpath") {
    auto q = intake::ReadQuestionnaire(text, "text");
    if (!q) return OnField(std::move(q).error(), "text");
    return q;
  }
  auto q = intake::ImportVsaq(text, "text", id);
  if (!q) return OnField(std::move(q).error(), "text");
  for (size_t i = 0; i < extensions.size(); ++i) {
    auto applied =
        intake::ApplyVsaqExtension(*q, extensions[i], "extensions[" + std::to_string(i) + "]");
    if (!applied) return OnField(std::move(applied).error(), "extensions");
  }
  return q;
}

Response CreateQuestionnaire(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(SplitBody split, TakeFields(request, {"extensions"}));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(split.rest));
  std::string text = body.String("text", true, kMaxText);
  std::string format = body.OptionalString("format", 32).value_or("threatpath");
  auto id = body.OptionalString("id", kMaxId);
  TP_CHECK(body.Finish());
  std::vector<std::string> extensions;
  if (auto given = split.taken.find("extensions"); given != split.taken.end()) {
    auto bad = Error::InvalidInput("'extensions' must be a list of VSAQ extension texts")
                   .WithField("extensions");
    if (!given->second.is_array()) return ErrorFrom(bad);
    for (const Json& e : given->second) {
      if (!e.is_string()) return ErrorFrom(bad);
      extensions.push_back(e.get<std::string>());
    }
  }
  if (format != "threatpath" && format != "vsaq") {
    return ErrorFrom(
        Error::InvalidInput("'format' must be threatpath or vsaq, not '" + format + "'")
            .WithField("format"));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorFrom(Error::InvalidInput("'text' must not be empty").WithField("text"));
  }
  if (id && !IsQuestionnaireId(*id)) {
    return ErrorFrom(
        Error::InvalidInput("'id' must be letters, digits, '_', '.' or '-', not '" + *id + "'")
            .WithField("id"));
  }
  if (format == "vsaq" && !id) {
    return ErrorFrom(
        Error::InvalidInput("a VSAQ questionnaire has no id of its own: 'id' is required")
            .WithField("id"));
  }
  if (format == "threatpath" && !extensions.empty()) {
    return ErrorFrom(Error::InvalidInput("'extensions' are VSAQ extensions; they go with format "
                                         "vsaq")
                         .WithField("extensions"));
  }
  TP_ASSIGN(intake::Questionnaire q, ReadUploaded(format, text, id.value_or(""), extensions));
  if (id && *id != q.id) {
    return ErrorFrom(
        Error::InvalidInput("'id' is '" + *id + "' but the questionnaire's id is '" + q.id + "'")
            .WithField("id"));
  }
  if (q.id == intake::DesignReview().id) {
    return ErrorFrom(Error::Conflict("questionnaire '" + q.id + "' is built in").WithField("id"));
  }
  if (q.CountQuestions() == 0) {
    return ErrorFrom(Error::InvalidInput("the questionnaire has no questions").WithField("text"));
  }
  store::StoredQuestionnaire stored;
  stored.name = q.id;
  stored.title = q.title;
  stored.format = format;
  stored.source = text;
  stored.extensions = Text(Json(extensions));
  TP_ASSIGN(auto created, store.CreateQuestionnaire(stored, ActorOf(who)));
  return JsonResponse(201, QuestionnaireJson(q, &created, true));
}

Response ListQuestionnaires(Api& api, Request&, const Principal&) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto stored, store.ListQuestionnaires());
  Json list = Json::array();
  list.push_back(QuestionnaireJson(intake::DesignReview(), nullptr, false));
  for (const auto& s : stored) {
    TP_ASSIGN(auto q, ReadStoredQuestionnaire(s));
    list.push_back(QuestionnaireJson(*q, &s, false));
  }
  return JsonResponse(200, {{"questionnaires", list}});
}

Response GetQuestionnaire(Api& api, Request& request, const Principal&) {
  store::Store& store = ApiRoutes::StoreOf(api);
  const std::string& id = request.params["id"];
  if (id == intake::DesignReview().id) {
    return JsonResponse(200, QuestionnaireJson(intake::DesignReview(), nullptr, true));
  }
  auto stored = store.GetQuestionnaire(id);
  if (!stored) {
    if (stored.error().code() == Error::Code::kNotFound) {
      return ErrorFrom(Error::NotFound("questionnaire '" + id + "' does not exist"));
    }
    return ErrorFrom(stored.error());
  }
  TP_ASSIGN(auto q, ReadStoredQuestionnaire(*stored));
  return JsonResponse(200, QuestionnaireJson(*q, &*stored, true));
}

}  // namespace

base::Result<std::unique_ptr<intake::Questionnaire>> ReadStoredQuestionnaire(
    const store::StoredQuestionnaire& stored) {
  std::vector<std::string> extensions;
  Json list = Json::parse(stored.extensions, nullptr, false);
  if (list.is_array()) {
    for (const Json& e : list) {
      if (e.is_string()) extensions.push_back(e.get<std::string>());
    }
  }
  auto q = ReadUploaded(stored.format, stored.source, stored.name, extensions);
  if (!q) {
    // It was read when it was stored; only a change of the readers makes it fail now.
    return Error::Internal("stored questionnaire '" + stored.name +
                           "' no longer reads: " + q.error().ToString());
  }
  return std::make_unique<intake::Questionnaire>(std::move(*q));
}

std::shared_ptr<const intake::Questionnaire> QuestionnaireCache::Find(store::Id id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

void QuestionnaireCache::Put(store::Id id,
                             std::shared_ptr<const intake::Questionnaire> questionnaire) {
  std::lock_guard<std::mutex> lock(mu_);
  ++reads_;
  by_id_.emplace(id, std::move(questionnaire));
}

std::string QuestionnaireCache::MetricsText() const {
  std::lock_guard<std::mutex> lock(mu_);
  return "# HELP threatpath_questionnaire_reads_total Stored questionnaires read from their text "
         "for intakes (each once, then kept).\n"
         "# TYPE threatpath_questionnaire_reads_total counter\n"
         "threatpath_questionnaire_reads_total " +
         std::to_string(reads_) + "\n";
}

base::Result<IntakeQuestionnaire> FindQuestionnaire(store::Store& store, QuestionnaireCache& cache,
                                                    std::string_view id) {
  IntakeQuestionnaire out;
  if (id.empty() || id == intake::DesignReview().id) {
    out.questionnaire = &intake::DesignReview();
    return out;
  }
  auto stored = store.GetQuestionnaire(id);
  if (!stored) {
    if (stored.error().code() != Error::Code::kNotFound) return std::move(stored).error();
    std::string known = intake::DesignReview().id;
    auto all = store.ListQuestionnaires();
    if (all) {
      for (const auto& s : *all) known += ", " + s.name;
    }
    return Error::InvalidInput("questionnaire '" + std::string(id) +
                               "' is not available; the server has: " + known)
        .WithField("questionnaire");
  }
  out.owned = cache.Find(stored->id);
  if (out.owned == nullptr) {
    auto read = ReadStoredQuestionnaire(*stored);
    if (!read) return std::move(read).error();
    out.owned = std::shared_ptr<const intake::Questionnaire>(std::move(*read));
    cache.Put(stored->id, out.owned);
  }
  out.questionnaire = out.owned.get();
  return out;
}

void ApiRoutes::Questionnaires(Api& api, Router& router) {
  auto route = [&api](Access access, Response (*handler)(Api&, Request&, const Principal&)) {
    return Authed(api, access, [&api, handler](Request& request, const Principal& who) {
      return handler(api, request, who);
    });
  };
  router.Add("POST", "/api/v1/questionnaires", route(Access::kAdmin, CreateQuestionnaire),
             {"Store a questionnaire (Threatpath's format, or VSAQ with extensions); server "
              "administrators.",
              "admin"});
  router.Add("GET", "/api/v1/questionnaires", route(Access::kUser, ListQuestionnaires),
             {"List the questionnaires intakes can name, the built-in one first.", "user"});
  router.Add("GET", "/api/v1/questionnaires/{id}", route(Access::kUser, GetQuestionnaire),
             {"Read a questionnaire with its questions and text.", "user"});
}

}  // namespace threatpath::server
