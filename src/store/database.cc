#include "store/database.h"

#include <charconv>

namespace threatpath::store {

const std::string& Row::Text(size_t i) const {
  static const std::string kEmpty;
  const auto& cell = cells_.at(i);
  return cell ? *cell : kEmpty;
}

int64_t Row::Int(size_t i) const {
  const auto& cell = cells_.at(i);
  if (!cell) return 0;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(cell->data(), cell->data() + cell->size(), v);
  if (ec != std::errc() || ptr != cell->data() + cell->size()) return 0;
  return v;
}

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;  // the quote character we are inside, or 0
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote re-enters at the next character
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace threatpath::store
