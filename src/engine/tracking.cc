#include "engine/tracking.h"

#include <algorithm>
#include <unordered_map>

#include "base/strings.h"

namespace threatpath::engine {
namespace {

std::vector<std::string_view> SplitParts(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = s.find('@', start);
    if (at == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

// Glob match of one part where '*' matches one or more characters; O(pattern * text).
bool PartMatches(std::string_view pattern, std::string_view text) {
  // matched[j]: the pattern read so far matches the first j characters of the text.
  std::vector<char> matched(text.size() + 1, 0), next(text.size() + 1, 0);
  matched[0] = 1;
  for (char pc : pattern) {
    std::fill(next.begin(), next.end(), 0);
    if (pc == '*') {
      bool earlier = false;
      for (size_t j = 0; j <= text.size(); ++j) {
        next[j] = earlier;
        if (matched[j]) earlier = true;
      }
    } else {
      for (size_t j = 1; j <= text.size(); ++j) next[j] = matched[j - 1] && text[j - 1] == pc;
    }
    matched.swap(next);
  }
  return matched[text.size()];
}

}  // namespace

bool TrackingKeyMatches(std::string_view key, std::string_view synthetic_id) {
  std::string k = base::ToLower(key), id = base::ToLower(synthetic_id);
  std::vector<std::string_view> kp = SplitParts(k), ip = SplitParts(id);
  if (kp.size() != ip.size()) return false;
  for (size_t i = 0; i < kp.size(); ++i) {
    if (!PartMatches(kp[i], ip[i])) return false;
  }
  return true;
}

std::vector<OrphanedTracking> ApplyRiskTracking(const std::vector<core::RiskTracking>& tracking,
                                                std::vector<Risk>& risks) {
  std::vector<bool> used(tracking.size(), false);
  std::unordered_map<std::string, int> exact;
  std::vector<int> wildcards;
  for (int t = 0; t < static_cast<int>(tracking.size()); ++t) {
    const std::string& key = tracking[t].key;
    if (key.find('*') != std::string::npos) {
      wildcards.push_back(t);
    } else {
      exact.emplace(base::ToLower(key), t);  // the first of duplicate keys wins
    }
  }
  for (Risk& risk : risks) {
    risk.status = core::RiskStatus::kUnchecked;
    risk.tracking = -1;
    auto it = exact.find(base::ToLower(risk.synthetic_id));
    if (it != exact.end()) {
      risk.tracking = it->second;
    } else {
      for (int t : wildcards) {
        if (TrackingKeyMatches(tracking[t].key, risk.synthetic_id)) {
          risk.tracking = t;
          break;
        }
      }
    }
    if (risk.tracking >= 0) {
      risk.status = tracking[risk.tracking].status;
      used[risk.tracking] = true;
    }
  }
  std::vector<OrphanedTracking> orphans;
  for (int t = 0; t < static_cast<int>(tracking.size()); ++t) {
    if (used[t]) continue;
    orphans.push_back({.index = t,
                       .key = tracking[t].key,
                       .wildcard = tracking[t].key.find('*') != std::string::npos,
                       .loc = tracking[t].loc});
  }
  return orphans;
}

}  // namespace threatpath::engine
