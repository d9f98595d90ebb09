#include "formats/decode.h"

#include <charconv>

namespace threatpath::formats {

std::string_view Describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "nothing";
    case Node::Kind::kScalar:
      return "a single value";
    case Node::Kind::kSequence:
      return "a list";
    case Node::Kind::kMapping:
      return "a mapping";
  }
  return "?";
}

base::SourceLocation Decoder::Where(Loc loc) const {
  return {loc.file < files_.size() ? files_[loc.file] : std::string(), loc.line, loc.column};
}

void Decoder::Error(Loc loc, std::string message) {
  if (errors_ >= max_errors_) return;
  ++errors_;
  diagnostics_.push_back({base::Severity::kError, Where(loc), std::move(message)});
  if (errors_ == max_errors_) {
    diagnostics_.push_back({base::Severity::kNote, Where(loc),
                            "stopping after " + std::to_string(max_errors_) + " errors"});
  }
}

void Decoder::Warning(Loc loc, std::string message) {
  diagnostics_.push_back({base::Severity::kWarning, Where(loc), std::move(message)});
}

void Decoder::CheckKeys(const Node& map, std::span<const std::string_view> known,
                        std::string_view what) {
  if (!map.is_mapping()) return;
  for (const Entry& e : map.entries) {
    bool found = false;
    for (std::string_view k : known) {
      if (e.key.value == k) {
        found = true;
        break;
      }
    }
    if (!found) {
      auto hint = base::ClosestMatch(e.key.value, known);
      Error(e.key.loc, std::string(what) + ": unknown key '" + e.key.value + "'" +
                           (hint ? " (did you mean '" + *hint + "'?)" : std::string()));
    }
  }
}

bool Decoder::ExpectMapping(const Node& node, std::string_view what) {
  if (node.is_mapping() || node.is_null()) return true;
  Error(node.loc, std::string(what) + ": expected a mapping, found " + std::string(Describe(node)));
  return false;
}

bool Decoder::Str(const Node& node, std::string& out, std::string_view what) {
  if (node.is_null()) return true;
  if (!node.is_scalar()) {
    Error(node.loc,
          std::string(what) + ": expected a single value, found " + std::string(Describe(node)));
    return false;
  }
  out = node.value;
  return true;
}

bool Decoder::Bool(const Node& node, bool& out, std::string_view what) {
  if (node.is_null()) return true;
  if (node.is_scalar() && node.plain) {
    std::string v = base::ToLower(node.value);
    // YAML 1.1 spellings, as Go's yaml.v2 (Threagile 0.9.x) accepts them.
    if (v == "true" || v == "yes" || v == "on") {
      out = true;
      return true;
    }
    if (v == "false" || v == "no" || v == "off") {
      out = false;
      return true;
    }
  }
  Error(node.loc, std::string(what) + ": expected true or false, found " +
                      (node.is_scalar() ? "'" + node.value + "'" : std::string(Describe(node))));
  return false;
}

bool Decoder::Int(const Node& node, int& out, std::string_view what) {
  if (node.is_null()) return true;
  if (node.is_scalar() && node.plain) {
    const std::string& v = node.value;
    int x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec == std::errc() && p == v.data() + v.size()) {
      out = x;
      return true;
    }
  }
  Error(node.loc, std::string(what) + ": expected a whole number, found " +
                      (node.is_scalar() ? "'" + node.value + "'" : std::string(Describe(node))));
  return false;
}

bool Decoder::StrList(const Node& node, std::vector<std::string>& out, std::string_view what,
                      std::vector<Loc>* locs) {
  if (node.is_null()) return true;
  if (!node.is_sequence()) {
    Error(node.loc, std::string(what) + ": expected a list, found " + std::string(Describe(node)));
    return false;
  }
  bool ok = true;
  for (const Node& item : node.items) {
    if (item.is_null()) continue;  // Threagile models often carry empty list items
    std::string s;
    if (Str(item, s, what)) {
      out.push_back(std::move(s));
      if (locs) locs->push_back(item.loc);
    } else {
      ok = false;
    }
  }
  return ok;
}

bool Decoder::RefOne(const Node& node, core::Ref& out, std::string_view what) {
  if (node.is_null()) return true;
  std::string s;
  if (!Str(node, s, what)) return false;
  out = core::Ref{std::move(s), node.loc};
  return true;
}

bool Decoder::RefList(const Node& node, core::Refs& out, std::string_view what) {
  if (node.is_null()) return true;
  if (!node.is_sequence()) {
    Error(node.loc, std::string(what) + ": expected a list, found " + std::string(Describe(node)));
    return false;
  }
  bool ok = true;
  for (const Node& item : node.items) {
    if (item.is_null()) continue;
    core::Ref r;
    if (RefOne(item, r, what))
      out.push_back(std::move(r));
    else
      ok = false;
  }
  return ok;
}

bool Decoder::Texts(const Node& node, core::TextMap& out, std::string_view what) {
  if (node.is_null()) return true;
  if (!node.is_mapping()) {
    Error(node.loc,
          std::string(what) + ": expected a mapping, found " + std::string(Describe(node)));
    return false;
  }
  bool ok = true;
  for (const Entry& e : node.entries) {
    std::string v;
    if (Str(e.value, v, std::string(what) + " '" + e.key.value + "'")) {
      out.emplace_back(e.key.value, std::move(v));
    } else {
      ok = false;
    }
  }
  return ok;
}

}  // namespace threatpath::formats
