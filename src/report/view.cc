#include "report/view.h"

#include "engine/rule.h"

namespace threatpath::report::internal {
namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string CapitalizeFirst(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// "A component ..." -> "a component ...", but "LDAP ..." and "XML ..." stay.
std::string LowercaseFirstWord(std::string s) {
  if (s.size() >= 2 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z')) {
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  }
  return s;
}

std::string JoinAnd(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

ReportView::ReportView(const AnalysisBundle& bundle) : bundle_(bundle) {
  const core::Model& m = bundle.model;
  // First element wins for duplicate ids, as in the graph module.
  for (const auto& e : m.components) elements_.try_emplace(e.id, ElementRef{&e, 'c'});
  for (const auto& e : m.flows) elements_.try_emplace(e.id, ElementRef{&e, 'f'});
  for (const auto& e : m.boundaries) elements_.try_emplace(e.id, ElementRef{&e, 'b'});
  for (const auto& e : m.shared_runtimes) elements_.try_emplace(e.id, ElementRef{&e, 'r'});
  for (const auto& e : m.data_assets) elements_.try_emplace(e.id, ElementRef{&e, 'd'});

  for (const engine::RuleInfo& info : bundle.analysis.custom_categories) {
    infos_.try_emplace(info.id, &info);
  }
  risks_.reserve(bundle.analysis.risks.size());
  for (const engine::Risk& risk : bundle.analysis.risks) {
    auto it = infos_.find(risk.category);
    if (it == infos_.end()) {
      const engine::RuleInfo* info = nullptr;
      if (const engine::Rule* rule = engine::FindRule(risk.category)) info = &rule->Info();
      if (info == nullptr) {
        auto stand_in = std::make_unique<engine::RuleInfo>();
        stand_in->id = risk.category;
        stand_in->title = risk.category;
        info = stand_in.get();
        unknown_infos_.push_back(std::move(stand_in));
      }
      it = infos_.emplace(risk.category, info).first;
    }
    RiskView view;
    view.risk = &risk;
    view.info = it->second;
    view.location = LocationOf(risk);
    view.explanation = Explain(risk, *view.info);
    risks_.push_back(std::move(view));
  }
}

const engine::RuleInfo& ReportView::Info(const std::string& category) const {
  auto it = infos_.find(category);
  if (it != infos_.end()) return *it->second;
  if (const engine::Rule* rule = engine::FindRule(category)) return rule->Info();
  static const engine::RuleInfo kUnknown;
  return kUnknown;
}

const ReportView::ElementRef* ReportView::Find(std::string_view id) const {
  if (id.empty()) return nullptr;
  auto it = elements_.find(id);
  return it == elements_.end() ? nullptr : &it->second;
}

std::string ReportView::Name(std::string_view id) const {
  const ElementRef* ref = Find(id);
  if (ref == nullptr || ref->element->title.empty()) return std::string(id);
  return ref->element->title;
}

base::SourceLocation ReportView::LocationOf(const engine::Risk& risk) const {
  for (const std::string* id :
       {&risk.flow, &risk.component, &risk.boundary, &risk.shared_runtime, &risk.data_asset}) {
    const ElementRef* ref = Find(*id);
    if (ref != nullptr && ref->element->loc.known()) return model().Where(ref->element->loc);
  }
  // A custom risk about no element: point at the place it is written.
  for (const core::RiskCategory& category : model().risk_categories) {
    if (category.id != risk.category) continue;
    for (const core::IdentifiedRisk& identified : category.risks) {
      if (identified.title == risk.title && identified.loc.known()) {
        return model().Where(identified.loc);
      }
    }
    if (category.loc.known()) return model().Where(category.loc);
  }
  return {};
}

std::string ReportView::Explain(const engine::Risk& risk, const engine::RuleInfo& info) const {
  std::vector<std::string> where;
  if (!risk.component.empty()) where.push_back("component " + Quoted(Name(risk.component)));
  if (!risk.flow.empty()) {
    std::string phrase = "flow " + Quoted(Name(risk.flow));
    const ElementRef* ref = Find(risk.flow);
    if (ref != nullptr && ref->kind == 'f') {
      const auto& flow = static_cast<const core::Flow&>(*ref->element);
      phrase += " from " + Quoted(Name(flow.from.id)) + " to " + Quoted(Name(flow.to.id));
    }
    where.push_back(std::move(phrase));
  }
  if (!risk.boundary.empty()) where.push_back("trust boundary " + Quoted(Name(risk.boundary)));
  if (!risk.shared_runtime.empty()) {
    where.push_back("shared runtime " + Quoted(Name(risk.shared_runtime)));
  }
  if (!risk.data_asset.empty()) where.push_back("data asset " + Quoted(Name(risk.data_asset)));

  std::string out = where.empty() ? "The model as a whole" : CapitalizeFirst(JoinAnd(where));
  std::string why(TrimView(info.description));
  if (why.empty()) why = std::string(TrimView(risk.title.empty() ? info.title : risk.title));
  if (why.empty()) why = risk.category;
  out += ": " + LowercaseFirstWord(why);
  // One line, ending with a full stop.
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (!out.empty() && out.back() != '.' && out.back() != '?' && out.back() != '!') out += '.';
  return out;
}

std::string ValidUtf8(std::string_view s) {
  // Unicode's "maximal subpart" practice: an ill-formed sequence becomes one U+FFFD for the longest
  // prefix of a well-formed sequence it starts with, or for a single byte.
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;  // no overlong forms
      if (b == 0xED) hi = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
    }
    size_t good = len == 0 ? 0 : 1;
    while (good < len && i + good < s.size()) {
      auto c = static_cast<unsigned char>(s[i + good]);
      unsigned char min = good == 1 ? lo : 0x80;
      unsigned char max = good == 1 ? hi : 0xBF;
      if (c < min || c > max) break;
      ++good;
    }
    if (len != 0 && good == len) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      i += good == 0 ? 1 : good;
    }
  }
  return out;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Utf8Prefix(std::string_view s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) return std::string(s.substr(0, i));
      ++count;
    }
  }
  return std::string(s);
}

