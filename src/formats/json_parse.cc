// JSON text -> Node tree on nlohmann::json's SAX parser (strict RFC 8259). nlohmann's SAX
// callbacks carry no positions, so the input goes through an iterator that publishes how far
// the lexer has read; each value's start is found by skipping separators from the end of the
// previous one.
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_set>

#include "formats/node.h"

namespace threatpath::formats {
namespace {

using base::Error;

/// A forward iterator over chars that records its furthest position in a shared cursor.
class TrackingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator() = default;
  TrackingIterator(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    ++p_;
    if (cursor_ && p_ > *cursor_) *cursor_ = p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator t = *this;
    ++*this;
    return t;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_ = nullptr;
  const char** cursor_ = nullptr;
};

class JsonBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonBuilder(std::string_view text, uint32_t file, const std::string& name,
              const ParseLimits& limits)
      : text_(text), file_(file), name_(name), limits_(limits) {
    cursor_ = text.data();
    scan_ = text.data();
    line_scan_ = text.data();
  }

  const char** cursor() { return &cursor_; }
  std::optional<Error> error;
  std::optional<Node> root;

  bool null() override { return Value(Node{}, false); }
  bool boolean(bool v) override { return Value(Node::Bool(v), false); }
  bool number_integer(number_integer_t v) override { return Value(Node::Int(v), false); }
  bool number_unsigned(number_unsigned_t v) override {
    return Value(Node::Token(std::to_string(v)), false);
  }
  bool number_float(number_float_t, const string_t& s) override {
    return Value(Node::Token(s), false);
  }
  bool string(string_t& v) override { return Value(Node::String(std::move(v)), true); }
  bool binary(binary_t&) override { return Fail(Here(), "binary values are not JSON"); }

  bool start_object(std::size_t) override { return Open(Node::Mapping()); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(Node::Sequence()); }
  bool end_array() override { return Close(); }

  bool key(string_t& k) override {
    Loc loc = Here();
    Frame& f = stack_.back();
    if (f.keys.size() < 16 && f.keys_set.empty()) {
      for (const Entry& e : f.node.entries) {
        if (e.key.value == k) return Dup(loc, k, e.key.loc);
      }
      f.keys.push_back(k);
      if (f.keys.size() == 16) {
        f.keys_set.insert(f.keys.begin(), f.keys.end());
      }
    } else if (!f.keys_set.insert(k).second) {
      for (const Entry& e : f.node.entries) {
        if (e.key.value == k) return Dup(loc, k, e.key.loc);
      }
    }
    Node key = Node::String(std::move(k));
    key.loc = loc;
    f.pending_key = std::move(key);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
    // error while parsing value - invalid literal; last read: 'tru'". Keep the part after the
    // position, since we print our own.
    size_t colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    size_t off = position == 0 ? 0 : std::min(position - 1, text_.size());
    return Fail(At(text_.data() + off), "JSON syntax error: " + detail);
  }

 private:
  struct Frame {
    Node node;
    std::optional<Node> pending_key;
    std::vector<std::string> keys;
    std::unordered_set<std::string> keys_set;
  };

  Loc At(const char* p) {
    // Positions are requested in increasing order (error reports may go back: start over), so
    // line and column advance incrementally and long one-line documents stay linear.
    if (p < line_scan_) {
      line_scan_ = text_.data();
      line_ = 1;
      col_ = 1;
    }
    for (; line_scan_ < p; ++line_scan_) {
      if (*line_scan_ == '\n') {
        ++line_;
        col_ = 1;
      } else if ((static_cast<unsigned char>(*line_scan_) & 0xC0) != 0x80) {
        ++col_;  // columns count characters, not UTF-8 continuation bytes
      }
    }
    return Loc{file_, line_, col_};
  }

  // The start of the value or key the parser just delivered: the first character after the end
  // of the previous one that is not white space or a separator.
  Loc Here() {
    const char* p = scan_;
    const char* end = text_.data() + text_.size();
    while (p < end &&
           (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' || *p == ':'))
      ++p;
    scan_ = cursor_;
    return At(p);
  }

  bool Fail(Loc loc, std::string message, Error::Code code = Error::Code::kInvalidInput) {
    if (!error) error = Error::At({name_, loc.line, loc.column}, std::move(message), code);
    return false;
  }
  bool Dup(Loc loc, const std::string& k, Loc first) {
    return Fail(loc, "duplicate key '" + k + "' (first defined at line " +
                         std::to_string(first.line) + ")");
  }
  bool Count() {
    if (++nodes_ > limits_.max_nodes) {
      return Fail(Here(), "document has more nodes than the limit", Error::Code::kLimitExceeded);
    }
    return true;
  }

  bool Value(Node n, bool is_string) {
    (void)is_string;
    if (!Count()) return false;
    n.loc = Here();
    return Deliver(std::move(n));
  }

  bool Open(Node n) {
    if (!Count()) return false;
    n.loc = Here();
    if (stack_.size() >= limits_.max_depth) {
      return Fail(n.loc, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels",
                  Error::Code::kLimitExceeded);
    }
    stack_.push_back(Frame{std::move(n), std::nullopt, {}, {}});
    // For '{' and '[' the lexer has read exactly the bracket; keep scanning from there.
    return true;
  }

  bool Close() {
    scan_ = cursor_;
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    return Deliver(std::move(n));
  }

  bool Deliver(Node n) {
    if (stack_.empty()) {
      root = std::move(n);
      return true;
    }
    Frame& f = stack_.back();
    if (f.node.is_sequence()) {
      f.node.items.push_back(std::move(n));
    } else {
      f.node.entries.push_back(Entry{std::move(*f.pending_key), std::move(n)});
      f.pending_key.reset();
    }
    return true;
  }

  std::string_view text_;
  uint32_t file_;
  const std::string& name_;
  const ParseLimits& limits_;
  const char* cursor_;
  const char* scan_;
  const char* line_scan_ = nullptr;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
  size_t nodes_ = 0;
  std::vector<Frame> stack_;
};

}  // namespace

base::Result<Node> ParseJson(std::string_view text, uint32_t file, const std::string& display_name,
                             const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error(Error::Code::kLimitExceeded,
                 display_name + ": file is " + std::to_string(text.size()) +
                     " bytes, over the limit of " + std::to_string(limits.max_bytes));
  }
  JsonBuilder builder(text, file, display_name, limits);
  TrackingIterator first(text.data(), builder.cursor());
  TrackingIterator last(text.data() + text.size(), nullptr);
  bool ok = nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json,
                                      /*strict=*/true);
  if (!ok || builder.error) {
    if (builder.error) return std::move(*builder.error);
    return Error::InvalidInput(display_name + ": malformed JSON");
  }
  if (!builder.root) return Error::InvalidInput(display_name + ": empty JSON document");
  return std::move(*builder.root);
}

}  // namespace threatpath::formats
