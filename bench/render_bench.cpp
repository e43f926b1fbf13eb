// xf_render_bench: documents per second of the GB/T 9704 PDF renderer (src/render) and of the .docx writer, on a
// typical one-page 受理告知书 and a two-page 处理意见书, in one and two threads (each thread keeps its own Pango font
// map, so threads do not share layout state). Items per second = documents per second; the target is ≥ 50/s on
// two cores. Run from a RelWithDebInfo build:
//
//   build/bench/xf_render_bench [--benchmark_min_time=2] [--benchmark_format=json]
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "render/render.hpp"
#include "render/testing/sample_documents.hpp"

namespace {

using namespace xf;

render::RenderOptions Options() {
    return {.fonts = {}, .created_at = Instant(std::chrono::sys_days(std::chrono::year{2026} / 12 / 2))};
}

void Render(benchmark::State& state, const DocumentContent& doc, bool docx) {
    const render::RenderOptions opt = Options();
    // The first document of a thread loads its fonts; keep that out of the timing.
    if (auto warm = render::RenderPdf(doc, opt); !warm) {
        state.SkipWithError(warm.error().message.c_str());
        return;
    }
    size_t bytes = 0;
    for (auto _ : state) {
        auto out = docx ? render::RenderDocx(doc, opt) : render::RenderPdf(doc, opt);
        if (!out) {
            state.SkipWithError(out.error().message.c_str());
            break;
        }
        bytes += out->size();
        benchmark::DoNotOptimize(out->data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_PdfAcceptanceNotice(benchmark::State& state) { Render(state, render::testing::AcceptanceNotice(), false); }
void BM_PdfHandlingOpinion(benchmark::State& state) { Render(state, render::testing::HandlingOpinion(), false); }
void BM_DocxHandlingOpinion(benchmark::State& state) { Render(state, render::testing::HandlingOpinion(), true); }

BENCHMARK(BM_PdfAcceptanceNotice)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PdfHandlingOpinion)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DocxHandlingOpinion)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    if (auto fonts = render::CheckFonts(render::FontMap{}); !fonts) {
        std::cerr << "xf_render_bench: " << fonts.error().message << "\n";
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
