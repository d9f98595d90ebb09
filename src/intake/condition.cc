#include "intake/condition.h"

namespace threatpath::intake {
namespace {

constexpr int kMaxDepth = 100;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool Parse(Condition& out) {
    SkipSpace();
    if (pos_ == text_.size()) return Fail(pos_, "empty condition");
    if (!Or(out, 0)) return false;
    SkipSpace();
    if (pos_ != text_.size()) {
      if (text_[pos_] == ')') return Fail(pos_, "unbalanced ')'");
      return Fail(pos_, "expected '&&', '||' or the end of the condition, found " + Found());
    }
    return true;
  }
  const ConditionError& error() const { return error_; }

 private:
  bool Fail(size_t at, std::string message) {
    error_ = {static_cast<uint32_t>(at + 1), std::move(message)};
    return false;
  }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool Peek(std::string_view token) {
    SkipSpace();
    return text_.substr(pos_, token.size()) == token;
  }
  std::string Found() const {
    if (pos_ >= text_.size()) return "the end";
    if (text_.substr(pos_, 2) == "&&" || text_.substr(pos_, 2) == "||")
      return "'" + std::string(text_.substr(pos_, 2)) + "'";
    return "'" + std::string(1, text_[pos_]) + "'";
  }

  // Binary level: kOr over And, or kAnd over Unary.
  bool Binary(Condition& out, int depth, Condition::Op op) {
    std::string_view token = op == Condition::Op::kOr ? "||" : "&&";
    auto operand = [&](Condition& c) {
      return op == Condition::Op::kOr ? Binary(c, depth, Condition::Op::kAnd) : Unary(c, depth);
    };
    SkipSpace();
    Condition first;
    if (!operand(first)) return false;
    if (!Peek(token)) {
      out = std::move(first);
      return true;
    }
    out = Condition{};
    out.op = op;
    out.column = first.column;
    out.args.push_back(std::move(first));
    while (Peek(token)) {
      pos_ += 2;
      SkipSpace();
      Condition next;
      if (!operand(next)) return false;
      out.args.push_back(std::move(next));
    }
    return true;
  }
  bool Or(Condition& out, int depth) { return Binary(out, depth, Condition::Op::kOr); }

  bool Unary(Condition& out, int depth) {
    if (depth > kMaxDepth) return Fail(pos_, "condition nested too deeply");
    SkipSpace();
    size_t start = pos_;
    if (pos_ == text_.size())
      return Fail(pos_, "expected a question id, '!' or '(', found the end");
    char c = text_[pos_];
    if (c == '!') {
      ++pos_;
      Condition inner;
      if (!Unary(inner, depth + 1)) return false;
      out = Condition{};
      out.op = Condition::Op::kNot;
      out.column = static_cast<uint32_t>(start + 1);
      out.args.push_back(std::move(inner));
      return true;
    }
    if (c == '(') {
      ++pos_;
      if (!Or(out, depth + 1)) return false;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ')')
        return Fail(pos_ >= text_.size() ? start : pos_, pos_ >= text_.size()
                                                             ? "'(' is never closed"
                                                             : "expected ')', found " + Found());
      ++pos_;
      return true;
    }
    return Ref(out);
  }

  bool Name(std::string& out, std::string_view what) {
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    if (pos_ == start) return Fail(pos_, "expected " + std::string(what) + ", found " + Found());
    out = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  bool Ref(Condition& out) {
    out = Condition{};
    out.op = Condition::Op::kRef;
    out.column = static_cast<uint32_t>(pos_ + 1);
    if (text_[pos_] == '^') {
      out.shown = true;
      ++pos_;
    }
    if (!Name(out.name, out.shown ? "an item id after '^'" : "a question id, '!' or '('"))
      return false;
    if (pos_ < text_.size() && text_[pos_] == '/') {
      ++pos_;
      if (out.shown) return Fail(pos_ - 1, "'^" + out.name + "' cannot name a choice");
      if (!Name(out.choice, "a choice id after '/'")) return false;
    }
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  ConditionError error_;
};

void Write(const Condition& c, int parent_precedence, std::string& out) {
  switch (c.op) {
    case Condition::Op::kRef:
      if (c.shown) out += '^';
      out += c.name;
      if (!c.choice.empty()) out += "/" + c.choice;
      return;
    case Condition::Op::kNot:
      out += '!';
      Write(c.args[0], 3, out);
      return;
    case Condition::Op::kAnd:
    case Condition::Op::kOr: {
      int precedence = c.op == Condition::Op::kOr ? 1 : 2;
      bool parens = precedence < parent_precedence;
      if (parens) out += '(';
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (i) out += c.op == Condition::Op::kOr ? " || " : " && ";
        Write(c.args[i], precedence + 1, out);
      }
      if (parens) out += ')';
      return;
    }
  }
}

}  // namespace

std::string Condition::ToString() const {
  std::string out;
  Write(*this, 0, out);
  return out;
}

base::Result<Condition> ParseCondition(std::string_view text, ConditionError* error) {
  Parser parser(text);
  Condition out;
  if (!parser.Parse(out)) {
    if (error) *error = parser.error();
    return base::Error::InvalidInput(parser.error().message);
  }
  return out;
}

}  // namespace threatpath::intake
