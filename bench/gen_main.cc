// tp_gen COMPONENTS FORMAT OUT: writes a generated model (format: threagile | native | json).
#include <cstdlib>
#include <iostream>
#include <string>

#include "app/files.h"
#include "bench/model_gen.h"
#include "formats/model_io.h"

using namespace threatpath;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: tp_gen COMPONENTS threagile|native|json OUT\n";
    return 2;
  }
  size_t n = std::strtoull(argv[1], nullptr, 10);
  std::string format = argv[2];
  core::Model m = bench::GenerateModel(n);
  std::string text =
      format == "threagile"
          ? formats::WriteModel(m, formats::ModelFormat::kThreagile, formats::Syntax::kYaml,
                                formats::ThreagileDialect::kV1)
      : format == "json"
          ? formats::WriteModel(m, formats::ModelFormat::kNative, formats::Syntax::kJson)
          : formats::WriteModel(m, formats::ModelFormat::kNative, formats::Syntax::kYaml);
  auto st = app::WriteFileAtomic(argv[3], text);
  if (!st) {
    std::cerr << st.error().ToString() << "\n";
    return 2;
  }
  return 0;
}
