#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace threatpath::app {

/// Reads a whole file ("-" reads standard input). Refuses files over `max_bytes`.
base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes = 1024u * 1024 * 1024);

/// Writes a file atomically: the text goes to a temporary file beside it, which is renamed over
/// the target only when complete, so a failure never leaves half-written output. "-" writes to
/// standard output.
base::Status WriteFileAtomic(const std::string& path, std::string_view text);

}  // namespace threatpath::app
