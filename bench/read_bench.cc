// Reading speed: parse + map + validate, on generated models held in memory.
#include <benchmark/benchmark.h>

#include <map>

#include "app/load.h"
#include "bench/model_gen.h"
#include "formats/model_io.h"

using namespace threatpath;

namespace {

const std::string& Text(size_t n, formats::ModelFormat format, formats::Syntax syntax) {
  static std::map<std::tuple<size_t, int, int>, std::string> cache;
  auto key = std::make_tuple(n, static_cast<int>(format), static_cast<int>(syntax));
  auto it = cache.find(key);
  if (it == cache.end()) {
    auto text = formats::WriteModel(bench::GenerateModel(n), format, syntax,
                                    formats::ThreagileDialect::kV1);
    it = cache.emplace(key, std::move(text)).first;
  }
  return it->second;
}

void Run(benchmark::State& state, formats::ModelFormat format, formats::Syntax syntax) {
  const std::string& text = Text(static_cast<size_t>(state.range(0)), format, syntax);
  for (auto _ : state) {
    auto loaded = app::LoadModelText(text, "bench");
    if (!loaded) {
      state.SkipWithError(loaded.error().ToString().substr(0, 500).c_str());
      break;
    }
    benchmark::DoNotOptimize(loaded->model.components.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}

void BM_ReadThreagileYaml(benchmark::State& s) {
  Run(s, formats::ModelFormat::kThreagile, formats::Syntax::kYaml);
}
void BM_ReadNativeYaml(benchmark::State& s) {
  Run(s, formats::ModelFormat::kNative, formats::Syntax::kYaml);
}
void BM_ReadNativeJson(benchmark::State& s) {
  Run(s, formats::ModelFormat::kNative, formats::Syntax::kJson);
}

void BM_ParseYamlTreeOnly(benchmark::State& state) {
  const std::string& text = Text(static_cast<size_t>(state.range(0)),
                                 formats::ModelFormat::kThreagile, formats::Syntax::kYaml);
  for (auto _ : state) {
    auto root = formats::ParseYaml(text, 0, "bench");
    benchmark::DoNotOptimize(root.has_value());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

}  // namespace

BENCHMARK(BM_ParseYamlTreeOnly)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadThreagileYaml)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadNativeYaml)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadNativeJson)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
