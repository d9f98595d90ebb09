// Threagile reader: any bytes as a Threagile YAML model; includes resolve to a small fixed file
// so the merge code is reached too.
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
  auto root = formats::ParseYaml(text, 0, "fuzz.yaml", limits);
  if (!root) return 0;
  core::Model model;
  model.files.push_back("fuzz.yaml");
  formats::ThreagileReadOptions options;
  options.limits = limits;
  options.resolve_include = [](const std::string&,
                               const std::string& path) -> base::Result<formats::IncludedFile> {
    if (path == "tags.yaml") return formats::IncludedFile{"tags.yaml", "tags_available:\n  - a\n"};
    return base::Error::NotFound(path + ": no such file");
  };
  if (formats::ReadThreagile(*root, model, options)) {
    (void)core::Validate(model);
    (void)formats::EmitYaml(formats::WriteThreagile(model));
  }
  return 0;
}
