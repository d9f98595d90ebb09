#include "risk/cvss_parse.h"

namespace threatpath::risk::internal {

base::Error VectorError(size_t column, const std::string& message) {
  return base::Error::InvalidInput("invalid CVSS vector at column " + std::to_string(column) +
                                   ": " + message);
}

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 24;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c >= 0x7f) ? '?' : static_cast<char>(c);
  }
  if (text.size() > kMax) out += "...";
  return out + "'";
}

namespace {

std::string Expected(const MetricSpec& spec) {
  std::string out;
  for (size_t i = 0; i < spec.values.size(); ++i) {
    if (i > 0) out += i + 1 == spec.values.size() ? " or " : ", ";
    out += spec.values[i];
  }
  return out;
}

}  // namespace

base::Result<std::vector<std::string_view>> ParseMetrics(std::string_view vector, size_t prefix_len,
                                                         std::span<const MetricSpec> specs) {
  std::vector<std::string_view> chosen(specs.size());
  std::vector<size_t> seen_at(specs.size(), 0);  // column where each metric was given; 0 = absent
  size_t pos = prefix_len;
  while (true) {
    const size_t end = std::min(vector.find('/', pos), vector.size());
    const std::string_view part = vector.substr(pos, end - pos);
    const size_t column = pos + 1;
    if (part.empty()) return VectorError(column, "empty metric (expected NAME:VALUE)");
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos) {
      return VectorError(column, "expected NAME:VALUE, found " + Quote(part));
    }
    const std::string_view name = part.substr(0, colon);
    const std::string_view value = part.substr(colon + 1);
    size_t index = 0;
    while (index < specs.size() && specs[index].name != name) ++index;
    if (index == specs.size()) return VectorError(column, "unknown metric " + Quote(name));
    const MetricSpec& spec = specs[index];
    if (seen_at[index] != 0) {
      return VectorError(column, "duplicate metric '" + std::string(spec.name) +
                                     "' (first given at column " + std::to_string(seen_at[index]) +
                                     ")");
    }
    seen_at[index] = column;
    const std::string_view* match = nullptr;
    for (const std::string_view& allowed : spec.values) {
      if (allowed == value) match = &allowed;
    }
    if (match == nullptr) {
      return VectorError(column + colon + 1, "invalid value " + Quote(value) + " for metric '" +
                                                 std::string(spec.name) + "' (expected " +
                                                 Expected(spec) + ")");
    }
    chosen[index] = *match;
    if (end == vector.size()) break;
    pos = end + 1;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (seen_at[i] != 0) continue;
    if (specs[i].required) {
      return VectorError(vector.size() + 1,
                         "missing base metric '" + std::string(specs[i].name) + "'");
    }
    chosen[i] = specs[i].values.front();  // "X"
  }
  return chosen;
}

}  // namespace threatpath::risk::internal
