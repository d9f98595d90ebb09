#include <gvc.h>

#include <mutex>
#include <string>

#include "diagram/diagram.h"

// Graphviz plugins linked into the binary (see CMakeLists.txt): the renderers of the core plugin
// (svg, dot), the dot layout and the cairo renderers of the pango plugin (png).
extern "C" {
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_pango_LTX_library;
// Exported by libcgraph but not declared in its headers: flushes the scanner's buffer.
void aglexbad(void);
}

// Graphviz 2.42 leaks inside the dot layout (mincross, clusters) and through pango/fontconfig
// caches, on every render; none of it is ours to free. Sanitizer builds (TP_SANITIZE) would
// report it from every binary that renders, so LeakSanitizer gets these suppressions (it calls
// this hook at start-up). Allocations made through libgvc/libcgraph all match, so the graph and
// render buffers this file frees are covered by the use-after-free and double-free checks only.
#if defined(__SANITIZE_ADDRESS__)
#define TP_LSAN_SUPPRESSIONS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TP_LSAN_SUPPRESSIONS 1
#endif
#endif
#ifdef TP_LSAN_SUPPRESSIONS
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\n"
         "leak:libcgraph.so\n"
         "leak:libcdt.so\n"
         "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvplugin_pango.so\n"
         "leak:libgvplugin_core.so\n"
         "leak:libpango\n"
         "leak:libcairo.so\n"
         "leak:libfontconfig.so\n";
}
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace threatpath::diagram {
namespace {

// libgvc keeps global state (the error handler, cgraph's scanner), so every use is serialised.
std::mutex& GraphvizMutex() {
  static std::mutex mu;
  return mu;
}

// Graphviz messages of the current call (guarded by GraphvizMutex).
std::string& Messages() {
  static std::string messages;
  return messages;
}

int CollectMessage(char* text) {
  std::string& m = Messages();
  m += text;
  return 0;
}

// Plugins are given to gvContextPlugins as "preloaded" libraries with demand loading off, so
// rendering never depends on the system's plugin configuration file (config6a, written by
// `dot -c`) or on dlopen at run time.
const lt_symlist_t kBuiltins[] = {
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_pango_LTX_library", &gvplugin_pango_LTX_library},
    {nullptr, nullptr},
};

// One context for the process, created on first use (under GraphvizMutex) and never freed. A
// context per call is not safe: the pango plugin caches a pointer to the last font name, which
// lives in the context's font dictionary, and compares against it after gvFreeContext freed it
// (a use-after-free that AddressSanitizer reports on the second render).
GVC_t* Context() {
  static GVC_t* gvc = gvContextPlugins(kBuiltins, 0);
  return gvc;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

}  // namespace

base::Result<std::string> Render(std::string_view dot, Format format) {
  const char* format_name = format == Format::kSvg ? "svg" : format == Format::kPng ? "png" : "dot";
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  Messages().clear();
  agseterr(AGWARN);
  agseterrf(&CollectMessage);

  GVC_t* gvc = Context();
  if (gvc == nullptr) return base::Error::Internal("graphviz: cannot create a context");

  std::string text(dot);  // agmemread needs a NUL-terminated buffer
  // cgraph's scanner is global: drop what an earlier read left in its buffer (the newline after
  // the closing brace) and restart the line count, so messages give this input's line numbers.
  aglexbad();
  agsetfile(nullptr);
  Agraph_t* g = agmemread(text.c_str());
  if (g == nullptr) {
    std::string m = Trimmed(Messages());
    return base::Error::InvalidInput("graphviz: cannot parse DOT" + (m.empty() ? "" : ": " + m));
  }
  struct GraphCloser {
    GVC_t* gvc;
    Agraph_t* g;
    bool laid_out = false;
    ~GraphCloser() {
      if (laid_out) gvFreeLayout(gvc, g);
      agclose(g);
    }
  } graph_closer{gvc, g};

  if (gvLayout(gvc, g, "dot") != 0) {
    std::string m = Trimmed(Messages());
    return base::Error::Internal("graphviz: layout failed" + (m.empty() ? "" : ": " + m));
  }
  graph_closer.laid_out = true;

  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(gvc, g, format_name, &data, &length) != 0 || data == nullptr) {
    if (data != nullptr) gvFreeRenderData(data);
    std::string m = Trimmed(Messages());
    return base::Error(
        base::Error::Code::kUnsupported,
        std::string("graphviz: cannot render ") + format_name + (m.empty() ? "" : ": " + m));
  }
  std::string out(data, length);
  gvFreeRenderData(data);
  return out;
}

}  // namespace threatpath::diagram
