#include "engine/tracking.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"

namespace threatpath::engine {
namespace {

// Unanchored search for the pattern in the text, where '*' in the pattern matches one or more
// characters other than '@' and everything else matches itself; O(pattern * text).
bool PatternFound(std::string_view pattern, std::string_view text) {
  // The literal pieces between the '*'s must occur in the text in order: a cheap test that
  // rejects most ids (a key such as `missing-waf@*` against every other category's ids) before
  // the exact search below.
  size_t from = 0;
  for (size_t start = 0; start <= pattern.size();) {
    size_t star = std::min(pattern.find('*', start), pattern.size());
    std::string_view piece = pattern.substr(start, star - start);
    if (!piece.empty()) {
      size_t at = text.find(piece, from);
      if (at == std::string_view::npos) return false;
      from = at + piece.size();
    }
    start = star + 1;
  }
  if (pattern.find('*') == std::string_view::npos) return true;  // found as a whole above
  const size_t n = text.size();
  // matched[j]: the pattern read so far matches some substring of the text that ends at j.
  std::vector<char> matched(n + 1, 1), next(n + 1, 0);
  for (char pc : pattern) {
    next[0] = 0;
    if (pc == '*') {
      bool open = false;  // a match ended at or after the last '@' seen
      for (size_t j = 0; j < n; ++j) {
        if (matched[j]) open = true;
        if (text[j] == '@') open = false;
        next[j + 1] = open;
      }
    } else {
      for (size_t j = 0; j < n; ++j) next[j + 1] = matched[j] && text[j] == pc;
    }
    matched.swap(next);
  }
  return std::find(matched.begin(), matched.end(), 1) != matched.end();
}

}  // namespace

bool TrackingKeyMatches(std::string_view key, std::string_view synthetic_id) {
  return PatternFound(key, synthetic_id);
}

std::vector<OrphanedTracking> ApplyRiskTracking(const std::vector<core::RiskTracking>& tracking,
                                                std::vector<Risk>& risks) {
  if (tracking.empty()) {  // the common case on large models: nothing to file or match
    for (Risk& risk : risks) {
      risk.status = core::RiskStatus::kUnchecked;
      risk.tracking = -1;
    }
    return {};
  }
  const int count = static_cast<int>(tracking.size());
  auto is_wildcard = [&](int t) { return tracking[t].key.find('*') != std::string::npos; };
  // What Threagile files under each key: exact entries under the key as written, wildcard
  // entries under lower-cased ids.
  std::unordered_map<std::string, int> filed;
  for (int t = 0; t < count; ++t) {
    if (!is_wildcard(t)) filed.emplace(tracking[t].key, t);  // the first of duplicates wins
  }
  std::vector<std::string> lower_ids;
  lower_ids.reserve(risks.size());
  std::unordered_set<std::string> known_lower;
  for (const Risk& risk : risks) {
    lower_ids.push_back(base::ToLower(risk.synthetic_id));
    known_lower.insert(lower_ids.back());
  }
  std::vector<bool> used(count, false);
  for (int t = 0; t < count; ++t) {
    if (!is_wildcard(t)) {
      used[t] = known_lower.count(tracking[t].key) > 0;
      continue;
    }
    for (const std::string& id : lower_ids) {
      if (filed.count(id) > 0 || !TrackingKeyMatches(tracking[t].key, id)) continue;
      filed.emplace(id, t);
      used[t] = true;
    }
  }
  for (Risk& risk : risks) {
    risk.status = core::RiskStatus::kUnchecked;
    risk.tracking = -1;
    auto it = filed.find(risk.synthetic_id);
    if (it == filed.end()) continue;
    risk.tracking = it->second;
    risk.status = tracking[it->second].status;
  }
  std::vector<OrphanedTracking> orphans;
  for (int t = 0; t < count; ++t) {
    if (used[t]) continue;
    orphans.push_back(
        {.index = t, .key = tracking[t].key, .wildcard = is_wildcard(t), .loc = tracking[t].loc});
  }
  return orphans;
}

}  // namespace threatpath::engine
