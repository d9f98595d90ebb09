#include <gvc.h>

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/dynamic_library.h"
#include "diagram/diagram.h"

extern "C" {
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

// Graphviz is loaded when the first diagram is drawn, not when the program starts: libgvc with
// its plugins, Pango, cairo and their dependencies (about 45 shared libraries) cost every run
// about 5 ms to load, and most runs (`check`, `analyze --no-diagrams`, the server's API) draw
// nothing. The functions used here, by name (the cgraph ones come with libgvc):
#define TP_GV_FUNCTIONS(X) \
  X(agattr)                \
  X(agclose)               \
  X(agfstnode)             \
  X(agfstout)              \
  X(aglexbad)              \
  X(agnxtnode)             \
  X(agnxtout)              \
  X(agread)                \
  X(agseterr)              \
  X(agseterrf)             \
  X(agsetfile)             \
  X(agstrdup)              \
  X(agxget)                \
  X(agxset)                \
  X(gvContextPlugins)      \
  X(gvFreeLayout)          \
  X(gvFreeRenderData)      \
  X(gvLayout)              \
  X(gvRenderData)

struct GvApi {
  TP_GV_FUNCTIONS(TP_DYNAMIC_MEMBER)
  Agmemdisc_t* mem_disc = nullptr;  // cgraph's default memory discipline
  Agiodisc_t* io_disc = nullptr;    // cgraph's default I/O discipline (for putstr and flush)
};

// The loaded agstrdup, for IdOpen (set by Graphviz() before any graph is read).
decltype(&::agstrdup) loaded_agstrdup = nullptr;

// Loads libgvc once (the caller holds GraphvizMutex).
base::Result<const GvApi*> Graphviz() {
  static base::Result<const GvApi*> loaded = []() -> base::Result<const GvApi*> {
    base::Result<base::DynamicLibrary> gvc = base::DynamicLibrary::Open("libgvc.so.6");
    if (!gvc) return std::move(gvc).error();
    static GvApi api;
#define TP_GV_LOAD(name) TP_DYNAMIC_BIND(*gvc, api, name)
    TP_GV_FUNCTIONS(TP_GV_LOAD)
#undef TP_GV_LOAD
    // The default disciplines are data, and named differently from their members.
    if (base::Status st = gvc->Bind(api.mem_disc, "AgMemDisc"); !st) return std::move(st).error();
    if (base::Status st = gvc->Bind(api.io_disc, "AgIoDisc"); !st) return std::move(st).error();
    loaded_agstrdup = api.agstrdup;
    return &api;
  }();
  return loaded;
}

// A plugin library's descriptor, for gvContextPlugins. Plugins live in TP_GRAPHVIZ_PLUGIN_DIR
// (set by CMake), outside the loader's search path.
base::Result<lt_symlist_t> Plugin(const char* name, const char* symbol) {
  base::Result<base::DynamicLibrary> lib = base::DynamicLibrary::Open(
      std::string(TP_GRAPHVIZ_PLUGIN_DIR) + "/libgvplugin_" + name + ".so.6");
  if (!lib) return std::move(lib).error();
  lt_symlist_t entry = {symbol, nullptr};
  if (base::Status st = lib->Bind(entry.address, symbol); !st) return std::move(st).error();
  return entry;
}

// The contexts, created on first use (under GraphvizMutex) and never freed; plugins are handed
// to gvContextPlugins as "preloaded" libraries with demand loading off, so rendering never
// depends on the system's plugin configuration file (config6a, written by `dot -c`).
//
// SVG and DOT: the core plugin's renderers and the dot layout, with Graphviz's own font metrics
// for text sizes. Without a text-layout plugin the layout does not depend on the fonts a machine
// has installed (Pango measures with whatever fontconfig substitutes for Helvetica), so the same
// DOT gives the same SVG on every machine, and Pango, cairo and their ~40 libraries are not
// loaded. PNG: cairo's renderer, which comes with the pango plugin (and measures text with it).
//
// A context per call is not safe: the pango plugin caches a pointer to the last font name, which
// lives in the context's font dictionary, and compares against it after gvFreeContext freed it
// (a use-after-free that AddressSanitizer reports on the second render).
base::Result<GVC_t*> Context(const GvApi& gv, bool cairo) {
  auto create = [&gv](bool with_pango) -> base::Result<GVC_t*> {
    // Not freed either: the descriptors must outlive the context.
    auto* builtins = new lt_symlist_t[4]{};
    const std::pair<const char*, const char*> plugins[] = {
        {"core", "gvplugin_core_LTX_library"},
        {"dot_layout", "gvplugin_dot_layout_LTX_library"},
        {"pango", "gvplugin_pango_LTX_library"}};
    for (size_t i = 0; i < (with_pango ? 3u : 2u); ++i) {
      base::Result<lt_symlist_t> entry = Plugin(plugins[i].first, plugins[i].second);
      if (!entry) return std::move(entry).error();
      builtins[i] = *entry;
    }
    GVC_t* context = gv.gvContextPlugins(builtins, 0);
    if (context == nullptr) return base::Error::Internal("cannot create a context");
    return context;
  };
  if (cairo) {
    static base::Result<GVC_t*> with_cairo = create(true);
    return with_cairo;
  }
  static base::Result<GVC_t*> plain = create(false);
  return plain;
}

// Object ids in the order the objects are created. cgraph's default id discipline uses the
// address of a name's interned copy as the object's id, and keeps subgraphs (so the clusters of
// the SVG) in id order: the order of heap addresses, which differed from run to run, so the same
// DOT gave differently ordered SVG. Here a name gets the next even id when it is first seen
// (anonymous objects odd ids, as in the default), so the same DOT text always gives the same
// order. The state lives as long as the graph.
struct SequentialIds {
  Agraph_t* root;  // the graph whose string dictionary interns the names
  decltype(&::agstrdup) intern;
  std::unordered_map<std::string_view, IDTYPE> ids;  // keys point at the interned names
  std::vector<char*> names;                          // names[i] has id 2 * (i + 1)
  IDTYPE next_anonymous = 1;
};

void* IdOpen(Agraph_t* g, Agdisc_t* /*disc*/) { return new SequentialIds{g, loaded_agstrdup}; }

long IdMap(void* state, int /*objtype*/, char* name, IDTYPE* id, int create) {
  auto& s = *static_cast<SequentialIds*>(state);
  if (name == nullptr) {
    *id = s.next_anonymous;
    s.next_anonymous += 2;
    return 1;
  }
  if (auto it = s.ids.find(name); it != s.ids.end()) {
    *id = it->second;
    return 1;
  }
  if (create == 0) {
    *id = 0;  // no object has id 0: the lookup finds nothing, as with the default
    return 1;
  }
  // Names are interned in the graph's string dictionary, as the default does: cgraph reads a
  // header in front of a name it prints (whether it is an HTML string), so agnameof must return
  // interned strings. They live as long as the graph.
  char* interned = s.intern(s.root, name);
  s.names.push_back(interned);
  *id = 2 * static_cast<IDTYPE>(s.names.size());
  s.ids.emplace(interned, *id);
  return 1;
}

// Only anonymous (odd) ids can be chosen by a caller, as with the default.
long IdAlloc(void* /*state*/, int /*objtype*/, IDTYPE id) { return id % 2 == 1 ? 1 : 0; }

void IdFree(void* /*state*/, int /*objtype*/, IDTYPE /*id*/) {}

char* IdPrint(void* state, int /*objtype*/, IDTYPE id) {
  auto& s = *static_cast<SequentialIds*>(state);
  if (id == 0 || id % 2 == 1 || id / 2 > s.names.size()) return nullptr;
  return s.names[id / 2 - 1];
}

void IdClose(void* state) { delete static_cast<SequentialIds*>(state); }

void IdRegister(void* /*state*/, int /*objtype*/, void* /*obj*/) {}

Agiddisc_t kSequentialIdDisc = {IdOpen, IdMap, IdAlloc, IdFree, IdPrint, IdClose, IdRegister};

// Hands the DOT text to cgraph's scanner a line at a time (as agmemread does).
struct TextReader {
  std::string_view text;
  size_t at = 0;
};

int ReadText(void* chan, char* buf, int size) {
  auto& r = *static_cast<TextReader*>(chan);
  int n = 0;
  while (n < size && r.at < r.text.size()) {
    const char c = r.text[r.at++];
    buf[n++] = c;
    if (c == '\n') break;
  }
  return n;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

}  // namespace

void Preload(Format format) {
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  if (base::Result<const GvApi*> loaded = Graphviz()) {
    (void)Context(**loaded, format == Format::kPng);
  }
}

namespace {

// The elements of a graph by their `id` attribute, with their kind (AGRAPH for the graph, "").
struct Element {
  int kind;
  void* object;
};

std::unordered_map<std::string, std::vector<Element>> ElementsById(const GvApi& gv, Agraph_t* g) {
  std::unordered_map<std::string, std::vector<Element>> out;
  out[""].push_back({AGRAPH, g});
  char id[] = "id";
  Agsym_t* node_id = gv.agattr(g, AGNODE, id, nullptr);
  Agsym_t* edge_id = gv.agattr(g, AGEDGE, id, nullptr);
  auto add = [&out](const char* id, int kind, void* object) {
    if (id != nullptr && id[0] != '\0') out[id].push_back({kind, object});
  };
  for (Agnode_t* n = gv.agfstnode(g); n != nullptr; n = gv.agnxtnode(g, n)) {
    if (node_id != nullptr) add(gv.agxget(n, node_id), AGNODE, n);
    if (edge_id == nullptr) continue;
    for (Agedge_t* e = gv.agfstout(g, n); e != nullptr; e = gv.agnxtout(g, e)) {
      add(gv.agxget(e, edge_id), AGEDGE, e);
    }
  }
  return out;
}

const char* KindName(int kind) {
  return kind == AGRAPH ? "graph" : kind == AGNODE ? "node" : "edge";
}

}  // namespace

base::Result<std::vector<std::string>> RenderVariants(
    std::string_view dot, std::span<const std::vector<AttrOverride>> variants, Format format) {
  const char* format_name = format == Format::kSvg ? "svg" : format == Format::kPng ? "png" : "dot";
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  base::Result<const GvApi*> loaded = Graphviz();
  if (!loaded) {
    return base::Error(loaded.error().code(), "graphviz: " + loaded.error().message());
  }
  const GvApi& gv = **loaded;
  base::Result<GVC_t*> context = Context(gv, format == Format::kPng);
  if (!context) {
    return base::Error(context.error().code(), "graphviz: " + context.error().message());
  }
  GVC_t* gvc = *context;
  Messages().clear();
  gv.agseterr(AGWARN);
  gv.agseterrf(&CollectMessage);

  // cgraph's scanner is global: drop what an earlier read left in its buffer (the newline after
  // the closing brace) and restart the line count, so messages give this input's line numbers.
  gv.aglexbad();
  gv.agsetfile(nullptr);
  TextReader reader{dot};
  Agiodisc_t io = {&ReadText, gv.io_disc->putstr, gv.io_disc->flush};
  Agdisc_t disc = {gv.mem_disc, &kSequentialIdDisc, &io};
  Agraph_t* g = gv.agread(&reader, &disc);
  if (g == nullptr) {
    std::string m = Trimmed(Messages());
    return base::Error::InvalidInput("graphviz: cannot parse DOT" + (m.empty() ? "" : ": " + m));
  }
  struct GraphCloser {
    const GvApi& gv;
    GVC_t* gvc;
    Agraph_t* g;
    bool laid_out = false;
    ~GraphCloser() {
      if (laid_out) gv.gvFreeLayout(gvc, g);
      gv.agclose(g);
    }
  } graph_closer{gv, gvc, g};

  if (gv.gvLayout(gvc, g, "dot") != 0) {
    std::string m = Trimmed(Messages());
    return base::Error::Internal("graphviz: layout failed" + (m.empty() ? "" : ": " + m));
  }
  graph_closer.laid_out = true;

  std::unordered_map<std::string, std::vector<Element>> elements;
  bool have_elements = false;
  std::vector<std::string> out;
  out.reserve(variants.size());
  for (const std::vector<AttrOverride>& variant : variants) {
    // Sets the variant's values, remembering the graph's own, which are put back afterwards
    // (in reverse order, so an attribute set twice ends with its original value).
    struct Saved {
      void* object;
      Agsym_t* sym;
      std::string value;
    };
    std::vector<Saved> saved;
    auto restore = [&gv, &saved] {
      for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
        gv.agxset(it->object, it->sym, it->value.data());
      }
      saved.clear();
    };
    if (!variant.empty() && !have_elements) {
      elements = ElementsById(gv, g);
      have_elements = true;
    }
    for (const AttrOverride& o : variant) {
      auto it = elements.find(o.element);
      if (it == elements.end()) {
        restore();
        return base::Error::InvalidInput("graphviz: no element has the id '" + o.element + "'");
      }
      for (const Element& e : it->second) {
        Agsym_t* sym = gv.agattr(g, e.kind, const_cast<char*>(o.attr.c_str()), nullptr);
        if (sym == nullptr) {
          restore();
          return base::Error::InvalidInput(std::string("graphviz: the ") + KindName(e.kind) +
                                           " attribute '" + o.attr +
                                           "' is not declared, so it cannot be set after layout");
        }
        saved.push_back({e.object, sym, gv.agxget(e.object, sym)});
        gv.agxset(e.object, sym, const_cast<char*>(o.value.c_str()));  // copied
      }
    }
    char* data = nullptr;
    unsigned int length = 0;
    const int rc = gv.gvRenderData(gvc, g, format_name, &data, &length);
    restore();
    if (rc != 0 || data == nullptr) {
      if (data != nullptr) gv.gvFreeRenderData(data);
      std::string m = Trimmed(Messages());
      return base::Error(
          base::Error::Code::kUnsupported,
          std::string("graphviz: cannot render ") + format_name + (m.empty() ? "" : ": " + m));
    }
    out.emplace_back(data, length);
    gv.gvFreeRenderData(data);
  }
  return out;
}

