#include "app/output_dir.h"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <optional>
#include <set>

#include "app/files.h"

namespace threatpath::app {
namespace {

namespace fs = std::filesystem;

std::set<std::string> Names(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

TEST(OutputDirTest, FilesAppearOnlyOnCommit) {
  TempDir dir("tp_output_dir_commit");
  ASSERT_TRUE(WriteFileAtomic((dir.path / "a.txt").string(), "old\n"));
  {
    OutputDir out(dir.path.string());
    auto a = out.Open("a.txt", false);
    ASSERT_TRUE(a) << a.error().ToString();
    (*a)->Write("new ");
    (*a)->Write("text\n");
    ASSERT_TRUE((*a)->Close());
    auto b = out.Open("b.svg", true);
    ASSERT_TRUE(b);
    (*b)->Write("<svg/>");
    ASSERT_TRUE((*b)->Close());
    // Written but not committed: the old file is untouched and b.svg does not exist yet.
    EXPECT_EQ(*ReadFile((dir.path / "a.txt").string()), "old\n");
    EXPECT_FALSE(fs::exists(dir.path / "b.svg"));
    ASSERT_TRUE(out.Commit());
    std::vector<OutputDir::Entry> entries = out.Entries();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].name, "a.txt");
    EXPECT_FALSE(entries[0].figure);
    EXPECT_EQ(entries[0].bytes, 9u);
    EXPECT_TRUE(entries[1].figure);
  }
  EXPECT_EQ(*ReadFile((dir.path / "a.txt").string()), "new text\n");
  EXPECT_EQ(*ReadFile((dir.path / "b.svg").string()), "<svg/>");
  EXPECT_EQ(Names(dir.path), (std::set<std::string>{"a.txt", "b.svg"}));
  EXPECT_EQ(fs::status(dir.path / "a.txt").permissions() & fs::perms::others_read,
            fs::perms::others_read);
}

TEST(OutputDirTest, NothingChangesWithoutCommit) {
  TempDir dir("tp_output_dir_abandon");
  ASSERT_TRUE(WriteFileAtomic((dir.path / "a.txt").string(), "old\n"));
  {
    OutputDir out(dir.path.string());
    auto a = out.Open("a.txt", false);
    ASSERT_TRUE(a);
    (*a)->Write("half");
    // An open file cannot be committed.
    auto st = out.Commit();
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), base::Error::Code::kInternal);
  }
  // The temporary file is gone and the old output is intact.
  EXPECT_EQ(Names(dir.path), (std::set<std::string>{"a.txt"}));
  EXPECT_EQ(*ReadFile((dir.path / "a.txt").string()), "old\n");
}

TEST(OutputDirTest, MissingFolderIsAnIoError) {
  OutputDir out("/nonexistent/tp-output");
  auto a = out.Open("a.txt", false);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code(), base::Error::Code::kIo);
  EXPECT_NE(a.error().message().find("/nonexistent/tp-output/a.txt: cannot create a file"),
            std::string::npos)
      << a.error().message();
}

TEST(OutputDirTest, WriteErrorsSurfaceAtCloseAndNothingIsCommitted) {
  // A file size limit makes write() fail with EFBIG (the signal it would raise is ignored).
  TempDir dir("tp_output_dir_full");
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::optional<base::Status> closed;
  {
    OutputDir out(dir.path.string());
    auto a = out.Open("a.txt", false);
    ASSERT_TRUE(a);
    (*a)->Write(std::string(10000, 'x'));
    (*a)->Write("more");  // ignored after the failure
    closed = (*a)->Close();
    EXPECT_FALSE(out.Commit());  // a failed file is never committed
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_TRUE(closed.has_value());
  ASSERT_FALSE(*closed);
  EXPECT_EQ(closed->error().code(), base::Error::Code::kIo);
  EXPECT_NE(closed->error().message().find("a.txt: write failed: File too large"),
            std::string::npos)
      << closed->error().message();
  EXPECT_TRUE(Names(dir.path).empty());
}

TEST(OutputDirTest, ClosingTwiceIsAnError) {
  TempDir dir("tp_output_dir_twice");
  OutputDir out(dir.path.string());
  auto a = out.Open("a.txt", false);
  ASSERT_TRUE(a);
  ASSERT_TRUE((*a)->Close());
  auto again = (*a)->Close();
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("closed twice"), std::string::npos);
}

}  // namespace
}  // namespace threatpath::app
