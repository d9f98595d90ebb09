#include "graph/stride.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string_view>

#include "base/strings.h"

namespace threatpath::graph {
namespace {

constexpr int kNone = FlowGraph::kNone;
using core::Stride;

// "a", "a and b", "a, b and c", "a, b, c and 2 more": the first names of a list of `total`.
std::string NameList(const std::vector<std::string>& names, size_t total) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size() && names.size() == total) ? " and " : ", ";
    out += names[i];
  }
  if (names.size() < total) out += " and " + std::to_string(total - names.size()) + " more";
  return out;
}

// Distinct element positions in the order first added, keeping only the first `cap`; O(1) per
// Add, so that a component with thousands of callers costs linear time.
class Distinct {
 public:
  Distinct(size_t universe, size_t cap) : stamp_(universe, 0), cap_(cap) {}
  void Reset() {
    ++epoch_;
    items_.clear();
    total_ = 0;
  }
  void Add(int i) {
    if (stamp_[i] == epoch_) return;
    stamp_[i] = epoch_;
    ++total_;
    if (items_.size() < cap_) items_.push_back(i);
  }
  bool empty() const { return total_ == 0; }
  const std::vector<int>& items() const { return items_; }
  size_t total() const { return total_; }

 private:
  std::vector<uint32_t> stamp_;
  size_t cap_;
  uint32_t epoch_ = 0;
  std::vector<int> items_;
  size_t total_ = 0;
};

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

// True when a word of `text` (split at anything but letters and digits) names logs or audits.
bool MentionsLogs(std::string_view text) {
  static constexpr std::string_view kWords[] = {"log",    "logs",     "logging", "audit",
                                                "audits", "auditing", "siem",    "journal"};
  std::string word;
  auto check = [&]() {
    bool hit = std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
    word.clear();
    return hit;
  };
  for (char ch : text) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!word.empty() && check()) {
      return true;
    }
  }
  return !word.empty() && check();
}

bool AnyMentionsLogs(const std::vector<std::string>& texts) {
  return std::any_of(texts.begin(), texts.end(), [](const auto& t) { return MentionsLogs(t); });
}

class Prompter {
 public:
  Prompter(const FlowGraph& g, const StrideOptions& o, std::vector<StridePrompt>& out)
      : g_(g),
        opt_(o),
        out_(out),
        cap_(static_cast<size_t>(std::max(o.max_names, 1))),
        callers_(g.component_count(), cap_),
        callees_(g.component_count(), cap_),
        writers_(g.component_count(), cap_),
        data_(g.data_asset_count(), cap_) {}

  void Component(int c);
  void Flow(int f);

 private:
  void Ask(const std::string& id, ElementKind kind, Stride s, std::string q) {
    out_.push_back({id, kind, s, std::move(q)});
  }
  std::string Name(int c) const { return FlowGraph::DisplayName(g_.component(c)); }
  std::string List(const std::vector<std::string>& names) const {
    std::vector<std::string> shown(names.begin(), names.begin() + std::min(names.size(), cap_));
    return NameList(shown, names.size());
  }
  std::string Components(const Distinct& d) const {
    std::vector<std::string> names;
    for (int c : d.items()) names.push_back(Name(c));
    return NameList(names, d.total());
  }
  std::string Assets(const Distinct& d) const {
    std::vector<std::string> names;
    for (int a : d.items()) names.push_back(FlowGraph::DisplayName(g_.data_asset(a)));
    return NameList(names, d.total());
  }
  void AddAssets(const core::Refs& refs) {
    for (const core::Ref& r : refs) {
      if (int d = g_.FindDataAsset(r.id); d != kNone) data_.Add(d);
    }
  }
  // The data a component processes or stores, or `fallback` when it lists none.
  std::string HeldData(int c, const char* fallback) {
    data_.Reset();
    for (int d : g_.data_held(c)) data_.Add(d);
    return data_.empty() ? fallback : Assets(data_);
  }
  std::string FlowData(int f, const char* fallback) {
    data_.Reset();
    AddAssets(g_.flow(f).data_sent);
    AddAssets(g_.flow(f).data_received);
    return data_.empty() ? fallback : Assets(data_);
  }
  std::string Protocol(int f) const {
    std::string p(core::ToString(g_.flow(f).protocol));
    if (!core::IsEncrypted(g_.flow(f).protocol) && !core::IsProcessLocal(g_.flow(f).protocol)) {
      p += " (not encrypted)";
    }
    return p;
  }

