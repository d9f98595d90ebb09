#include "formats/model_io.h"

namespace threatpath::formats {

using base::Error;

Syntax SniffSyntax(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '\xEF') continue;  // a UTF-8 byte order mark
    return (c == '{' || c == '[') ? Syntax::kJson : Syntax::kYaml;
  }
  return Syntax::kYaml;
}

base::Result<ModelFormat> DetectFormat(const Node& root, const std::string& display_name) {
  if (!root.is_mapping()) {
    return Error::At({display_name, root.loc.line, root.loc.column},
                     "expected a threat model (a mapping at the top level), found " +
                         std::string(root.is_null()       ? "an empty document"
                                     : root.is_sequence() ? "a list"
                                                          : "a single value"));
  }
  if (root.Find("threatpath")) return ModelFormat::kNative;
  static constexpr std::string_view kThreagileKeys[] = {
      "threagile_version",     "technical_assets", "data_assets",
      "trust_boundaries",      "includes",         "individual_risk_categories",
      "custom_risk_categories"};
  for (std::string_view k : kThreagileKeys) {
    if (root.Find(k)) return ModelFormat::kThreagile;
  }
  return Error::At({display_name, root.loc.line, root.loc.column},
                   "not a threat model: expected 'threatpath: 1' (native format) or "
                   "'threagile_version' (Threagile) at the top level");
}

base::Result<core::Model> ReadModel(std::string_view text, const std::string& display_name,
                                    const ReadOptions& options, ModelFormat* detected) {
  core::Model model;
  model.files.push_back(display_name);
  Syntax syntax = SniffSyntax(text);
  auto root = syntax == Syntax::kJson ? ParseJson(text, 0, display_name, options.limits)
                                      : ParseYaml(text, 0, display_name, options.limits);
  if (!root) return std::move(root).error();
  auto format = DetectFormat(*root, display_name);
  if (!format) return std::move(format).error();
  if (detected) *detected = *format;
  base::Status status = base::OkStatus();
  if (*format == ModelFormat::kNative) {
    status = ReadNative(*root, model, NativeReadOptions{options.max_errors});
  } else {
    ThreagileReadOptions topts;
    topts.limits = options.limits;
    topts.resolve_include = options.resolve_include;
    topts.max_errors = options.max_errors;
    topts.warnings = options.warnings;
    status = ReadThreagile(*root, model, topts);
  }
  if (!status) return std::move(status).error();
  return model;
}

std::string WriteModel(const core::Model& model, ModelFormat format, Syntax syntax,
                       ThreagileDialect dialect, std::vector<std::string>* notes) {
  Node doc =
      format == ModelFormat::kNative ? WriteNative(model, notes) : WriteThreagile(model, dialect);
  return syntax == Syntax::kJson ? EmitJson(doc) : EmitYaml(doc);
}

}  // namespace threatpath::formats
