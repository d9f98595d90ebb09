#include "base/dynamic_library.h"

#include <gtest/gtest.h>

#include <cstring>

namespace threatpath::base {
namespace {

TEST(DynamicLibraryTest, BindsAFunctionOfALoadedLibrary) {
  Result<DynamicLibrary> libc = DynamicLibrary::Open("libc.so.6");
  ASSERT_TRUE(libc) << libc.error().message();
  size_t (*length)(const char*) = nullptr;
  ASSERT_TRUE(libc->Bind(length, "strlen"));
  EXPECT_EQ(length("threatpath"), 10u);
  EXPECT_EQ(libc->path(), "libc.so.6");
}

TEST(DynamicLibraryTest, AMissingLibraryIsUnavailableWithTheLoadersReason) {
  Result<DynamicLibrary> lib = DynamicLibrary::Open("libthreatpath-does-not-exist.so.1");
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().code(), Error::Code::kUnavailable);
  EXPECT_EQ(lib.error().message().rfind("cannot load libthreatpath-does-not-exist.so.1: ", 0), 0u)
      << lib.error().message();
}

TEST(DynamicLibraryTest, AMissingSymbolNamesLibraryAndSymbol) {
  Result<DynamicLibrary> libc = DynamicLibrary::Open("libc.so.6");
  ASSERT_TRUE(libc);
  void (*fn)() = nullptr;
  Status st = libc->Bind(fn, "threatpath_no_such_function");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), Error::Code::kUnavailable);
  EXPECT_EQ(st.error().message(), "libc.so.6 has no symbol threatpath_no_such_function");
  EXPECT_EQ(fn, nullptr);
}

}  // namespace
}  // namespace threatpath::base