  const FlowGraph& g_;
  const StrideOptions& opt_;
  std::vector<StridePrompt>& out_;
  size_t cap_;
  Distinct callers_, callees_, writers_, data_;
};

void Prompter::Component(int c) {
  const core::Component& comp = g_.component(c);
  const std::string name = Name(c);
  // Protocols and controls are enum values, so these lists stay short.
  std::vector<std::string> protocols, authns, authzs;
  callers_.Reset();
  callees_.Reset();
  writers_.Reset();
  for (int f : g_.incoming(c)) {
    const core::Flow& fl = g_.flow(f);
    callers_.Add(g_.source(f));
    AddUnique(protocols, std::string(core::ToString(fl.protocol)));
    AddUnique(authzs, fl.authorization == core::Authorization::kNone
                          ? "none"
                          : std::string(core::ToString(fl.authorization)));
    if (!fl.readonly) writers_.Add(g_.source(f));
  }
  for (int f : g_.outgoing(c)) {
    const core::Flow& fl = g_.flow(f);
    callees_.Add(g_.target(f));
    AddUnique(authns, fl.authentication == core::Authentication::kNone
                          ? "none"
                          : std::string(core::ToString(fl.authentication)));
  }
  const std::string callers = Components(callers_), callees = Components(callees_),
                    writers = Components(writers_);
  const std::string& id = comp.id;

  switch (comp.type) {
    case core::ComponentType::kExternalEntity: {
      const auto kind = ElementKind::kExternalEntity;
      if (!callees_.empty()) {
        Ask(id, kind, Stride::kSpoofing,
            "Can someone pretend to be " + name + " when it calls " + callees +
                "? Authentication on those flows: " + List(authns) + ".");
      } else if (!callers_.empty()) {
        Ask(id, kind, Stride::kSpoofing,
            "When " + callers + " send data to " + name +
                ", how do they make sure it reaches the real " + name + "?");
      } else {
        Ask(id, kind, Stride::kSpoofing,
            "How would the system notice someone pretending to be " + name + "?");
      }
      data_.Reset();
      for (int f : g_.outgoing(c)) AddAssets(g_.flow(f).data_sent);
      Ask(id, kind, Stride::kRepudiation,
          "If " + name + " denies having sent " +
              (data_.empty() ? std::string("a request") : Assets(data_)) +
              ", which records or signatures show that it did?");
      break;
    }
    case core::ComponentType::kProcess: {
      const auto kind = ElementKind::kProcess;
      const std::string listed = HeldData(c, "");
      const std::string data = listed.empty() ? "the data it handles" : listed;
      if (!callers_.empty()) {
        Ask(id, kind, Stride::kSpoofing,
            "Can someone other than " + callers + " send requests to " + name + " over " +
                List(protocols) + "?");
      } else {
        Ask(id, kind, Stride::kSpoofing,
            "Nothing in the model calls " + name +
                ": who can start it or send it requests, and how does it tell them apart?");
      }
      Ask(id, kind, Stride::kTampering,
          "Can someone tamper with " + name +
              "'s code, configuration or deployment, or with the data it handles" +
              (listed.empty() ? std::string() : " (" + listed + ")") +
              ", without anyone noticing?");
      Ask(id, kind, Stride::kRepudiation,
          "Does " + name + " record who did what to " + data +
              ", in a place those people cannot change?");
      Ask(id, kind, Stride::kInformationDisclosure,
          "Could " + name + " reveal " + data +
              " to the wrong people through responses, error messages, logs or debug "
              "endpoints?");
      Ask(id, kind, Stride::kDenialOfService,
          "What keeps " + name +
              " available when it is flooded with requests or given huge "
              "inputs" +
              (callers_.empty() ? std::string("?")
                                : ", and what happens to " + callers + " while it is down?"));
      Ask(id, kind, Stride::kElevationOfPrivilege,
          "Can a caller make " + name +
              " do more than that caller may, or run code of its choosing inside it? "
              "Authorization on its inbound flows: " +
              (authzs.empty() ? std::string("none modelled") : List(authzs)) + ".");
      break;
    }
    case core::ComponentType::kDatastore: {
      const auto kind = ElementKind::kDataStore;
      const std::string data = HeldData(c, "its contents");
      Ask(id, kind, Stride::kTampering,
          "Can anyone " +
              (writers_.empty() ? std::string("(administrators, restores, scripts)")
                                : "other than " + writers) +
              " change " + data + " in " + name + ", and would the change be noticed?");
      if (IsLogStore(g_, c)) {
        Ask(id, kind, Stride::kRepudiation,
            "Can the people whose actions " + name +
                " records change or delete those records, or stop new ones being written?");
      }
      Ask(id, kind, Stride::kInformationDisclosure,
          "Who can read " + data + " in " + name +
              (callers_.empty() ? std::string() : " besides " + callers) +
              ": administrators, backups, replicas, snapshots? It is " +
              (comp.encryption == core::Encryption::kNone
                   ? std::string("not encrypted at rest")
                   : "encrypted at rest (" + std::string(core::ToString(comp.encryption)) + ")") +
              ".");
      Ask(id, kind, Stride::kDenialOfService,
          "What happens " + (callers_.empty() ? std::string() : "to " + callers + " ") + "when " +
              name + " is full, slow, deleted or unreachable, and how fast can it be restored?");
      break;
    }
  }
}

