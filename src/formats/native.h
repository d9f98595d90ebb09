#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "core/model.h"
#include "formats/node.h"

namespace threatpath::formats {

/// The native format's version, written as `threatpath: 1` at the top of every model.
inline constexpr int kNativeFormatVersion = 1;

struct NativeReadOptions {
  size_t max_errors = 50;
};

/// Maps a parsed native document (YAML or JSON, same structure) to the model, reporting every
/// error with its position. `model.files` must already hold the file's name.
base::Status ReadNative(const Node& root, core::Model& model,
                        const NativeReadOptions& options = {});

/// Maps the model to a native document. Defaults are left out so small models stay small;
/// order follows the model. Deterministic. An id that repeats within a section (two links of a
/// model read from Threagile whose titles give one id) is written as "id~2", "id~3", ... so that
/// the document reads back; each such rename is described in `notes` when given.
Node WriteNative(const core::Model& model, std::vector<std::string>* notes = nullptr);

}  // namespace threatpath::formats
