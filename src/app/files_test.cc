#include "app/files.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

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

// Ignores SIGPIPE while alive: a reader that stops early closes the pipe on its writer, which
// then gets EPIPE instead of being killed.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old_);
  }
  ~IgnoreSigpipe() { sigaction(SIGPIPE, &old_, nullptr); }

 private:
  struct sigaction old_ = {};
};

// Reads `text` through a pipe, as /dev/fd/N, the way a shell's process substitution passes it.
base::Result<std::string> ReadThroughPipe(const std::string& text, size_t limit) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;  // the reader stopped
      done += static_cast<size_t>(n);
    }
    close(fds[1]);
  });
  auto r = ReadFile("/dev/fd/" + std::to_string(fds[0]), limit);
  close(fds[0]);
  writer.join();
  return r;
}

// A pipe cannot seek: `threatpath diff <(git show HEAD~1:model.yaml) model.yaml` reads one
// through /dev/fd/N. It is read to the end (it used to read as empty), and the limit holds.
TEST(FilesTest, ReadsPipesToTheEnd) {
  IgnoreSigpipe guard;
  std::string text(200'000, 'x');  // more than a pipe buffer and more than one chunk
  text += "\nend\n";
  auto r = ReadThroughPipe(text, 1u << 20);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(*r, text);
  auto big = ReadThroughPipe(text, 1000);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), base::Error::Code::kLimitExceeded);
}

}  // namespace
}  // namespace threatpath::app
