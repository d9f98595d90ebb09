// YAML text -> Node tree, on libyaml's event parser (an order of magnitude faster and leaner than
// building a yaml-cpp tree on large models). Aliases are expanded by copying under a node budget,
// merge keys are applied when their mapping closes, duplicate keys are rejected.
#include <yaml.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "formats/node.h"

namespace threatpath::formats {
namespace {

using base::Error;

class YamlBuilder {
 public:
  YamlBuilder(uint32_t file, const std::string& name, const ParseLimits& limits)
      : file_(file), name_(name), limits_(limits) {}

  base::Result<Node> Run(std::string_view text);
  base::Result<std::optional<Node>> Handle(const yaml_event_t& ev);

 private:
  struct Frame {
    Node node;
    std::string anchor;
    bool have_key = false;
    Node key;
    std::vector<Node> merges;                                  // values of `<<` keys, in order
    std::unique_ptr<std::unordered_set<std::string>> key_set;  // for large mappings
    size_t depth = 0;
  };

  // Children are collected in per-depth scratch vectors that keep their capacity, then moved
  // into an exactly sized vector when the collection closes: one allocation per collection
  // instead of one per doubling.
  std::vector<Entry>& EntriesOf(const Frame& f) {
    if (scratch_entries_.size() <= f.depth) scratch_entries_.resize(f.depth + 1);
    return scratch_entries_[f.depth];
  }
  std::vector<Node>& ItemsOf(const Frame& f) {
    if (scratch_items_.size() <= f.depth) scratch_items_.resize(f.depth + 1);
    return scratch_items_[f.depth];
  }
  void Seal(Frame& f) {
    auto& e = EntriesOf(f);
    auto& i = ItemsOf(f);
    f.node.entries.reserve(e.size());
    for (auto& x : e) f.node.entries.push_back(std::move(x));
    e.clear();
    f.node.items.reserve(i.size());
    for (auto& x : i) f.node.items.push_back(std::move(x));
    i.clear();
  }
  std::vector<std::vector<Entry>> scratch_entries_;
  std::vector<std::vector<Node>> scratch_items_;

  Loc MarkLoc(const yaml_mark_t& m) const {
    return Loc{file_, static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1)};
  }
  Error ErrorAt(Loc loc, std::string message, Error::Code code = Error::Code::kInvalidInput) const {
    return Error::At({name_, loc.line, loc.column}, std::move(message), code);
  }
  // Adds a finished node to the parent frame (or makes it the root).
  std::optional<Error> Deliver(Node node, const std::string& anchor);
  std::optional<Error> AddEntry(Frame& f, Node key, Node value);
  std::optional<Error> ApplyMerges(Frame& f);
  // Nodes read from the text count against max_nodes; nodes copied by aliases and merge keys
  // may add at most four times that (plus some slack), which stops alias bombs early.
  bool Count(size_t n, bool copied = false) {
    (copied ? copied_ : nodes_) += n;
    return nodes_ <= limits_.max_nodes && copied_ <= 4 * nodes_ + 100'000;
  }
  static size_t Size(const Node& n) {
    size_t s = 1;
    for (const Node& c : n.items) s += Size(c);
    for (const Entry& e : n.entries) s += Size(e.key) + Size(e.value);
    return s;
  }