base::Result<std::vector<std::string>> RenderFigures(std::span<const Figure> figures,
                                                     Format format) {
  // Figures grouped by DOT text, groups in order of first appearance.
  std::unordered_map<std::string_view, size_t> group_of;
  std::vector<std::vector<size_t>> groups;
  for (size_t i = 0; i < figures.size(); ++i) {
    auto [it, inserted] = group_of.try_emplace(figures[i].dot, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  std::vector<std::string> out(figures.size());
  for (const std::vector<size_t>& group : groups) {
    std::vector<std::vector<AttrOverride>> variants;
    variants.reserve(group.size());
    for (size_t i : group) variants.push_back(figures[i].values);
    base::Result<std::vector<std::string>> rendered =
        RenderVariants(figures[group.front()].dot, variants, format);
    if (!rendered) return std::move(rendered).error();
    for (size_t k = 0; k < group.size(); ++k) out[group[k]] = std::move((*rendered)[k]);
  }
  return out;
}

base::Result<std::string> Render(std::string_view dot, Format format) {
  const std::vector<AttrOverride> none;
  base::Result<std::vector<std::string>> rendered =
      RenderVariants(dot, std::span<const std::vector<AttrOverride>>(&none, 1), format);
  if (!rendered) return std::move(rendered).error();
  return std::move(rendered->front());
}

}  // namespace threatpath::diagram
