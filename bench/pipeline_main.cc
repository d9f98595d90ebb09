// tp_pipeline FILE...: times each phase of `threatpath analyze` on each model file and prints
// one row per file: components, flows, risks, attack paths, parse ms, analysis ms (rules and
// attack paths), write ms (all eight outputs written, as `threatpath analyze --no-diagrams`
// writes them, into a temporary folder that is removed afterwards), output MB, and the process's
// peak RSS so far.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/analysis.h"
#include "app/output_dir.h"
#include "report/report.h"

using namespace threatpath;
using Clock = std::chrono::steady_clock;

static double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

int main(int argc, char** argv) {
  std::printf("%-34s %9s %9s %9s %7s %9s %9s %9s %9s %9s %9s %10s\n", "model", "comps", "flows",
              "risks", "paths", "parse", "rules", "paths", "write", "total", "output", "peakRSS");
  std::printf("%-34s %9s %9s %9s %7s %9s %9s %9s %9s %9s %9s %10s\n", "", "", "", "", "", "ms",
              "ms", "ms", "ms", "ms", "MB", "MB");
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    auto t0 = Clock::now();
    auto loaded = app::LoadModel(path);
    if (!loaded) {
      std::cerr << loaded.error().ToString() << "\n";
      return 2;
    }
    auto t1 = Clock::now();
    size_t comps = loaded->model.components.size(), flows = loaded->model.flows.size();
    auto a = app::Analyze(std::move(*loaded), catalog::Catalog::Builtin());
    auto t2 = Clock::now();
    report::AnalysisBundle bundle{a->model, a->result, a->paths, a->prompts, *a->catalog};
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("tp-pipeline-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    uint64_t bytes = 0;
    {
      app::OutputDir out(dir.string());
      base::Status st = report::WriteAll(bundle, {}, out);
      if (st) st = out.Commit();
      if (!st) {
        std::cerr << st.error().ToString() << "\n";
        return 2;
      }
      for (const auto& e : out.Entries()) bytes += e.bytes;
    }
    auto t3 = Clock::now();
    std::filesystem::remove_all(dir);
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::string name = path.substr(path.find_last_of('/') + 1);
    std::printf("%-34s %9zu %9zu %9zu %7zu %9.0f %9.0f %9.0f %9.0f %9.0f %9.0f %10.0f\n",
                name.c_str(), comps, flows, a->result.risks.size(), a->paths.paths.size(),
                Ms(t0, t1), a->rules_ms, a->paths_ms, Ms(t2, t3), Ms(t0, t3), bytes / 1e6,
                ru.ru_maxrss / 1024.0);
  }
  return 0;
}