  uint32_t file_;
  const std::string& name_;
  const ParseLimits& limits_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, std::pair<Node, size_t>> anchors_;  // node and its size
  std::optional<Node> root_;
  size_t nodes_ = 0;
  size_t copied_ = 0;
  int documents_ = 0;
};

bool IsNullToken(std::string_view v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

std::optional<Error> YamlBuilder::AddEntry(Frame& f, Node key, Node value) {
  if (!key.is_scalar() && !key.is_null()) {
    return ErrorAt(key.loc, "mapping keys must be plain values, not lists or mappings");
  }
  if (key.is_scalar() && key.plain && key.value == "<<") {
    if (!value.is_mapping() && !value.is_sequence()) {
      return ErrorAt(value.loc, "merge key '<<' needs a mapping or a list of mappings");
    }
    f.merges.push_back(std::move(value));
    return std::nullopt;
  }
  const std::string& k = key.value;
  std::vector<Entry>& entries = EntriesOf(f);
  bool dup = false;
  if (f.key_set) {
    dup = !f.key_set->insert(k).second;
  } else {
    for (const Entry& e : entries) {
      if (e.key.value == k) {
        dup = true;
        break;
      }
    }
    if (!dup && entries.size() >= 64) {
      f.key_set = std::make_unique<std::unordered_set<std::string>>();
      for (const Entry& e : entries) f.key_set->insert(e.key.value);
      f.key_set->insert(k);
    }
  }
  if (dup) {
    for (const Entry& e : entries) {
      if (e.key.value == k) {
        return ErrorAt(key.loc, "duplicate key '" + k + "' (first defined at line " +
                                    std::to_string(e.key.loc.line) + ")");
      }
    }
  }
  key.kind = Node::Kind::kScalar;  // a null key reads as the empty string
  entries.push_back(Entry{std::move(key), std::move(value)});
  return std::nullopt;
}

std::optional<Error> YamlBuilder::ApplyMerges(Frame& f) {
  if (f.merges.empty()) return std::nullopt;
  std::unordered_set<std::string> present;
  for (const Entry& e : f.node.entries) present.insert(e.key.value);
  std::vector<const Node*> sources;
  for (const Node& m : f.merges) {
    if (m.is_mapping()) {
      sources.push_back(&m);
    } else {
      for (const Node& item : m.items) {
        if (!item.is_mapping())
          return ErrorAt(item.loc, "merge key '<<' list items must be mappings");
        sources.push_back(&item);
      }
    }
  }
  // Explicit keys win; among merged sources the first one wins.
  for (const Node* src : sources) {
    for (const Entry& e : src->entries) {
      if (present.insert(e.key.value).second) {
        if (!Count(Size(e.key) + Size(e.value), true)) {
          return ErrorAt(e.key.loc, "document expands beyond the node limit (alias or merge bomb?)",
                         Error::Code::kLimitExceeded);
        }
        f.node.entries.push_back(e);
      }
    }
  }
  if (f.key_set) f.key_set.reset();
  return std::nullopt;
}

std::optional<Error> YamlBuilder::Deliver(Node node, const std::string& anchor) {
  if (!anchor.empty()) {
    size_t size = Size(node);
    anchors_[anchor] = {node, size};
  }
  if (stack_.empty()) {
    root_ = std::move(node);
    return std::nullopt;
  }
  Frame& parent = stack_.back();
  if (parent.node.is_sequence()) {
    ItemsOf(parent).push_back(std::move(node));
    return std::nullopt;
  }
  if (!parent.have_key) {
    parent.key = std::move(node);
    parent.have_key = true;
    return std::nullopt;
  }
  parent.have_key = false;
  return AddEntry(parent, std::move(parent.key), std::move(node));
}

// What libyaml reported when it stopped, kept so that the event source can be another thread.
struct ParserFailure {
  yaml_error_type_t error = YAML_NO_ERROR;
  std::string problem, context;
  yaml_mark_t mark = {};
  size_t offset = 0;

  explicit ParserFailure(const yaml_parser_t& p)
      : error(p.error),
        problem(p.problem ? p.problem : ""),
        context(p.context ? p.context : ""),
        mark(p.problem_mark),
        offset(p.problem_offset) {}
  ParserFailure() = default;
};

// Runs libyaml over a text on a second thread and hands its events over in batches, so that
// scanning and parsing (about half of the work on a large model) overlap with building the tree.
// The events come out in the parser's order, so the tree and every error are the same as with
// one thread.
class EventPipe {
 public:
  explicit EventPipe(std::string_view text) : thread_([this, text] { Produce(text); }) {}
  ~EventPipe() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
    for (Batch& b : ready_) {
      for (yaml_event_t& ev : b.events) yaml_event_delete(&ev);
    }
    for (size_t i = next_; i < current_.events.size(); ++i) yaml_event_delete(&current_.events[i]);
  }
  EventPipe(const EventPipe&) = delete;
  EventPipe& operator=(const EventPipe&) = delete;

  // The next event (the caller deletes it), or false with the parser's failure.
  bool Next(yaml_event_t* ev, ParserFailure* failure) {
    while (next_ == current_.events.size()) {
      if (current_.failure) {
        *failure = *current_.failure;
        return false;
      }
      current_.events.clear();
      next_ = 0;
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return !ready_.empty(); });
      current_ = std::move(ready_.front());
      ready_.pop_front();
      changed_.notify_all();
    }
    *ev = current_.events[next_++];
    return true;
  }

 private:
  static constexpr size_t kBatch = 2048;
  static constexpr size_t kMaxBatches = 8;  // bounds the events parsed ahead
  struct Batch {
    std::vector<yaml_event_t> events;
    std::optional<ParserFailure> failure;  // set on the last batch when libyaml failed
  };

  void Produce(std::string_view text) {
    yaml_parser_t parser;
    Batch batch;
    bool ok = yaml_parser_initialize(&parser) != 0;
    if (!ok) {
      batch.failure = ParserFailure();
      batch.failure->problem = "cannot initialise the YAML parser";
    } else {
      yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                   text.size());
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    }
    while (ok) {
      yaml_event_t ev;
      if (!yaml_parser_parse(&parser, &ev)) {
        batch.failure = ParserFailure(parser);
        break;
      }
      bool end = ev.type == YAML_STREAM_END_EVENT;
      batch.events.push_back(ev);
      if (end) break;
      if (batch.events.size() == kBatch) {
        if (!Hand(std::move(batch))) break;
        batch = Batch();
        batch.events.reserve(kBatch);
      }
    }
    if (ok) yaml_parser_delete(&parser);
    if (!Hand(std::move(batch))) {
      for (yaml_event_t& ev : batch.events) yaml_event_delete(&ev);
    }
  }

  // Queues a batch; false (the batch left with the caller) when the reader has stopped.
  bool Hand(Batch&& batch) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [this] { return stop_ || ready_.size() < kMaxBatches; });
    if (stop_) return false;
    ready_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Batch> ready_;
  bool stop_ = false;
  Batch current_;  // the reader's
  size_t next_ = 0;
  std::thread thread_;
};

