#include "app/files.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace threatpath::app {
namespace {

TEST(FilesTest, WriteIsAtomicAndReadable) {
  auto dir = std::filesystem::temp_directory_path() / "tp_files_test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.txt").string();
  ASSERT_TRUE(WriteFileAtomic(path, "hello\n"));
  auto back = ReadFile(path);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, "hello\n");
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename(), "out.txt") << "no temporary file may remain";
  }
  std::filesystem::remove_all(dir);
}

TEST(FilesTest, MissingFileAndUnwritableDirectoryAreErrors) {
  auto r = ReadFile("/nonexistent/model.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "/nonexistent/model.yaml: no such file");
  auto w = WriteFileAtomic("/nonexistent/dir/out.yaml", "x");
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code(), base::Error::Code::kIo);
}

TEST(FilesTest, SizeLimit) {
  auto dir = std::filesystem::temp_directory_path() / "tp_files_limit";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "big.yaml").string();
  ASSERT_TRUE(WriteFileAtomic(path, std::string(100, 'x')));
  auto r = ReadFile(path, 10);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::Error::Code::kLimitExceeded);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace threatpath::app
