#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/source_location.h"

namespace threatpath::base {

enum class Severity { kError, kWarning, kNote };

/// One message about the input, tied to where it was found.
struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation loc;
  std::string message;

  /// "file:line:col: error: message", the format editors and CI logs understand.
  std::string ToString() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// What went wrong, as a value. `code` says which kind of failure it is (callers map it to exit
/// codes or HTTP statuses); `message` is a one-line summary; `diagnostics` lists every problem
/// found in the input when there was more than one.
class Error {
 public:
  enum class Code {
    kInvalidInput,      // the input is malformed or violates the model's rules
    kNotFound,          // a file or element that was asked for does not exist
    kIo,                // reading or writing failed
    kLimitExceeded,     // the input exceeds a size, depth or expansion limit
    kUnsupported,       // a format or feature that is recognised but not handled
    kInternal,          // a bug
    kConflict,          // a write against a stale version, or a name that is already taken
    kUnauthenticated,   // no valid session or token
    kPermissionDenied,  // authenticated, but the role does not allow it
    kRateLimited,       // too many attempts; try again later
    kUnavailable,       // a backing service (the database) cannot be reached
  };

  Error(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Error(Code code, std::vector<Diagnostic> diagnostics);

  static Error InvalidInput(std::string message) {
    return {Code::kInvalidInput, std::move(message)};
  }
  static Error NotFound(std::string message) { return {Code::kNotFound, std::move(message)}; }
  static Error Io(std::string message) { return {Code::kIo, std::move(message)}; }
  static Error Internal(std::string message) { return {Code::kInternal, std::move(message)}; }
  static Error Conflict(std::string message) { return {Code::kConflict, std::move(message)}; }
  static Error Unauthenticated(std::string message) {
    return {Code::kUnauthenticated, std::move(message)};
  }
  static Error PermissionDenied(std::string message) {
    return {Code::kPermissionDenied, std::move(message)};
  }
  static Error Unavailable(std::string message) { return {Code::kUnavailable, std::move(message)}; }
  /// An error with one diagnostic at `loc`.
  static Error At(SourceLocation loc, std::string message, Code code = Code::kInvalidInput);

  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  /// The input field the error is about (a JSON path such as "members[2].role"), when known.
  const std::string& field() const { return field_; }
  Error&& WithField(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }
  /// For kConflict on versioned records: the version the record has now (0 when unknown).
  int64_t current_version() const { return current_version_; }
  Error&& WithCurrentVersion(int64_t version) && {
    current_version_ = version;
    return std::move(*this);
  }

  /// Every diagnostic on its own line, or the message when there are none.
  std::string ToString() const;

 private:
  Code code_;
  std::string message_;
  std::vector<Diagnostic> diagnostics_;
  std::string field_;
  int64_t current_version_ = 0;
};

const char* CodeName(Error::Code code);

}  // namespace threatpath::base
