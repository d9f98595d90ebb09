#pragma once

#include <string>
#include <utility>

#include "base/result.h"

namespace threatpath::base {

/// A shared library loaded at run time (dlopen), for dependencies that most runs never use and
/// that are costly to load at start-up (Graphviz with Pango and cairo, libpq with its TLS and
/// Kerberos stack). The library stays loaded for the life of the process.
class DynamicLibrary {
 public:
  /// Loads `path` (a soname such as "libpq.so.5" or an absolute path) with RTLD_NOW |
  /// RTLD_LOCAL. The error (kUnavailable) gives the loader's reason.
  static Result<DynamicLibrary> Open(const std::string& path);

  /// Sets `fn` to the function or object `name` of the library (or of a library it depends
  /// on). The error (kUnavailable) names the library and the symbol.
  template <typename T>
  Status Bind(T& fn, const char* name) const {
    Result<void*> address = Symbol(name);
    if (!address) return std::move(address).error();
    fn = reinterpret_cast<T>(*address);
    return OkStatus();
  }

  /// The address of `name`, never null on success.
  Result<void*> Symbol(const char* name) const;

  const std::string& path() const { return path_; }

 private:
  DynamicLibrary(void* handle, std::string path) : handle_(handle), path_(std::move(path)) {}

  void* handle_;
  std::string path_;
};

}  // namespace threatpath::base

// Helpers for a struct of a library's functions listed in an X-macro, X(name) per function, as
// the modules that load libraries use them:
//   struct Api { MY_FUNCTIONS(TP_DYNAMIC_MEMBER) };
//   #define MY_BIND(name) TP_DYNAMIC_BIND(lib, api, name)
//   MY_FUNCTIONS(MY_BIND)
/// Declares `name`, a pointer to a function of the type of the declared function ::name.
#define TP_DYNAMIC_MEMBER(name) decltype(&::name) name = nullptr;
/// Binds `api.name` to the symbol `name` of DynamicLibrary `lib`, or returns the error from the
/// enclosing function (which returns a base::Status or a base::Result).
#define TP_DYNAMIC_BIND(lib, api, name)                                                 \
  if (::threatpath::base::Status tp_bound = (lib).Bind((api).name, #name); !tp_bound) { \
    return std::move(tp_bound).error();                                                 \
  }
