#include "cli/command.h"

#include <iostream>

#include "app/load.h"

namespace threatpath::cli {

const catalog::Catalog* GlobalOptions::Technologies(std::string* error) {
  if (technologies_file.empty()) return &catalog::Catalog::Builtin();
  if (!loaded_) {
    auto cat = app::LoadCatalog(technologies_file);
    if (!cat) {
      *error = cat.error().ToString();
      return nullptr;
    }
    loaded_ = std::make_unique<catalog::Catalog>(std::move(*cat));
  }
  return loaded_.get();
}

int Fail(const base::Error& error) {
  std::cerr << error.ToString() << "\n";
  return error.code() == base::Error::Code::kInternal ? kExitInternal : kExitInvalid;
}

}  // namespace threatpath::cli
