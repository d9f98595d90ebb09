#include "base/strings.h"

#include <algorithm>

namespace threatpath::base {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string Join(std::span<const std::string> parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string Count(int64_t n, std::string_view one, std::string_view many) {
  std::string out = std::to_string(n);
  out += ' ';
  out += n == 1 ? one : many;
  return out;
}

std::string Slugify(std::string_view s) {
  std::string out;
  bool pending_dash = false;
  for (char c : s) {
    char lc = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool keep = (lc >= 'a' && lc <= 'z') || (lc >= '0' && lc <= '9');
    if (keep) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += lc;
    } else {
      pending_dash = true;
    }
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b, size_t cap) {
  // Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
  // neighbouring characters each cost one, so "tpye" is one edit from "type".
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > cap) return cap + 1;
  std::vector<size_t> prev2(a.size() + 1), prev(a.size() + 1), cur(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) prev[i] = i;
  for (size_t j = 1; j <= b.size(); ++j) {
    cur[0] = j;
    size_t row_min = cur[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t sub = prev[i - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[i] = std::min({prev[i] + 1, cur[i - 1] + 1, sub});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[i] = std::min(cur[i], prev2[i - 2] + 1);
      }
      row_min = std::min(row_min, cur[i]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[a.size()];
}

namespace {
template <typename Range>
std::optional<std::string> Closest(std::string_view word, const Range& candidates) {
  size_t limit = std::max<size_t>(1, word.size() / 3);
  size_t best = limit + 1;
  std::optional<std::string> out;
  for (const auto& c : candidates) {
    std::string_view cv(c);
    if (cv == word) continue;
    size_t d = EditDistance(ToLower(word), ToLower(cv), limit);
    if (d < best) {
      best = d;
      out = std::string(cv);
    }
  }
  return out;
}
}  // namespace

std::optional<std::string> ClosestMatch(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  return Closest(word, candidates);
}

std::optional<std::string> ClosestMatch(std::string_view word,
                                        std::span<const std::string> candidates) {
  return Closest(word, candidates);
}

std::string DidYouMean(std::string_view word, std::span<const std::string> candidates) {
  auto m = ClosestMatch(word, candidates);
  return m ? " (did you mean '" + *m + "'?)" : std::string();
}

}  // namespace threatpath::base
