#pragma once

// Internal to src/report: JSON written straight into a string, byte for byte as
// nlohmann::json's dump(2, ' ', false, error_handler_t::replace) writes the same document, without
// building a tree first.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace threatpath::report::internal {

/// Appends `s` as a JSON string: quotes, backslashes and control characters escaped (\b \f \n \r
/// \t by name, others as \u00xx in lower-case hex), '/' and DEL as they are, valid UTF-8 as it
/// is and invalid UTF-8 replaced by U+FFFD as ValidUtf8 does.
void AppendJsonString(std::string& out, std::string_view s);

/// Appends an integer in decimal.
void AppendInt(std::string& out, int64_t v);

/// Writes one JSON document with nlohmann's two-space layout: every member and element on its
/// own line, "key": value, empty containers as {} and [].
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() {
    Prefix();
    out_ += '{';
    first_.push_back(true);
  }
  void EndObject() { End('}'); }
  void BeginArray() {
    Prefix();
    out_ += '[';
    first_.push_back(true);
  }
  void EndArray() { End(']'); }

  /// The next value is this member's.
  void Key(std::string_view key) {
    Prefix();
    AppendJsonString(out_, key);
    out_ += ": ";
    after_key_ = true;
  }

  void String(std::string_view s) {
    Prefix();
    AppendJsonString(out_, s);
  }
  void Int(int64_t v) {
    Prefix();
    AppendInt(out_, v);
  }
  void Bool(bool v) {
    Prefix();
    out_ += v ? "true" : "false";
  }
  void Null() {
    Prefix();
    out_ += "null";
  }
  /// A number as nlohmann writes a double (shortest round-trip form).
  void Double(double v);

  /// Key(key) and a value.
  void Member(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void Member(std::string_view key, const char* s) { Member(key, std::string_view(s)); }
  void Member(std::string_view key, const std::string& s) { Member(key, std::string_view(s)); }
  void Member(std::string_view key, int64_t v) {
    Key(key);
    Int(v);
  }
  void Member(std::string_view key, int v) { Member(key, static_cast<int64_t>(v)); }
  void Member(std::string_view key, uint32_t v) { Member(key, static_cast<int64_t>(v)); }
  void Member(std::string_view key, bool v) {
    Key(key);
    Bool(v);
  }

  /// An array of strings.
  template <typename Range, typename Get>
  void StringArray(const Range& range, Get get) {
    BeginArray();
    for (const auto& item : range) String(get(item));
    EndArray();
  }

 private:
  void Prefix() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (first_.back()) {
      out_ += '\n';
      first_.back() = false;
    } else {
      out_ += ",\n";
    }
    out_.append(2 * first_.size(), ' ');
  }
  void End(char close) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) {
      out_ += '\n';
      out_.append(2 * first_.size(), ' ');
    }
    out_ += close;
  }

  std::string& out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace threatpath::report::internal
