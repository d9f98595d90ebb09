#include "app/load.h"

#include <filesystem>

#include "app/files.h"
#include "core/validate.h"

namespace threatpath::app {

using base::Error;

namespace {

formats::IncludeResolver FileIncludeResolver(size_t max_bytes) {
  return [max_bytes](const std::string& including,
                     const std::string& include) -> base::Result<formats::IncludedFile> {
    std::filesystem::path base_dir = std::filesystem::path(including).parent_path();
    std::filesystem::path p = std::filesystem::path(include).is_absolute()
                                  ? std::filesystem::path(include)
                                  : base_dir / include;
    std::string name = p.lexically_normal().string();
    auto text = ReadFile(name, max_bytes);
    if (!text) return std::move(text).error();
    return formats::IncludedFile{name, std::move(*text)};
  };
}

}  // namespace

base::Result<LoadedModel> LoadModelText(std::string_view text, const std::string& display_name,
                                        const LoadOptions& options) {
  formats::ReadOptions ro;
  ro.limits = options.limits;
  ro.max_errors = options.max_errors;
  if (options.allow_includes) ro.resolve_include = FileIncludeResolver(options.limits.max_bytes);
  LoadedModel out;
  ro.warnings = &out.warnings;
  auto model = formats::ReadModel(text, display_name, ro, &out.format);
  if (!model) return std::move(model).error();
  out.model = std::move(*model);
  if (options.validate) {
    core::ValidateOptions vo;
    vo.max_errors = options.max_errors;
    const catalog::Catalog& cat =
        options.technologies ? *options.technologies : catalog::Catalog::Builtin();
    vo.technologies = cat.Ids();
    auto diags = core::Validate(out.model, vo);
    if (!diags.empty()) return Error(Error::Code::kInvalidInput, std::move(diags));
  }
  return out;
}

base::Result<LoadedModel> LoadModel(const std::string& path, const LoadOptions& options) {
  auto text = ReadFile(path, options.limits.max_bytes);
  if (!text) return std::move(text).error();
  return LoadModelText(*text, path == "-" ? "<stdin>" : path, options);
}

base::Result<catalog::Catalog> LoadCatalog(const std::string& path) {
  auto text = ReadFile(path);
  if (!text) return std::move(text).error();
  return catalog::Catalog::Load(*text, path);
}

}  // namespace threatpath::app
