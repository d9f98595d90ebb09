// What Threagile 0.9.1 derives while it loads a model, so that analysis sees the model the way
// Threagile does. Source: Threagile/threagile at v0.9.1, main.go `parseModel` and the helpers
// next to it (`withDefault`, `lowerCaseAndTrim`, `checkTags`,
// `removePathElementsFromImageFiles`). At load time it does exactly this:
//
//  1. Descriptions: `withDefault(description, title)` trims the description and, when that
//     leaves nothing (or the text "<nil>"), uses the trimmed title instead. Applied to data
//     assets, technical assets, communication links, trust boundaries, shared runtimes and
//     individual risk categories.
//  2. Tags: `lowerCaseAndTrim` lower-cases and trims the tags of data assets, technical assets,
//     communication links and trust boundaries, and `tags_available`. Shared-runtime tags are
//     checked but not normalised (`checkTags((runtime.Tags), ...)`), so they are left alone.
//  3. Diagram: `diagram_tweak_nodesep` and `diagram_tweak_ranksep` of 0 become 2; a link's
//     `diagram_tweak_weight` is used only when greater than 0, otherwise it is 1. (The inverted
//     `diagram_tweak_constraint` flag is handled by the Threagile reader, which stores the
//     effective value.)
//  4. Overview images: `filepath.Base` strips folders from image file names.
//  5. Risk tracking: the synthetic risk id (the map key) is trimmed.
//
// Things 0.9.1 does NOT do at load time, although later versions do: it does not add stored
// data to `data_assets_processed`, does not add data sent or received on a link to the
// processed data of either end, and does not raise a technical asset's confidentiality,
// integrity or availability to that of its data. In 0.9.1 those facts are computed on demand by
// the rules: `HighestConfidentiality`, `HighestIntegrity` and `HighestAvailability` in
// model/types.go take the maximum over the asset's own rating and the data assets it processes
// *and* stores. (Folding stored data into processed data came with the master branch's
// rewrite, proposed in Threagile PR #18 and applied in 2024; raising the CIA ratings and
// "the target of a link processes its data" came with the rewrite too.)
//
// Every step maps a value to a fixed point, so applying DeriveThreagile twice changes nothing.

#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "core/derive.h"

namespace threatpath::core {
namespace {

// Threagile's `withDefault(value, title)`.
void DefaultDescription(Element& el) {
  std::string_view trimmed = base::Trim(el.description);
  if (!trimmed.empty() && trimmed != "<nil>") {
    el.description = std::string(trimmed);
  } else {
    el.description = std::string(base::Trim(el.title));
  }
}

// Threagile's `lowerCaseAndTrim`.
void NormalizeTags(std::vector<std::string>& tags) {
  for (std::string& t : tags) t = base::ToLower(base::Trim(t));
}

// Go's `filepath.Base` on a slash-separated path.
std::string BaseName(const std::string& path) {
  std::string_view p = path;
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  if (p.empty()) return ".";
  if (p == "/") return "/";
  size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

void BaseNames(Overview& o) {
  for (auto& image : o.images) image.first = BaseName(image.first);
}

}  // namespace

void DeriveThreagile(Model& model) {
  NormalizeTags(model.tags_available);
  for (DataAsset& a : model.data_assets) {
    DefaultDescription(a);
    NormalizeTags(a.tags);
  }
  for (Component& c : model.components) {
    DefaultDescription(c);
    NormalizeTags(c.tags);
  }
  for (Flow& f : model.flows) {
    DefaultDescription(f);
    NormalizeTags(f.tags);
    if (f.diagram_tweak_weight <= 0) f.diagram_tweak_weight = 1;
  }
  for (TrustBoundary& b : model.boundaries) {
    DefaultDescription(b);
    NormalizeTags(b.tags);
  }
  for (SharedRuntime& r : model.shared_runtimes) DefaultDescription(r);
  for (RiskCategory& c : model.risk_categories) DefaultDescription(c);
  for (RiskTracking& t : model.risk_tracking) t.key = std::string(base::Trim(t.key));

  if (model.diagram.nodesep == 0) model.diagram.nodesep = 2;
  if (model.diagram.ranksep == 0) model.diagram.ranksep = 2;
  BaseNames(model.meta.business_overview);
  BaseNames(model.meta.technical_overview);
  BaseNames(model.meta.application_description);
}

}  // namespace threatpath::core