base::Result<Node> YamlBuilder::Run(std::string_view text) {
  if (text.size() > limits_.max_bytes) {
    return Error(Error::Code::kLimitExceeded, name_ + ": file is " + std::to_string(text.size()) +
                                                  " bytes, over the limit of " +
                                                  std::to_string(limits_.max_bytes));
  }
  std::unique_ptr<EventPipe> pipe;
  yaml_parser_t parser;
  struct Guard {
    yaml_parser_t* p = nullptr;
    ~Guard() {
      if (p != nullptr) yaml_parser_delete(p);
    }
  } guard;
  if (text.size() >= limits_.threaded_bytes) {
    pipe = std::make_unique<EventPipe>(text);
  } else {
    if (!yaml_parser_initialize(&parser)) {
      return Error::Internal("cannot initialise the YAML parser");
    }
    guard.p = &parser;
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  }
  for (;;) {
    yaml_event_t ev;
    ParserFailure failure;
    bool got = false;
    if (pipe) {
      got = pipe->Next(&ev, &failure);
    } else {
      got = yaml_parser_parse(&parser, &ev) != 0;
      if (!got) failure = ParserFailure(parser);
    }
    if (!got) {
      Loc loc = MarkLoc(failure.mark);
      if (failure.error == YAML_READER_ERROR) {
        // Reader errors (bad encoding) carry a byte offset instead of a mark.
        size_t off = std::min(failure.offset, text.size());
        loc = Loc{file_, 1, 1};
        for (size_t i = 0; i < off; ++i) {
          if (text[i] == '\n') {
            ++loc.line;
            loc.column = 1;
          } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++loc.column;
          }
        }
      }
      std::string msg = failure.problem.empty() ? "malformed YAML" : failure.problem;
      if (!failure.context.empty()) msg = failure.context + ": " + msg;
      if (msg.find("UTF-8") != std::string::npos ||
          msg.find("control characters") != std::string::npos) {
        msg = "invalid text: " + msg;
      }
      return ErrorAt(loc, "YAML syntax error: " + msg);
    }
    struct EventGuard {
      yaml_event_t* e;
      ~EventGuard() { yaml_event_delete(e); }
    } eg{&ev};
    base::Result<std::optional<Node>> step = Handle(ev);
    if (!step) return std::move(step).error();
    if (*step) return std::move(**step);
  }
}

