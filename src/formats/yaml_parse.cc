// YAML text -> Node tree, on libyaml's event parser (an order of magnitude faster and leaner than
// building a yaml-cpp tree on large models). Aliases are expanded by copying under a node budget,
// merge keys are applied when their mapping closes, duplicate keys are rejected.
#include <yaml.h>

#include <algorithm>
#include <memory>
#include <optional>
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

base::Result<Node> YamlBuilder::Run(std::string_view text) {
  if (text.size() > limits_.max_bytes) {
    return Error(Error::Code::kLimitExceeded, name_ + ": file is " + std::to_string(text.size()) +
                                                  " bytes, over the limit of " +
                                                  std::to_string(limits_.max_bytes));
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return Error::Internal("cannot initialise the YAML parser");
  struct Guard {
    yaml_parser_t* p;
    ~Guard() { yaml_parser_delete(p); }
  } guard{&parser};
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

  int documents = 0;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      Loc loc = MarkLoc(parser.problem_mark);
      if (parser.error == YAML_READER_ERROR) {
        // Reader errors (bad encoding) carry a byte offset instead of a mark.
        size_t off = std::min(parser.problem_offset, text.size());
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
      std::string msg = parser.problem ? parser.problem : "malformed YAML";
      if (parser.context) msg = std::string(parser.context) + ": " + msg;
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
    Loc loc = MarkLoc(ev.start_mark);
    switch (ev.type) {
      case YAML_STREAM_START_EVENT:
      case YAML_DOCUMENT_END_EVENT:
        break;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) return ErrorAt(loc, "expected one YAML document, found a second one");
        break;
      case YAML_STREAM_END_EVENT:
        if (!root_) {
          Node empty;
          empty.loc = Loc{file_, 1, 1};
          return empty;
        }
        return std::move(*root_);
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
        break;
      }
      case YAML_SCALAR_EVENT: {
        if (!Count(1)) {
          return ErrorAt(loc, "document has more nodes than the limit",
                         Error::Code::kLimitExceeded);
        }
        Node n;
        n.loc = loc;
        n.value.assign(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
        bool plain =
            ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && ev.data.scalar.tag == nullptr;
        n.plain = plain;
        n.kind = plain && IsNullToken(n.value) ? Node::Kind::kNull : Node::Kind::kScalar;
        if (n.is_null()) n.value.clear();
        std::string anchor =
            ev.data.scalar.anchor ? reinterpret_cast<const char*>(ev.data.scalar.anchor) : "";
        if (auto e = Deliver(std::move(n), anchor)) return *e;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (stack_.size() >= limits_.max_depth) {
          return ErrorAt(loc,
                         "nesting deeper than " + std::to_string(limits_.max_depth) + " levels",
                         Error::Code::kLimitExceeded);
        }
        if (!Count(1)) {
          return ErrorAt(loc, "document has more nodes than the limit",
                         Error::Code::kLimitExceeded);
        }
        Frame f;
        bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
        f.node.kind = seq ? Node::Kind::kSequence : Node::Kind::kMapping;
        f.node.loc = loc;
        const yaml_char_t* a = seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
        if (a) f.anchor = reinterpret_cast<const char*>(a);
        f.depth = stack_.size();
        stack_.push_back(std::move(f));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        Seal(f);
        if (auto e = ApplyMerges(f)) return *e;
        if (auto e = Deliver(std::move(f.node), f.anchor)) return *e;
        break;
      }
      case YAML_NO_EVENT:
        break;
    }
  }
}

}  // namespace

base::Result<Node> ParseYaml(std::string_view text, uint32_t file, const std::string& display_name,
                             const ParseLimits& limits) {
  YamlBuilder builder(file, display_name, limits);
  return builder.Run(text);
}

}  // namespace threatpath::formats
