#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "core/model.h"
#include "formats/native.h"
#include "formats/threagile.h"

namespace threatpath::formats {

enum class ModelFormat { kNative, kThreagile };
enum class Syntax { kYaml, kJson };

/// Which format a parsed document is: native models start with `threatpath:`; Threagile models
/// have `threagile_version` or Threagile's top-level sections. Unknown documents are an error
/// that says what was expected.
base::Result<ModelFormat> DetectFormat(const Node& root, const std::string& display_name);

/// JSON when the first non-blank character is '{' or '[', YAML otherwise.
Syntax SniffSyntax(std::string_view text);

struct ReadOptions {
  ParseLimits limits;
  IncludeResolver resolve_include;
  size_t max_errors = 50;
  /// When set, receives the warnings of a model that was read (a Threagile model's keys that
  /// Threagile ignores).
  std::vector<base::Diagnostic>* warnings = nullptr;
};

/// Reads a model of either format from text: parse, detect, map. `display_name` is used in
/// messages and becomes `model.files[0]`. `detected` (if given) receives the file's format.
base::Result<core::Model> ReadModel(std::string_view text, const std::string& display_name,
                                    const ReadOptions& options = {},
                                    ModelFormat* detected = nullptr);

/// Writes the model in the given format and syntax. `notes` receives what the native writer
/// had to rename (see WriteNative).
std::string WriteModel(const core::Model& model, ModelFormat format, Syntax syntax,
                       ThreagileDialect dialect = ThreagileDialect::kAsRead,
                       std::vector<std::string>* notes = nullptr);

}  // namespace threatpath::formats
