#include "base/dynamic_library.h"

#include <dlfcn.h>

namespace threatpath::base {

Result<DynamicLibrary> DynamicLibrary::Open(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Error::Unavailable("cannot load " + path + ": " +
                              (why != nullptr ? std::string(why) : std::string("not found")));
  }
  return DynamicLibrary(handle, path);
}

Result<void*> DynamicLibrary::Symbol(const char* name) const {
  dlerror();  // clear an earlier error
  void* address = dlsym(handle_, name);
  if (address == nullptr) return Error::Unavailable(path_ + " has no symbol " + name);
  return address;
}

}  // namespace threatpath::base