void Prompter::Flow(int f) {
  const core::Flow& fl = g_.flow(f);
  const int s = g_.source(f), t = g_.target(f);
  const std::string from = Name(s), to = Name(t), proto = Protocol(f);
  const std::string data = FlowData(f, "the requests and responses");
  std::string where;
  if (g_.CrossesBoundary(f)) {
    const int bs = g_.innermost_boundary(s), bt = g_.innermost_boundary(t);
    auto bname = [&](int b) { return "'" + FlowGraph::DisplayName(g_.boundary(b)) + "'"; };
    if (bs == kNone) {
      where = ", where it enters " + bname(bt) + " from outside every boundary";
    } else if (bt == kNone) {
      where = ", where it leaves " + bname(bs) + " for outside every boundary";
    } else {
      where = ", where it crosses from " + bname(bs) + " into " + bname(bt);
    }
  }
  const auto kind = ElementKind::kDataFlow;
  Ask(fl.id, kind, Stride::kTampering,
      "Can someone between " + from + " and " + to + " change " + data + " in transit over " +
          proto + where + "?");
  Ask(fl.id, kind, Stride::kInformationDisclosure,
      "Can someone on the way from " + from + " to " + to + " read " + data + " exchanged over " +
          proto + "?");
  Ask(fl.id, kind, Stride::kDenialOfService,
      "What happens when the flow from " + from + " to " + to +
          " is blocked, slowed down or flooded? Does " + from + " retry sensibly, and does " + to +
          " limit what it accepts?");
}

}  // namespace

bool IsLogStore(const FlowGraph& graph, int component) {
  const core::Component& c = graph.component(component);
  if (c.type != core::ComponentType::kDatastore) return false;
  if (AnyMentionsLogs(c.tags) || AnyMentionsLogs(c.technologies)) return true;
  for (const core::Ref& r : c.data_stored) {
    int d = graph.FindDataAsset(r.id);
    if (d == FlowGraph::kNone) continue;
    const core::DataAsset& a = graph.data_asset(d);
    if (MentionsLogs(a.id) || MentionsLogs(a.title) || AnyMentionsLogs(a.tags)) return true;
  }
  return false;
}

std::vector<StridePrompt> StridePrompts(const FlowGraph& graph, const StrideOptions& options) {
  std::vector<StridePrompt> out;
  Prompter p(graph, options, out);
  for (int c = 0; c < graph.component_count(); ++c) {
    if (graph.component(c).out_of_scope && !options.include_out_of_scope) continue;
    p.Component(c);
  }
  for (int f = 0; f < graph.flow_count(); ++f) {
    int s = graph.source(f), t = graph.target(f);
    if (s == kNone) continue;
    if (!options.all_flows && !graph.CrossesBoundary(f)) continue;
    if (!options.include_out_of_scope && graph.component(s).out_of_scope &&
        graph.component(t).out_of_scope) {
      continue;
    }
    p.Flow(f);
  }
  return out;
}

std::string_view ElementKindName(ElementKind kind) {
  switch (kind) {
    case ElementKind::kExternalEntity:
      return "external entity";
    case ElementKind::kProcess:
      return "process";
    case ElementKind::kDataStore:
      return "data store";
    case ElementKind::kDataFlow:
      return "data flow";
  }
  return "?";
}

std::string FormatPrompts(const std::vector<StridePrompt>& prompts) {
  std::string out;
  for (const StridePrompt& p : prompts) {
    out += std::string(ElementKindName(p.kind)) + " " + p.element_id + ", " +
           std::string(core::ToString(p.category)) + ": " + p.question + "\n";
  }
  return out;
}

}  // namespace threatpath::graph
