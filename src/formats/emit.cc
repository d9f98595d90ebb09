// Node tree -> YAML (libyaml's emitter) and JSON (nlohmann's writer).
#include <yaml.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "formats/node.h"

namespace threatpath::formats {
namespace {

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// True when a plain scalar with this text would be read back as something other than a string
// by a YAML 1.1 or 1.2 reader (null, bool, number, timestamp-like), so it must be quoted.
bool ResolvesToNonString(std::string_view s) {
  if (s.empty()) return true;
  static const char* kWords[] = {"~", "null", "true", "false", "yes",   "no",    "on", "off",
                                 "y", "n",    ".nan", ".inf",  "-.inf", "+.inf", "<<", "="};
  std::string lower = base::ToLower(s);
  for (const char* w : kWords) {
    if (lower == w) return true;
  }
  std::string_view t = s;
  if (t[0] == '+' || t[0] == '-') t.remove_prefix(1);
  if (t.empty()) return false;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b')) return true;
  // Integers, decimals, exponents, sexagesimal and dates all start with a digit or a dot-digit.
  if ((t[0] >= '0' && t[0] <= '9') || (t[0] == '.' && t.size() > 1 && t[1] >= '0' && t[1] <= '9')) {
    for (char c : t) {
      bool ok = (c >= '0' && c <= '9') || c == '.' || c == '_' || c == 'e' || c == 'E' ||
                c == '+' || c == '-' || c == ':' || c == 'T' || c == 't' || c == 'Z' || c == ' ';
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

class YamlEmitter {
 public:
  YamlEmitter() {
    yaml_emitter_initialize(&e_);
    yaml_emitter_set_output(&e_, &YamlEmitter::Write, &out_);
    yaml_emitter_set_unicode(&e_, 1);
    yaml_emitter_set_indent(&e_, 2);
    yaml_emitter_set_width(&e_, 100);
    yaml_emitter_set_break(&e_, YAML_LN_BREAK);
  }
  ~YamlEmitter() { yaml_emitter_delete(&e_); }

  std::string Run(const Node& root) {
    yaml_event_t ev;
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    Emit(ev);
    yaml_document_start_event_initialize(&ev, nullptr, nullptr, nullptr, 1);
    Emit(ev);
    Value(root);
    yaml_document_end_event_initialize(&ev, 1);
    Emit(ev);
    yaml_stream_end_event_initialize(&ev);
    Emit(ev);
    yaml_emitter_flush(&e_);
    return std::move(out_);
  }

 private:
  static int Write(void* data, unsigned char* buffer, size_t size) {
    static_cast<std::string*>(data)->append(reinterpret_cast<const char*>(buffer), size);
    return 1;
  }
  void Emit(yaml_event_t& ev) {
    // The emitter only fails on an invalid event sequence, which would be a bug here.
    if (!yaml_emitter_emit(&e_, &ev)) failed_ = true;
  }
  void Scalar(const std::string& v, yaml_scalar_style_t style, bool plain_implicit) {
    yaml_event_t ev;
    yaml_scalar_event_initialize(&ev, nullptr, nullptr,
                                 reinterpret_cast<yaml_char_t*>(const_cast<char*>(v.data())),
                                 static_cast<int>(v.size()), plain_implicit, 1, style);
    Emit(ev);
  }
  void Value(const Node& n) {
    yaml_event_t ev;
    switch (n.kind) {
      case Node::Kind::kNull:
        Scalar("null", YAML_PLAIN_SCALAR_STYLE, true);
        break;
      case Node::Kind::kScalar:
        if (n.plain) {
          Scalar(n.value, YAML_PLAIN_SCALAR_STYLE, true);
        } else if (n.value.find('\n') != std::string::npos) {
          Scalar(n.value, YAML_LITERAL_SCALAR_STYLE, false);
        } else if (ResolvesToNonString(n.value)) {
          Scalar(n.value, YAML_DOUBLE_QUOTED_SCALAR_STYLE, false);
        } else {
          Scalar(n.value, YAML_ANY_SCALAR_STYLE, true);
        }
        break;
      case Node::Kind::kSequence:
        yaml_sequence_start_event_initialize(&ev, nullptr, nullptr, 1, YAML_BLOCK_SEQUENCE_STYLE);
        Emit(ev);
        for (const Node& item : n.items) Value(item);
        yaml_sequence_end_event_initialize(&ev);
        Emit(ev);
        break;
      case Node::Kind::kMapping:
        yaml_mapping_start_event_initialize(&ev, nullptr, nullptr, 1, YAML_BLOCK_MAPPING_STYLE);
        Emit(ev);
        for (const Entry& e : n.entries) {
          Value(e.key);
          Value(e.value);
        }
        yaml_mapping_end_event_initialize(&ev);
        Emit(ev);
        break;
    }
  }

  yaml_emitter_t e_;
  std::string out_;
  bool failed_ = false;
};

nlohmann::ordered_json ToJson(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kNull:
      return nullptr;
    case Node::Kind::kScalar: {
      if (!n.plain) return n.value;
      const std::string& v = n.value;
      if (v == "true") return true;
      if (v == "false") return false;
      if (v == "null") return nullptr;
      std::string_view digits = v;
      if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
      if (IsDigits(digits) && digits.size() < 19) return std::stoll(v);
      auto parsed = nlohmann::ordered_json::parse(v, nullptr, false);
      if (!parsed.is_discarded() && parsed.is_number()) return parsed;
      return v;
    }
    case Node::Kind::kSequence: {
      auto arr = nlohmann::ordered_json::array();
      for (const Node& item : n.items) arr.push_back(ToJson(item));
      return arr;
    }
    case Node::Kind::kMapping: {
      auto obj = nlohmann::ordered_json::object();
      for (const Entry& e : n.entries) obj[e.key.value] = ToJson(e.value);
      return obj;
    }
  }
  return nullptr;
}

}  // namespace

std::string EmitYaml(const Node& root) {
  YamlEmitter emitter;
  return emitter.Run(root);
}

std::string EmitJson(const Node& root) {
  return ToJson(root).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace threatpath::formats
