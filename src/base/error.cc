#include "base/error.h"

namespace threatpath::base {

std::string SourceLocation::ToString() const {
  std::string out = file.empty() ? "<input>" : file;
  if (line != 0) {
    out += ':' + std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::ToString() const {
  const char* level = severity == Severity::kError     ? "error"
                      : severity == Severity::kWarning ? "warning"
                                                       : "note";
  return loc.ToString() + ": " + level + ": " + message;
}

Error::Error(Code code, std::vector<Diagnostic> diagnostics)
    : code_(code), diagnostics_(std::move(diagnostics)) {
  size_t errors = 0;
  for (const auto& d : diagnostics_) errors += d.severity == Severity::kError;
  if (diagnostics_.size() == 1) {
    message_ = diagnostics_.front().ToString();
  } else {
    message_ = std::to_string(errors) + " error" + (errors == 1 ? "" : "s") + " in input";
  }
}

Error Error::At(SourceLocation loc, std::string message, Code code) {
  return Error(code,
               std::vector<Diagnostic>{{Severity::kError, std::move(loc), std::move(message)}});
}

std::string Error::ToString() const {
  if (diagnostics_.empty()) return message_;
  std::string out;
  for (const auto& d : diagnostics_) {
    if (!out.empty()) out += '\n';
    out += d.ToString();
  }
  return out;
}

const char* CodeName(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidInput:
      return "invalid-input";
    case Error::Code::kNotFound:
      return "not-found";
    case Error::Code::kIo:
      return "io";
    case Error::Code::kLimitExceeded:
      return "limit-exceeded";
    case Error::Code::kUnsupported:
      return "unsupported";
    case Error::Code::kInternal:
      return "internal";
    case Error::Code::kConflict:
      return "conflict";
    case Error::Code::kUnauthenticated:
      return "unauthenticated";
    case Error::Code::kPermissionDenied:
      return "permission-denied";
    case Error::Code::kRateLimited:
      return "rate-limited";
    case Error::Code::kUnavailable:
      return "unavailable";
  }
  return "internal";
}

}  // namespace threatpath::base
