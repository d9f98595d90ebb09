#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "core/model.h"
#include "formats/node.h"

namespace threatpath::formats {

/// Reads an included file given its path as written in `includes`, resolved against the
/// including file's folder by the caller. Returns the text and the display name to use.
struct IncludedFile {
  std::string name;
  std::string text;
};
using IncludeResolver = std::function<base::Result<IncludedFile>(const std::string& including_name,
                                                                 const std::string& include_path)>;

struct ThreagileReadOptions {
  ParseLimits limits;
  /// Needed only when the model has `includes`; without it, includes are an error.
  IncludeResolver resolve_include;
  size_t max_include_depth = 32;
  size_t max_errors = 50;
  /// When set, receives the warnings of a model that was read (keys Threagile ignores).
  std::vector<base::Diagnostic>* warnings = nullptr;
};

/// Maps a parsed Threagile document (either code line: 0.9.x "v1" or the later "master") to the
/// model. Everything is kept as written: derivations are applied by core::DeriveThreagile, not
/// here. `model.files` must already hold the entry file's name at index `root.loc.file`.
/// Includes are merged recursively the way Threagile does (maps merged, duplicates rejected,
/// lists appended) with cycle detection.
base::Status ReadThreagile(const Node& root, core::Model& model,
                           const ThreagileReadOptions& options);

enum class ThreagileDialect {
  kAsRead,  // the dialect the model came from (v1 when it was read from a v1 file)
  kV1,      // 0.9.x: technology, enduser-*, individual_risk_categories
  kMaster,  // later: technologies list, end-user-*, custom_risk_categories
};

/// Maps the model to a Threagile document; EmitYaml turns it into a file Threagile reads.
/// Native-only concepts (threats, mitigations, assumptions, metadata extras) are dropped.
Node WriteThreagile(const core::Model& model, ThreagileDialect dialect = ThreagileDialect::kAsRead);

}  // namespace threatpath::formats