const std::vector<std::string_view>& TableColumns() {
  static const std::vector<std::string_view> kColumns = {
      "category",
      "risk_status",
      "severity",
      "exploitation_likelihood",
      "exploitation_impact",
      "title",
      "synthetic_id",
      "most_relevant_data_asset",
      "most_relevant_technical_asset",
      "most_relevant_trust_boundary",
      "most_relevant_shared_runtime",
      "most_relevant_communication_link",
      "data_breach_probability",
      "data_breach_technical_assets",
      "stride",
      "cwe",
      "explanation",
      "file",
      "line",
      "column",
  };
  return kColumns;
}

std::vector<std::string> TableRow(const RiskView& view) {
  const engine::Risk& r = *view.risk;
  std::string breach;
  for (size_t i = 0; i < r.breach_components.size(); ++i) {
    if (i > 0) breach += ", ";
    breach += r.breach_components[i];
  }
  bool known = view.location.known();
  return {
      r.category,
      std::string(core::ToString(r.status)),
      std::string(core::ToString(r.severity)),
      std::string(core::ToString(r.likelihood)),
      std::string(core::ToString(r.impact)),
      r.title,
      r.synthetic_id,
      r.data_asset,
      r.component,
      r.boundary,
      r.shared_runtime,
      r.flow,
      std::string(core::ToString(r.breach_probability)),
      breach,
      std::string(core::ToString(view.info->stride)),
      view.info->cwe > 0 ? std::to_string(view.info->cwe) : std::string(),
      view.explanation,
      known ? view.location.file : std::string(),
      known ? std::to_string(view.location.line) : std::string(),
      known && view.location.column > 0 ? std::to_string(view.location.column) : std::string(),
  };
}

}  // namespace threatpath::report::internal