// One event: an error, the finished tree (at the end of the stream), or nothing yet.
base::Result<std::optional<Node>> YamlBuilder::Handle(const yaml_event_t& ev) {
  const std::optional<Node> kMore;
  Loc loc = MarkLoc(ev.start_mark);
  switch (ev.type) {
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
      return kMore;
    case YAML_DOCUMENT_START_EVENT:
      if (++documents_ > 1) return ErrorAt(loc, "expected one YAML document, found a second one");
      return kMore;
    case YAML_STREAM_END_EVENT:
      if (!root_) {
        Node empty;
        empty.loc = Loc{file_, 1, 1};
        return std::optional<Node>(std::move(empty));
      }
      return std::optional<Node>(std::move(*root_));
    case YAML_ALIAS_EVENT: {
      std::string name = reinterpret_cast<const char*>(ev.data.alias.anchor);
      auto it = anchors_.find(name);
      if (it == anchors_.end()) return ErrorAt(loc, "unknown alias '*" + name + "'");
      if (!Count(it->second.second, true)) {
        return ErrorAt(loc, "document expands beyond the node limit (alias bomb?)",
                       Error::Code::kLimitExceeded);
      }
      Node copy = it->second.first;
      if (auto e = Deliver(std::move(copy), {})) return *e;
      return kMore;
    }
    case YAML_SCALAR_EVENT: {
      if (!Count(1)) {
        return ErrorAt(loc, "document has more nodes than the limit", Error::Code::kLimitExceeded);
      }
      Node n;
      n.loc = loc;
      n.value.assign(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
      bool plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && ev.data.scalar.tag == nullptr;
      n.plain = plain;
      n.kind = plain && IsNullToken(n.value) ? Node::Kind::kNull : Node::Kind::kScalar;
      if (n.is_null()) n.value.clear();
      std::string anchor =
          ev.data.scalar.anchor ? reinterpret_cast<const char*>(ev.data.scalar.anchor) : "";
      if (auto e = Deliver(std::move(n), anchor)) return *e;
      return kMore;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      if (stack_.size() >= limits_.max_depth) {
        return ErrorAt(loc, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels",
                       Error::Code::kLimitExceeded);
      }
      if (!Count(1)) {
        return ErrorAt(loc, "document has more nodes than the limit", Error::Code::kLimitExceeded);
      }
      Frame f;
      bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
      f.node.kind = seq ? Node::Kind::kSequence : Node::Kind::kMapping;
      f.node.loc = loc;
      const yaml_char_t* a = seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
      if (a) f.anchor = reinterpret_cast<const char*>(a);
      f.depth = stack_.size();
      stack_.push_back(std::move(f));
      return kMore;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
      Frame f = std::move(stack_.back());
      stack_.pop_back();
      Seal(f);
      if (auto e = ApplyMerges(f)) return *e;
      if (auto e = Deliver(std::move(f.node), f.anchor)) return *e;
      return kMore;
    }
    case YAML_NO_EVENT:
      return kMore;
  }
  return std::optional<Node>();
}

}  // namespace

base::Result<Node> ParseYaml(std::string_view text, uint32_t file, const std::string& display_name,
                             const ParseLimits& limits) {
  YamlBuilder builder(file, display_name, limits);
  return builder.Run(text);
}

}  // namespace threatpath::formats
