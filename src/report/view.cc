#include "report/view.h"

#include <charconv>

#include "engine/rule.h"

namespace threatpath::report::internal {
namespace {

// Explanations are one line.
void Flatten(char* begin, char* end) {
  for (char* c = begin; c != end; ++c) {
    if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
  }
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

// ": <why>" ending with a full stop (or another sentence end), flattened to one line. `why` is
// the category's description, else the risk's (or category's) title, else the category id.
std::string WhySuffix(std::string_view why) {
  std::string out = ": ";
  out.append(why);
  // "A component ..." -> "a component ...", but "LDAP ..." and "XML ..." stay.
  if (out.size() >= 4 && out[2] >= 'A' && out[2] <= 'Z' && !(out[3] >= 'A' && out[3] <= 'Z')) {
    out[2] = static_cast<char>(out[2] - 'A' + 'a');
  }
  Flatten(out.data(), out.data() + out.size());
  if (out.back() != '.' && out.back() != '?' && out.back() != '!') out += '.';
  return out;
}

const std::string kNoFile;

}  // namespace

ReportView::ReportView(const AnalysisBundle& bundle) : bundle_(bundle) {
  const core::Model& m = bundle.model;
  elements_.reserve(m.components.size() + m.flows.size() + m.boundaries.size() +
                    m.shared_runtimes.size() + m.data_assets.size());
  index_.reserve(elements_.capacity());
  // First element wins for duplicate ids, as in the graph module; the first of each kind is
  // found by Find(id, kind).
  for (const auto& e : m.components) AddElement(e, 'c');
  for (const auto& e : m.flows) AddElement(e, 'f');
  for (const auto& e : m.boundaries) AddElement(e, 'b');
  for (const auto& e : m.shared_runtimes) AddElement(e, 'r');
  for (const auto& e : m.data_assets) AddElement(e, 'd');
  // " from 'A' to 'B'" for every flow, once all ids are known.
  for (ElementRef& ref : elements_) {
    if (ref.kind != 'f') continue;
    const auto& flow = static_cast<const core::Flow&>(*ref.element);
    ref.flow_ends = " from ";
    AppendQuoted(ref.flow_ends, flow.from.id, Find(flow.from.id, 'c'));
    ref.flow_ends += " to ";
    AppendQuoted(ref.flow_ends, flow.to.id, Find(flow.to.id, 'c'));
  }

  // Categories: custom ones first (the first of a duplicate id wins), then built-in rules, then
  // a stand-in (title = id) for an unknown id.
  std::unordered_map<std::string_view, uint32_t> category_index;
  std::vector<std::string> why;         // per category: the suffix when it comes from the category
  std::vector<bool> why_from_category;  // else the suffix depends on the risk
  risks_.reserve(bundle.analysis.risks.size());
  for (const engine::Risk& risk : bundle.analysis.risks) {
    auto [it, added] =
        category_index.try_emplace(risk.category, static_cast<uint32_t>(categories_.size()));
    if (added) {
      const engine::RuleInfo* info = nullptr;
      for (const engine::RuleInfo& custom : bundle.analysis.custom_categories) {
        if (custom.id == risk.category) {
          info = &custom;
          break;
        }
      }
      if (info == nullptr) {
        if (const engine::Rule* rule = engine::FindRule(risk.category)) info = &rule->Info();
      }
      if (info == nullptr) {
        auto stand_in = std::make_unique<engine::RuleInfo>();
        stand_in->id = risk.category;
        stand_in->title = risk.category;
        info = stand_in.get();
        unknown_infos_.push_back(std::move(stand_in));
      }
      categories_.push_back({risk.category, info});
      std::string_view description = TrimView(info->description);
      why_from_category.push_back(!description.empty());
      why.push_back(description.empty() ? std::string() : WhySuffix(description));
    }
    uint32_t category = it->second;
    RiskView view;
    view.risk = &risk;
    view.info = categories_[category].info;
    view.category = category;
    // The most relevant elements, resolved once: component, flow, boundary, runtime, asset.
    const ElementRef* refs[5] = {Find(risk.component, 'c'), Find(risk.flow, 'f'),
                                 Find(risk.boundary, 'b'), Find(risk.shared_runtime, 'r'),
                                 Find(risk.data_asset, 'd')};
    view.location = LocationOf(risk, refs);
    view.explanation =
        Explain(risk, refs, *view.info, why_from_category[category] ? &why[category] : nullptr);
    risks_.push_back(std::move(view));
  }
}

void ReportView::AddElement(const core::Element& e, char kind) {
  const auto at = static_cast<uint32_t>(elements_.size());
  auto [it, added] = index_.try_emplace(e.id, at);
  if (!added) {
    if (elements_[it->second].kind == kind || !shadowed_.try_emplace({kind, e.id}, at).second) {
      return;  // a later element of a kind already indexed
    }
  }
  std::string quoted;
  const std::string& name = e.title.empty() ? e.id : e.title;
  quoted.reserve(name.size() + 2);
  quoted += '\'';
  quoted += name;
  quoted += '\'';
  Flatten(quoted.data(), quoted.data() + quoted.size());
  elements_.push_back({&e, kind, std::move(quoted), {}});
}

const ReportView::ElementRef* ReportView::Find(std::string_view id) const {
  if (id.empty()) return nullptr;
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &elements_[it->second];
}

const ReportView::ElementRef* ReportView::Find(std::string_view id, char kind) const {
  const ElementRef* ref = Find(id);
  if (ref == nullptr || ref->kind == kind) return ref;
  auto it = shadowed_.find({kind, id});
  return it == shadowed_.end() ? nullptr : &elements_[it->second];
}

std::string_view ReportView::Name(std::string_view id, char kind) const {
  const ElementRef* ref = Find(id, kind);
  if (ref == nullptr || ref->element->title.empty()) return id;
  return ref->element->title;
}

std::string_view ReportView::Name(std::string_view id) const {
  const ElementRef* ref = Find(id);
  if (ref == nullptr || ref->element->title.empty()) return id;
  return ref->element->title;
}

Position ReportView::Where(base::Loc loc) const {
  const auto& files = model().files;
  return {loc.file < files.size() ? &files[loc.file] : &kNoFile, loc.line, loc.column};
}

Position ReportView::LocationOf(const engine::Risk& risk, const ElementRef* const refs[5]) const {
  // The flow first, then the component, boundary, runtime and data asset.
  for (int k : {1, 0, 2, 3, 4}) {
    const ElementRef* ref = refs[k];
    if (ref != nullptr && ref->element->loc.known()) return Where(ref->element->loc);
  }
  // A custom risk about no element: point at the place it is written.
  for (const core::RiskCategory& category : model().risk_categories) {
    if (category.id != risk.category) continue;
    for (const core::IdentifiedRisk& identified : category.risks) {
      if (identified.title == risk.title && identified.loc.known()) return Where(identified.loc);
    }
    if (category.loc.known()) return Where(category.loc);
  }
  return {};
}

// 'Name' of the element `ref` resolves `id` to (see Name), flattened to one line.
void ReportView::AppendQuoted(std::string& out, std::string_view id, const ElementRef* ref) const {
  if (ref != nullptr) {
    out += ref->quoted;
    return;
  }
  size_t start = out.size();
  out += '\'';
  out += id;
  out += '\'';
  Flatten(out.data() + start, out.data() + out.size());
}

std::string ReportView::Explain(const engine::Risk& risk, const ElementRef* const refs[5],
                                const engine::RuleInfo& info, const std::string* why) const {
  // "Component 'A', flow 'F' from 'A' to 'B' and data asset 'D': <why>."
  const std::string* ids[] = {&risk.component, &risk.flow, &risk.boundary, &risk.shared_runtime,
                              &risk.data_asset};
  static constexpr std::string_view kKinds[] = {"component ", "flow ", "trust boundary ",
                                                "shared runtime ", "data asset "};
  size_t parts = 0;
  for (const std::string* id : ids) parts += id->empty() ? 0 : 1;
  std::string out;
  out.reserve(160);
  if (parts == 0) out += "The model as a whole";
  size_t written = 0;
  for (size_t k = 0; k < 5; ++k) {
    const std::string& id = *ids[k];
    if (id.empty()) continue;
    if (written > 0) out += written + 1 == parts ? " and " : ", ";
    size_t start = out.size();
    out += kKinds[k];
    if (written == 0) out[start] = static_cast<char>(out[start] - 'a' + 'A');
    AppendQuoted(out, id, refs[k]);
    if (k == 1 && refs[k] != nullptr) out += refs[k]->flow_ends;
    ++written;
  }
  if (why != nullptr) {
    out += *why;
  } else {
    std::string_view text = TrimView(risk.title.empty() ? info.title : risk.title);
    out += WhySuffix(text.empty() ? std::string_view(risk.category) : text);
  }
  return out;
}

size_t Utf8Sequence(std::string_view s, size_t i, size_t* bad) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
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
  if (len != 0 && good == len) return len;
  *bad = good == 0 ? 1 : good;
  return 0;
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t bad = 0;
    size_t len = Utf8Sequence(s, i, &bad);
    if (len != 0) {
      i += len;
      continue;
    }
    out.append(s.substr(run, i - run));
    out += "\xEF\xBF\xBD";
    i += bad;
    run = i;
  }
  out.append(s.substr(run));
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

TableRow::TableRow(const RiskView& view) {
  const engine::Risk& r = *view.risk;
  for (size_t i = 0; i < r.breach_components.size(); ++i) {
    if (i > 0) breach_ += ", ";
    breach_ += r.breach_components[i];
  }
  bool known = view.location.known();
  cwe_ = view.info->cwe > 0 ? static_cast<uint32_t>(view.info->cwe) : 0;
  line_ = known ? view.location.line : 0;
  column_ = known ? view.location.column : 0;
  auto number = [&](int slot, uint32_t v) -> std::string_view {
    if (v == 0) return {};
    char* end = std::to_chars(numbers_[slot], numbers_[slot] + sizeof(numbers_[slot]), v).ptr;
    return {numbers_[slot], static_cast<size_t>(end - numbers_[slot])};
  };
  cells_ = {
      r.category,
      core::ToString(r.status),
      core::ToString(r.severity),
      core::ToString(r.likelihood),
      core::ToString(r.impact),
      r.title,
      r.synthetic_id,
      r.data_asset,
      r.component,
      r.boundary,
      r.shared_runtime,
      r.flow,
      core::ToString(r.breach_probability),
      breach_,
      core::ToString(view.info->stride),
      number(0, cwe_),
      view.explanation,
      known ? view.location.file_name() : std::string_view(),
      number(1, line_),
      number(2, column_),
  };
}

}  // namespace threatpath::report::internal
