#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "catalog/catalog.h"
#include "core/model.h"
#include "formats/model_io.h"

namespace threatpath::app {

struct LoadOptions {
  /// The technology catalogue to check components against; the built-in one when null.
  const catalog::Catalog* technologies = nullptr;
  /// Check the model's invariants after reading (references, ids, boundaries, tags, technologies).
  bool validate = true;
  size_t max_errors = 50;
  formats::ParseLimits limits;
  /// Resolve Threagile `includes` from the file system. The server turns this off: an uploaded
  /// document must not name files on the server's disk.
  bool allow_includes = true;
};

/// A model read from a file, the format the file is in, and any warnings.
struct LoadedModel {
  core::Model model;
  formats::ModelFormat format = formats::ModelFormat::kNative;
  std::vector<base::Diagnostic> warnings;
};

/// Reads a native or Threagile model from a file ("-" for standard input), resolving Threagile
/// `includes` relative to the including file, then validates it. Every problem found is in the
/// returned error's diagnostics, each with file:line:col.
base::Result<LoadedModel> LoadModel(const std::string& path, const LoadOptions& options = {});

/// The same from text already in memory; `display_name` names it in messages. Includes are
/// resolved relative to `display_name`'s folder.
base::Result<LoadedModel> LoadModelText(std::string_view text, const std::string& display_name,
                                        const LoadOptions& options = {});

/// Loads a technology catalogue file (the format of src/catalog/technologies.yaml).
base::Result<catalog::Catalog> LoadCatalog(const std::string& path);

}  // namespace threatpath::app
