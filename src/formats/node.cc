#include "formats/node.h"

namespace threatpath::formats {

const Node* Node::Find(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key.value == key) return &e.value;
  }
  return nullptr;
}

Node Node::Null() { return Node{}; }
Node Node::Bool(bool b) { return Token(b ? "true" : "false"); }
Node Node::Int(long long v) { return Token(std::to_string(v)); }

Node Node::String(std::string s) {
  Node n;
  n.kind = Kind::kScalar;
  n.plain = false;
  n.value = std::move(s);
  return n;
}

Node Node::Token(std::string s) {
  Node n;
  n.kind = Kind::kScalar;
  n.plain = true;
  n.value = std::move(s);
  return n;
}

Node Node::Sequence() {
  Node n;
  n.kind = Kind::kSequence;
  return n;
}

Node Node::Mapping() {
  Node n;
  n.kind = Kind::kMapping;
  return n;
}

Node& Node::Add(std::string key, Node value) {
  entries.push_back(Entry{String(std::move(key)), std::move(value)});
  return entries.back().value;
}

Node& Node::Push(Node value) {
  items.push_back(std::move(value));
  return items.back();
}

}  // namespace threatpath::formats
