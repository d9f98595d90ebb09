// Native reader: any bytes, as YAML or JSON, through mapping and validation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/validate.h"
#include "formats/model_io.h"

using namespace threatpath;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  formats::ParseLimits limits;
  limits.max_nodes = 200'000;
  auto root = formats::SniffSyntax(text) == formats::Syntax::kJson
                  ? formats::ParseJson(text, 0, "fuzz", limits)
                  : formats::ParseYaml(text, 0, "fuzz", limits);
  if (!root) return 0;
  core::Model model;
  model.files.push_back("fuzz");
  if (formats::ReadNative(*root, model)) {
    (void)core::Validate(model);
    (void)formats::EmitYaml(formats::WriteNative(model));
  }
  return 0;
}
