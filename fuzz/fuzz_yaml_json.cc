// The tree parsers themselves: YAML and JSON, then emit what was read (round trip must not crash).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/node.h"

using namespace threatpath;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  formats::ParseLimits limits;
  limits.max_nodes = 200'000;
  if (auto y = formats::ParseYaml(text, 0, "f.yaml", limits)) {
    (void)formats::EmitJson(*y);
    (void)formats::EmitYaml(*y);
  }
  if (auto j = formats::ParseJson(text, 0, "f.json", limits)) (void)formats::EmitYaml(*j);
  return 0;
}
