#include "app/load.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "app/files.h"
#include "app/starter.h"

namespace threatpath::app {
namespace {

namespace fs = std::filesystem;

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tp_load_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "parts");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, std::string_view text) {
    std::string p = (dir_ / name).string();
    EXPECT_TRUE(WriteFileAtomic(p, text));
    return p;
  }
  fs::path dir_;
};

TEST_F(LoadTest, ExampleModelLoadsAndValidates) {
  auto loaded = LoadModel(TP_SOURCE_DIR "/examples/online-shop.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->format, formats::ModelFormat::kNative);
  EXPECT_FALSE(loaded->model.components.empty());
}

TEST_F(LoadTest, StarterModelIsValid) {
  auto loaded = LoadModelText(StarterModel(), "starter.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
}

TEST_F(LoadTest, ThreagileIncludesResolveRelativeToTheIncludingFile) {
  std::string main =
      Write("main.yaml", "threagile_version: 1.0.0\ntitle: T\nincludes:\n  - parts/assets.yaml\n");
  Write("parts/assets.yaml", "includes:\n  - more.yaml\n");
  Write("parts/more.yaml",
        "data_assets:\n  Orders:\n    id: orders\n    usage: business\n    quantity: many\n"
        "    confidentiality: confidential\n    integrity: critical\n    availability: critical\n");
  auto loaded = LoadModel(main);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  ASSERT_EQ(loaded->model.data_assets.size(), 1u);
  EXPECT_EQ(loaded->model.data_assets[0].id, "orders");
  // Errors in an included file point into that file.
  Write("parts/more.yaml", "data_assets:\n  Orders:\n    id: orders\n    quantity: lots\n");
  auto bad = LoadModel(main);
  ASSERT_FALSE(bad);
  ASSERT_FALSE(bad.error().diagnostics().empty());
  EXPECT_EQ(bad.error().diagnostics()[0].loc.file,
            (dir_ / "parts/more.yaml").lexically_normal().string());
  EXPECT_EQ(bad.error().diagnostics()[0].loc.line, 4u);
}

TEST_F(LoadTest, ValidationErrorsComeBackWithPositions) {
  std::string p = Write("m.yaml",
                        "threatpath: 1\ncomponents:\n  api: {}\n  web: {}\nflows:\n  f:\n"
                        "    from: web\n    to: apii\n");
  auto r = LoadModel(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().ToString(),
            p + ":8:9: error: flow 'f' names unknown component 'apii' in to (did you mean 'api'?)");
}

TEST_F(LoadTest, UnknownDocumentIsRejectedClearly) {
  auto r = LoadModelText("just: a mapping\n", "x.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().ToString(),
            "x.yaml:1:1: error: not a threat model: expected 'threatpath: 1' (native format) or "
            "'threagile_version' (Threagile) at the top level");
}

}  // namespace
}  // namespace threatpath::app
