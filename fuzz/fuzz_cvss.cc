// CVSS vectors: any bytes through parsing and scoring (v3.x always; v4.0 when FIRST's tables are
// found, see docs/cvss.md). Checks the invariants scoring promises on every accepted vector.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "risk/cvss.h"

using namespace threatpath;

namespace {

bool InRange(double score) { return score >= 0 && score <= 10; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const risk::Cvss4Tables* tables = [] {
    auto found = risk::Cvss4Tables::Default();
    return found ? *found : nullptr;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto score = risk::ScoreCvss(text, tables);
  if (!score) return 0;
  if (!InRange(score->base) || !InRange(score->threat_or_temporal) ||
      !InRange(score->environmental) || !InRange(score->overall)) {
    std::abort();
  }
  // The normalized vector scores the same.
  auto again = risk::ScoreCvss(score->normalized_vector, tables);
  if (!again || again->overall != score->overall ||
      again->normalized_vector != score->normalized_vector) {
    std::abort();
  }
  return 0;
}
