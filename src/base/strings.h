#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace threatpath::base {

std::string ToLower(std::string_view s);
std::string_view Trim(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
std::string Join(std::span<const std::string> parts, std::string_view sep);

/// "1 component", "2 components": `n` and the word for that many.
std::string Count(int64_t n, std::string_view one, std::string_view many);

/// Lower-case, keep [a-z0-9], turn every other run of characters into one '-', strip '-' at
/// both ends. "Web App (v2)" -> "web-app-v2". Threagile derives link ids this way.
std::string Slugify(std::string_view s);

/// Levenshtein distance, capped: returns `cap + 1` as soon as the distance exceeds `cap`.
size_t EditDistance(std::string_view a, std::string_view b, size_t cap = 64);

/// The candidate closest to `word` when it is close enough to be a plausible typo
/// (distance <= max(1, len/3)), for "did you mean 'api'?" hints. Ties go to the first candidate.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        std::span<const std::string_view> candidates);
std::optional<std::string> ClosestMatch(std::string_view word,
                                        std::span<const std::string> candidates);

/// " (did you mean 'x'?)" or "" when nothing is close.
std::string DidYouMean(std::string_view word, std::span<const std::string> candidates);

}  // namespace threatpath::base
