#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "core/model.h"
#include "core/validate.h"
#include "formats/model_io.h"
#include "formats/native.h"
#include "formats/node.h"

namespace threatpath::formats {
namespace {

namespace fs = std::filesystem;
using core::Model;

const fs::path kSourceDir = TP_SOURCE_DIR;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

bool Rebaseline() {
  const char* v = std::getenv("TP_REBASELINE");
  return v != nullptr && std::string(v) == "1";
}

base::Result<Node> Parse(std::string_view text, const std::string& name, Syntax syntax) {
  return syntax == Syntax::kJson ? ParseJson(text, 0, name) : ParseYaml(text, 0, name);
}

/// Parses and reads a native model; the error holds every diagnostic.
base::Result<Model> Read(std::string_view text, const std::string& name = "m.yaml",
                         Syntax syntax = Syntax::kYaml) {
  Model m;
  m.files.push_back(name);
  auto root = Parse(text, name, syntax);
  if (!root) return std::move(root).error();
  base::Status st = ReadNative(*root, m);
  if (!st) return std::move(st).error();
  return m;
}

/// The diagnostics for a model that must not read.
std::string Errors(std::string_view text) {
  auto r = Read(text);
  if (r) return "<read without errors>";
  return r.error().ToString();
}

Model ReadOk(std::string_view text, const std::string& name = "m.yaml",
             Syntax syntax = Syntax::kYaml) {
  auto r = Read(text, name, syntax);
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? std::move(r).value() : Model{};
}

// ---------------------------------------------------------------------------------------------
// A field-by-field dump of a model, independent of the writer, so round trips are compared on
// every field (locations excepted) and a failure shows which one differs.

class Dumper {
 public:
  std::string out;

  void F(const std::string& path, const std::string& v) { Line(path, "'" + v + "'"); }
  void F(const std::string& path, bool v) { Line(path, v ? "true" : "false"); }
  void F(const std::string& path, int v) { Line(path, std::to_string(v)); }
  template <typename E>
  requires std::is_enum_v<E>
  void F(const std::string& path, E v) { Line(path, std::string(core::ToString(v))); }
  void F(const std::string& path, const core::Ref& r) { Line(path, "->" + r.id); }
  void F(const std::string& path, const core::Refs& v) {
    std::string s;
    for (const auto& r : v) s += "->" + r.id + " ";
    Line(path, "[" + s + "]");
  }
  void F(const std::string& path, const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += "'" + x + "' ";
    Line(path, "[" + s + "]");
  }
  template <typename E>
  requires std::is_enum_v<E>
  void F(const std::string& path, const std::vector<E>& v) {
    std::string s;
    for (E x : v) s += std::string(core::ToString(x)) + " ";
    Line(path, "[" + s + "]");
  }
  void F(const std::string& path, const core::TextMap& v) {
    Line(path, std::to_string(v.size()) + " entries");
    for (const auto& [k, text] : v) Line(path + "['" + k + "']", "'" + text + "'");
  }
  void Element(const std::string& p, const core::Element& e) {
    F(p + ".id", e.id);
    F(p + ".title", e.title);
    F(p + ".description", e.description);
    F(p + ".tags", e.tags);
  }

 private:
  void Line(const std::string& path, const std::string& v) { out += path + " = " + v + "\n"; }
};

std::string Dump(const Model& m) {
  Dumper d;
  const core::Metadata& meta = m.meta;
  d.F("meta.title", meta.title);
  d.F("meta.author.name", meta.author.name);
  d.F("meta.author.homepage", meta.author.homepage);
  d.F("meta.contributors", static_cast<int>(meta.contributors.size()));
  for (size_t i = 0; i < meta.contributors.size(); ++i) {
    d.F("meta.contributors[" + std::to_string(i) + "].name", meta.contributors[i].name);
    d.F("meta.contributors[" + std::to_string(i) + "].homepage", meta.contributors[i].homepage);
  }
  d.F("meta.date", meta.date);
  d.F("meta.owner_team", meta.owner_team);
  d.F("meta.phase", meta.phase);
  d.F("meta.business_criticality", meta.business_criticality);
  d.F("meta.last_reviewed", meta.last_reviewed);
  d.F("meta.next_review", meta.next_review);
  d.F("meta.management_summary_comment", meta.management_summary_comment);
  for (auto [name, ov] : {std::pair{"application_description", &meta.application_description},
                          std::pair{"business_overview", &meta.business_overview},
                          std::pair{"technical_overview", &meta.technical_overview}}) {
    d.F(std::string("meta.") + name + ".description", ov->description);
    d.F(std::string("meta.") + name + ".images", ov->images);
  }
  d.F("security_requirements", m.security_requirements);
  d.F("questions", m.questions);
  d.F("abuse_cases", m.abuse_cases);
  d.F("tags_available", m.tags_available);

  for (const auto& a : m.data_assets) {
    std::string p = "data_assets[" + a.id + "]";
    d.Element(p, a);
    d.F(p + ".usage", a.usage);
    d.F(p + ".origin", a.origin);
    d.F(p + ".owner", a.owner);
    d.F(p + ".quantity", a.quantity);
    d.F(p + ".confidentiality", a.confidentiality);
    d.F(p + ".integrity", a.integrity);
    d.F(p + ".availability", a.availability);
    d.F(p + ".justification_cia_rating", a.justification_cia_rating);
  }
  for (const auto& c : m.components) {
    std::string p = "components[" + c.id + "]";
    d.Element(p, c);
    d.F(p + ".type", c.type);
    d.F(p + ".usage", c.usage);
    d.F(p + ".used_as_client_by_human", c.used_as_client_by_human);
    d.F(p + ".out_of_scope", c.out_of_scope);
    d.F(p + ".justification_out_of_scope", c.justification_out_of_scope);
    d.F(p + ".size", c.size);
    d.F(p + ".technologies", c.technologies);
    d.F(p + ".internet", c.internet);
    d.F(p + ".machine", c.machine);
    d.F(p + ".encryption", c.encryption);
    d.F(p + ".owner", c.owner);
    d.F(p + ".confidentiality", c.confidentiality);
    d.F(p + ".integrity", c.integrity);
    d.F(p + ".availability", c.availability);
    d.F(p + ".justification_cia_rating", c.justification_cia_rating);
    d.F(p + ".multi_tenant", c.multi_tenant);
    d.F(p + ".redundant", c.redundant);
    d.F(p + ".custom_developed_parts", c.custom_developed_parts);
    d.F(p + ".data_processed", c.data_processed);
    d.F(p + ".data_stored", c.data_stored);
    d.F(p + ".data_formats_accepted", c.data_formats_accepted);
    d.F(p + ".diagram_tweak_order", c.diagram_tweak_order);
  }
  for (const auto& f : m.flows) {
    std::string p = "flows[" + f.id + "]";
    d.Element(p, f);
    d.F(p + ".from", f.from);
    d.F(p + ".to", f.to);
    d.F(p + ".protocol", f.protocol);
    d.F(p + ".authentication", f.authentication);
    d.F(p + ".authorization", f.authorization);
    d.F(p + ".usage", f.usage);
    d.F(p + ".vpn", f.vpn);
    d.F(p + ".ip_filtered", f.ip_filtered);
    d.F(p + ".readonly", f.readonly);
    d.F(p + ".data_sent", f.data_sent);
    d.F(p + ".data_received", f.data_received);
    d.F(p + ".diagram_tweak_weight", f.diagram_tweak_weight);
    d.F(p + ".diagram_tweak_constraint", f.diagram_tweak_constraint);
  }
  for (const auto& b : m.boundaries) {
    std::string p = "boundaries[" + b.id + "]";
    d.Element(p, b);
    d.F(p + ".type", b.type);
    d.F(p + ".components", b.components);
    d.F(p + ".nested", b.nested);
  }
  for (const auto& r : m.shared_runtimes) {
    std::string p = "shared_runtimes[" + r.id + "]";
    d.Element(p, r);
    d.F(p + ".components", r.components);
  }
  for (const auto& c : m.risk_categories) {
    std::string p = "risk_categories[" + c.id + "]";
    d.Element(p, c);
    d.F(p + ".impact", c.impact);
    d.F(p + ".asvs", c.asvs);
    d.F(p + ".cheat_sheet", c.cheat_sheet);
    d.F(p + ".action", c.action);
    d.F(p + ".mitigation", c.mitigation);
    d.F(p + ".check", c.check);
    d.F(p + ".function", c.function);
    d.F(p + ".stride", c.stride);
    d.F(p + ".detection_logic", c.detection_logic);
    d.F(p + ".risk_assessment", c.risk_assessment);
    d.F(p + ".false_positives", c.false_positives);
    d.F(p + ".model_failure_possible_reason", c.model_failure_possible_reason);
    d.F(p + ".cwe", c.cwe);
    for (const auto& r : c.risks) {
      std::string rp = p + ".risks['" + r.title + "']";
      d.F(rp + ".severity", r.severity);
      d.F(rp + ".likelihood", r.likelihood);
      d.F(rp + ".impact", r.impact);
      d.F(rp + ".breach_probability", r.breach_probability);
      d.F(rp + ".breach_components", r.breach_components);
      d.F(rp + ".most_relevant_data_asset", r.most_relevant_data_asset);
      d.F(rp + ".most_relevant_component", r.most_relevant_component);
      d.F(rp + ".most_relevant_flow", r.most_relevant_flow);
      d.F(rp + ".most_relevant_boundary", r.most_relevant_boundary);
      d.F(rp + ".most_relevant_shared_runtime", r.most_relevant_shared_runtime);
    }
  }
  for (const auto& t : m.risk_tracking) {
    std::string p = "risk_tracking['" + t.key + "']";
    d.F(p + ".status", t.status);
    d.F(p + ".justification", t.justification);
    d.F(p + ".ticket", t.ticket);
    d.F(p + ".date", t.date);
    d.F(p + ".checked_by", t.checked_by);
    d.F(p + ".owner", t.owner);
  }
  for (const auto& t : m.threats) {
    std::string p = "threats[" + t.id + "]";
    d.Element(p, t);
    d.F(p + ".stride", t.stride);
    d.F(p + ".source", t.source);
    d.F(p + ".prerequisites", t.prerequisites);
    d.F(p + ".action", t.action);
    d.F(p + ".impact", t.impact);
    d.F(p + ".affected", t.affected);
    d.F(p + ".likelihood", t.likelihood);
    d.F(p + ".impact_rating", t.impact_rating);
    d.F(p + ".status", t.status);
    d.F(p + ".response", t.response);
    d.F(p + ".owner", t.owner);
    d.F(p + ".justification", t.justification);
    d.F(p + ".mitigations", t.mitigations);
  }
  for (const auto& mi : m.mitigations) {
    std::string p = "mitigations[" + mi.id + "]";
    d.Element(p, mi);
    d.F(p + ".status", mi.status);
    d.F(p + ".owner", mi.owner);
    d.F(p + ".ticket", mi.ticket);
    d.F(p + ".threats", mi.threats);
  }
  for (const auto& a : m.assumptions) {
    std::string p = "assumptions[" + a.id + "]";
    d.Element(p, a);
    d.F(p + ".statement", a.statement);
    d.F(p + ".elements", a.elements);
    d.F(p + ".threats", a.threats);
    d.F(p + ".mitigations", a.mitigations);
    d.F(p + ".status", a.status);
    d.F(p + ".evidence", a.evidence);
    d.F(p + ".validated_by", a.validated_by);
    d.F(p + ".validated_on", a.validated_on);
  }
  d.F("diagram.nodesep", m.diagram.nodesep);
  d.F("diagram.ranksep", m.diagram.ranksep);
  d.F("diagram.edge_layout", m.diagram.edge_layout);
  d.F("diagram.suppress_edge_labels", m.diagram.suppress_edge_labels);
  d.F("diagram.layout_left_to_right", m.diagram.layout_left_to_right);
  d.F("diagram.invisible_connections", m.diagram.invisible_connections);
  d.F("diagram.same_rank_assets", m.diagram.same_rank_assets);
  d.F("provenance.format", static_cast<int>(m.provenance.format));
  d.F("provenance.threagile_version", m.provenance.threagile_version);
  d.F("provenance.threagile_v1", m.provenance.threagile_v1);
  d.F("provenance.includes", m.provenance.includes);
  return d.out;
}

// Tripwire: when a core struct gains a field, these sizes change. Then give the field a place in
// the format (reader, writer, schema, docs/format.md), in FullModel() and in Dump(), and update
// the size here.
#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(core::DataAsset) == 272);
static_assert(sizeof(core::Component) == 424);
static_assert(sizeof(core::Flow) == 336);
static_assert(sizeof(core::TrustBoundary) == 208);
static_assert(sizeof(core::SharedRuntime) == 184);
static_assert(sizeof(core::RiskCategory) == 488);
static_assert(sizeof(core::IdentifiedRisk) == 328);
static_assert(sizeof(core::RiskTracking) == 216);
static_assert(sizeof(core::Threat) == 416);
static_assert(sizeof(core::Mitigation) == 248);
static_assert(sizeof(core::Assumption) == 368);
static_assert(sizeof(core::Metadata) == 456);
static_assert(sizeof(core::DiagramTweaks) == 96);
static_assert(sizeof(core::Provenance) == 72);
static_assert(sizeof(core::Model) == 984);
#endif

core::Ref R(std::string id) { return core::Ref{std::move(id), {}}; }

/// A model in which every field of every struct differs from its default, so that writing it
/// exercises every key of the format.
Model FullModel() {
  Model m;
  core::Metadata& meta = m.meta;
  meta.title = "Full model";
  meta.author = {"Ada", "https://ada.example"};
  meta.contributors = {{"Bob", ""}, {"Cy", "https://cy.example"}};
  meta.date = "2025-01-31";
  meta.owner_team = "payments";
  meta.phase = core::Phase::kProduction;
  meta.business_criticality = core::Criticality::kCritical;
  meta.last_reviewed = "2025-02-01";
  meta.next_review = "2025-08-01";
  meta.management_summary_comment = "Looks fine.\nSecond line.";
  meta.application_description = {"What it is", {{"app.png", "The app"}}};
  meta.business_overview = {"Why it exists", {{"biz.png", "Money"}}};
  meta.technical_overview = {"How it works", {{"tech.png", "Boxes"}, {"seq.png", ""}}};
  m.security_requirements = {{"TLS", "Everything over TLS 1.2+"}};
  m.questions = {{"Who rotates keys?", ""}, {"Backups?", "Nightly"}};
  m.abuse_cases = {{"Scraping", "Bots scrape the catalogue"}};
  m.tags_available = {"pii", "aws"};

  core::DataAsset a;
  a.id = "card";
  a.title = "Card data";
  a.description = "PAN and expiry";
  a.tags = {"pii"};
  a.usage = core::Usage::kDevOps;
  a.origin = "customer";
  a.owner = "payments";
  a.quantity = core::Quantity::kVeryMany;
  a.confidentiality = core::Confidentiality::kStrictlyConfidential;
  a.integrity = core::Criticality::kMissionCritical;
  a.availability = core::Criticality::kArchive;
  a.justification_cia_rating = "PCI";
  m.data_assets.push_back(a);

  core::Component c;
  c.id = "api";
  c.title = "API";
  c.description = "The API";
  c.tags = {"aws"};
  c.type = core::ComponentType::kDatastore;
  c.usage = core::Usage::kDevOps;
  c.used_as_client_by_human = true;
  c.out_of_scope = true;
  c.justification_out_of_scope = "Vendor";
  c.size = core::Size::kSystem;
  c.technologies = {"web-service-rest", "gateway"};
  c.internet = true;
  c.machine = core::Machine::kServerless;
  c.encryption = core::Encryption::kDataWithEndUserIndividualKey;
  c.owner = "team-a";
  c.confidentiality = core::Confidentiality::kPublic;
  c.integrity = core::Criticality::kImportant;
  c.availability = core::Criticality::kCritical;
  c.justification_cia_rating = "because";
  c.multi_tenant = true;
  c.redundant = true;
  c.custom_developed_parts = true;
  c.data_processed = {R("card")};
  c.data_stored = {R("card")};
  c.data_formats_accepted = {core::DataFormat::kJson, core::DataFormat::kYaml};
  c.diagram_tweak_order = 3;
  m.components.push_back(c);
  core::Component web;
  web.id = "web";
  web.title = "web";
  m.components.push_back(web);

  core::Flow f;
  f.id = "web>api-call";
  f.title = "API call";
  f.description = "Calls the API";
  f.tags = {"aws"};
  f.from = R("web");
  f.to = R("api");
  f.protocol = core::Protocol::kHttps;
  f.authentication = core::Authentication::kToken;
  f.authorization = core::Authorization::kEndUserIdentityPropagation;
  f.usage = core::Usage::kDevOps;
  f.vpn = true;
  f.ip_filtered = true;
  f.readonly = true;
  f.data_sent = {R("card")};
  f.data_received = {R("card")};
  f.diagram_tweak_weight = 5;
  f.diagram_tweak_constraint = false;
  m.flows.push_back(f);

  core::TrustBoundary b;
  b.id = "vpc";
  b.title = "VPC";
  b.description = "The VPC";
  b.tags = {"aws"};
  b.type = core::BoundaryType::kNetworkCloudProvider;
  b.components = {R("api")};
  b.nested = {R("inner")};
  m.boundaries.push_back(b);
  core::TrustBoundary inner;
  inner.id = "inner";
  inner.title = "inner";
  m.boundaries.push_back(inner);

  core::SharedRuntime rt;
  rt.id = "k8s";
  rt.title = "Cluster";
  rt.description = "The cluster";
  rt.tags = {"aws"};
  rt.components = {R("api"), R("web")};
  m.shared_runtimes.push_back(rt);

  core::RiskCategory rc;
  rc.id = "weird";
  rc.title = "Something weird";
  rc.description = "Weirdness";
  rc.tags = {"aws"};
  rc.impact = "Bad";
  rc.asvs = "V1";
  rc.cheat_sheet = "https://cheats.example";
  rc.action = "Act";
  rc.mitigation = "Mitigate";
  rc.check = "Check";
  rc.function = core::RiskFunction::kOperations;
  rc.stride = core::Stride::kElevationOfPrivilege;
  rc.detection_logic = "Detect";
  rc.risk_assessment = "Assess";
  rc.false_positives = "None";
  rc.model_failure_possible_reason = true;
  rc.cwe = 693;
  core::IdentifiedRisk ir;
  ir.title = "<b>Weird</b> at API";
  ir.severity = core::RiskSeverity::kCritical;
  ir.likelihood = core::Likelihood::kFrequent;
  ir.impact = core::Impact::kVeryHigh;
  ir.breach_probability = core::BreachProbability::kProbable;
  ir.breach_components = {R("api")};
  ir.most_relevant_data_asset = R("card");
  ir.most_relevant_component = R("api");
  ir.most_relevant_flow = R("web>api-call");
  ir.most_relevant_boundary = R("vpc");
  ir.most_relevant_shared_runtime = R("k8s");
  rc.risks.push_back(ir);
  m.risk_categories.push_back(rc);

  core::RiskTracking rt1;
  rt1.key = "weird@api";
  rt1.status = core::RiskStatus::kFalsePositive;
  rt1.justification = "Not reachable";
  rt1.ticket = "SEC-1";
  rt1.date = "2025-02-02";
  rt1.checked_by = "Ada";
  rt1.owner = "team-a";
  m.risk_tracking.push_back(rt1);
  core::RiskTracking rt2;
  rt2.key = "*";
  m.risk_tracking.push_back(rt2);

  core::Threat t;
  t.id = "t1";
  t.title = "Card theft";
  t.description = "Someone steals cards";
  t.tags = {"pii"};
  t.stride = core::Stride::kInformationDisclosure;
  t.source = "an external attacker";
  t.prerequisites = "with a stolen token";
  t.action = "read card data";
  t.impact = "fraud";
  t.affected = {R("card"), R("api")};
  t.likelihood = core::Likelihood::kUnlikely;
  t.impact_rating = core::Impact::kHigh;
  t.status = core::RiskStatus::kInProgress;
  t.response = core::ThreatResponse::kMitigate;
  t.owner = "team-a";
  t.justification = "Tokenise";
  t.mitigations = {R("m1")};
  m.threats.push_back(t);

  core::Mitigation mi;
  mi.id = "m1";
  mi.title = "Tokenisation";
  mi.description = "Use the provider's tokens";
  mi.tags = {"pii"};
  mi.status = core::MitigationStatus::kVerified;
  mi.owner = "team-a";
  mi.ticket = "SEC-2";
  mi.threats = {R("t1")};
  m.mitigations.push_back(mi);

  core::Assumption as;
  as.id = "a1";
  as.title = "Provider is PCI compliant";
  as.description = "We rely on it";
  as.tags = {"pii"};
  as.statement = "The provider holds a PCI DSS AOC";
  as.elements = {R("api")};
  as.threats = {R("t1")};
  as.mitigations = {R("m1")};
  as.status = core::AssumptionStatus::kRefuted;
  as.evidence = "AOC expired";
  as.validated_by = "Cy";
  as.validated_on = "2025-03-01";
  m.assumptions.push_back(as);

  m.diagram.nodesep = 2;
  m.diagram.ranksep = 3;
  m.diagram.edge_layout = "ortho";
  m.diagram.suppress_edge_labels = true;
  m.diagram.layout_left_to_right = true;
  m.diagram.invisible_connections = {"web:api"};
  m.diagram.same_rank_assets = {"web:api"};

  m.provenance.format = core::Provenance::Format::kThreagile;
  m.provenance.threagile_version = "1.0.0";
  m.provenance.threagile_v1 = true;
  m.provenance.includes = {"more.yaml"};
  return m;
}

Model RoundTrip(const Model& m, Syntax syntax) {
  Node doc = WriteNative(m);
  std::string text = syntax == Syntax::kJson ? EmitJson(doc) : EmitYaml(doc);
  return ReadOk(text, syntax == Syntax::kJson ? "rt.json" : "rt.yaml", syntax);
}

// ---------------------------------------------------------------------------------------------
// Round trips

TEST(NativeRoundTripTest, FullModelThroughYaml) {
  Model m = FullModel();
  EXPECT_EQ(Dump(RoundTrip(m, Syntax::kYaml)), Dump(m));
}

TEST(NativeRoundTripTest, FullModelThroughJson) {
  Model m = FullModel();
  EXPECT_EQ(Dump(RoundTrip(m, Syntax::kJson)), Dump(m));
}

TEST(NativeRoundTripTest, EmptyModel) {
  Model m;
  EXPECT_EQ(Dump(RoundTrip(m, Syntax::kYaml)), Dump(m));
  EXPECT_EQ(Dump(RoundTrip(m, Syntax::kJson)), Dump(m));
}

TEST(NativeRoundTripTest, AwkwardStrings) {
  Model m;
  core::Component c;
  c.id = "x";
  c.title = "";  // explicitly empty: not the id
  c.description = "true";
  c.owner = "1.5";
  c.justification_cia_rating = "null";
  c.justification_out_of_scope = "line one\nline two\n";
  c.tags = {"yes", "- dash", "# hash", "a: b"};
  m.components.push_back(c);
  m.questions = {{"", ""}, {"*", "&anchor"}};
  core::RiskTracking t;
  t.key = "*@x";
  m.risk_tracking.push_back(t);
  EXPECT_EQ(Dump(RoundTrip(m, Syntax::kYaml)), Dump(m));
  EXPECT_EQ(Dump(RoundTrip(m, Syntax::kJson)), Dump(m));
}

TEST(NativeRoundTripTest, ExamplesAreStable) {
  for (const char* name : {"examples/online-shop.yaml", "examples/starter.yaml"}) {
    SCOPED_TRACE(name);
    Model m = ReadOk(ReadText(kSourceDir / name), name);
    EXPECT_EQ(Dump(RoundTrip(m, Syntax::kYaml)), Dump(m));
    EXPECT_EQ(Dump(RoundTrip(m, Syntax::kJson)), Dump(m));
    // Writing is idempotent: the written model writes the same text again.
    std::string once = EmitYaml(WriteNative(m));
    EXPECT_EQ(EmitYaml(WriteNative(ReadOk(once))), once);
  }
}

TEST(NativeExamplesTest, ExamplesAreValidModels) {
  for (const char* name : {"examples/online-shop.yaml", "examples/starter.yaml"}) {
    SCOPED_TRACE(name);
    Model m = ReadOk(ReadText(kSourceDir / name), name);
    std::string problems;
    for (const auto& d : core::Validate(m)) problems += d.ToString() + "\n";
    EXPECT_EQ(problems, "");
  }
}

// ---------------------------------------------------------------------------------------------
// Writer

TEST(NativeWriteTest, EmptyModelIsJustTheVersion) {
  EXPECT_EQ(EmitYaml(WriteNative(Model{})), "threatpath: 1\n");
  EXPECT_EQ(EmitJson(WriteNative(Model{})), "{\n  \"threatpath\": 1\n}\n");
}

TEST(NativeWriteTest, LeavesOutDefaultsAndKeepsModelOrder) {
  Model m;
  m.meta.title = "Shop";
  core::Component web;
  web.id = "web";
  web.title = "web";  // equal to the id: left out
  web.technologies = {"web-server"};
  core::Component db;
  db.id = "db";
  db.title = "Database";
  db.type = core::ComponentType::kDatastore;
  m.components = {web, db};
  core::Flow f;
  f.id = "web>db";
  f.title = "web>db";
  f.from = R("web");
  f.to = R("db");
  m.flows.push_back(f);
  EXPECT_EQ(EmitYaml(WriteNative(m)),
            "threatpath: 1\n"
            "metadata:\n"
            "  title: Shop\n"
            "components:\n"
            "  web:\n"
            "    technologies:\n"
            "    - web-server\n"
            "  db:\n"
            "    title: Database\n"
            "    type: datastore\n"
            "flows:\n"
            "  web>db:\n"
            "    from: web\n"
            "    to: db\n");
}

TEST(NativeWriteTest, PersonsAndOverviewsUseTheShortFormWhenTheyCan) {
  Model m;
  m.meta.author = {"Ada", ""};
  m.meta.contributors = {{"Bob", ""}, {"Cy", "https://cy.example"}};
  m.meta.business_overview = {"Why", {}};
  m.meta.technical_overview = {"How", {{"t.png", "Boxes"}}};
  EXPECT_EQ(EmitYaml(WriteNative(m)),
            "threatpath: 1\n"
            "metadata:\n"
            "  author: Ada\n"
            "  contributors:\n"
            "  - Bob\n"
            "  - name: Cy\n"
            "    homepage: https://cy.example\n"
            "  business_overview: Why\n"
            "  technical_overview:\n"
            "    description: How\n"
            "    images:\n"
            "      t.png: Boxes\n");
}

TEST(NativeWriteTest, IsDeterministic) {
  Model m = FullModel();
  EXPECT_EQ(EmitYaml(WriteNative(m)), EmitYaml(WriteNative(m)));
  EXPECT_EQ(EmitJson(WriteNative(m)), EmitJson(WriteNative(FullModel())));
}

// Two links of a Threagile model may share an id; the native document keys flows by id, so the
// repeat gets a free "~n" suffix and the document reads back.
TEST(NativeWriteTest, RepeatedFlowIdsGetASuffix) {
  Model m = FullModel();
  ASSERT_FALSE(m.flows.empty());
  core::Flow again = m.flows[0];
  again.title = "again";
  core::Flow third = m.flows[0];
  third.title = "third";
  core::Flow taken = m.flows[0];  // already has the id the second repeat would get
  taken.id = m.flows[0].id + "~2";
  m.flows.push_back(again);
  m.flows.push_back(taken);
  m.flows.push_back(third);
  std::vector<std::string> notes;
  Node doc = WriteNative(m, &notes);
  EXPECT_EQ(notes, (std::vector<std::string>{
                       "flows: id '" + m.flows[0].id + "' is used twice ('again'); written as '" +
                           m.flows[0].id + "~3'",
                       "flows: id '" + m.flows[0].id + "' is used twice ('third'); written as '" +
                           m.flows[0].id + "~4'"}));
  Model back = ReadOk(EmitYaml(doc), "rt.yaml", Syntax::kYaml);
  ASSERT_EQ(back.flows.size(), m.flows.size());
  EXPECT_EQ(back.flows[back.flows.size() - 3].id, m.flows[0].id + "~3");
  EXPECT_EQ(back.flows[back.flows.size() - 3].title, "again");
  EXPECT_EQ(back.flows[back.flows.size() - 2].id, m.flows[0].id + "~2");
  EXPECT_EQ(back.flows.back().id, m.flows[0].id + "~4");
  EXPECT_EQ(EmitYaml(WriteNative(FullModel(), &notes)), EmitYaml(WriteNative(FullModel())));
}

// ---------------------------------------------------------------------------------------------
// Reader

TEST(NativeReadTest, SmallModelUsesDefaults) {
  Model m = ReadOk(
      "threatpath: 1\n"
      "components:\n"
      "  web:\n"
      "  api: {technologies: [web-service-rest]}\n"
      "flows:\n"
      "  web>api: {from: web, to: api}\n");
  ASSERT_EQ(m.components.size(), 2u);
  EXPECT_EQ(m.components[0].id, "web");
  EXPECT_EQ(m.components[0].title, "web");
  EXPECT_EQ(m.components[0].type, core::ComponentType::kProcess);
  ASSERT_EQ(m.flows.size(), 1u);
  EXPECT_EQ(m.flows[0].title, "web>api");
  EXPECT_EQ(m.flows[0].diagram_tweak_weight, 1);
  EXPECT_TRUE(m.flows[0].diagram_tweak_constraint);
  EXPECT_EQ(m.provenance.format, core::Provenance::Format::kNative);
}

TEST(NativeReadTest, SetsLocationsOnElementsAndReferences) {
  Model m = ReadOk(
      "threatpath: 1\n"
      "components:\n"
      "  web:\n"
      "    technologies: [browser]\n"
      "    data_processed: [a, b]\n"
      "    tags: [x, y]\n"
      "flows:\n"
      "  f1:\n"
      "    from: web\n"
      "    to:   api\n"
      "risk_categories:\n"
      "  c:\n"
      "    risks:\n"
      "      R1: {most_relevant_component: web}\n"
      "risk_tracking:\n"
      "  'c@web': {status: accepted}\n");
  const auto& web = m.components.at(0);
  EXPECT_EQ(web.loc, (Loc{0, 3, 3}));
  EXPECT_EQ(web.technologies_loc, (Loc{0, 4, 19}));
  EXPECT_EQ(web.data_processed.at(1).loc, (Loc{0, 5, 25}));
  EXPECT_EQ(web.tag_locs, (std::vector<Loc>{{0, 6, 12}, {0, 6, 15}}));
  const auto& f = m.flows.at(0);
  EXPECT_EQ(f.loc, (Loc{0, 8, 3}));
  EXPECT_EQ(f.from.loc, (Loc{0, 9, 11}));
  EXPECT_EQ(f.to.loc, (Loc{0, 10, 11}));
  const auto& r = m.risk_categories.at(0).risks.at(0);
  EXPECT_EQ(r.loc, (Loc{0, 14, 7}));
  EXPECT_EQ(r.most_relevant_component.loc, (Loc{0, 14, 37}));
  EXPECT_EQ(m.risk_tracking.at(0).loc, (Loc{0, 16, 3}));
}

TEST(NativeReadTest, JsonReadsTheSameAsYaml) {
  Model y = ReadOk("threatpath: 1\ncomponents:\n  web: {internet: true, diagram_tweak_order: 2}\n");
  Model j = ReadOk(R"({"threatpath": 1, "components": {"web": {"internet": true,
                      "diagram_tweak_order": 2}}})",
                   "m.json", Syntax::kJson);
  EXPECT_EQ(Dump(j), Dump(y));
}

TEST(NativeReadTest, ThreagileBlockMarksProvenance) {
  Model m = ReadOk("threatpath: 1\nthreagile: {version: 0.9.1, v1: true}\n");
  EXPECT_EQ(m.provenance.format, core::Provenance::Format::kThreagile);
  EXPECT_EQ(m.provenance.threagile_version, "0.9.1");
  EXPECT_TRUE(m.provenance.threagile_v1);
}

TEST(NativeReadTest, AcceptsAliasSpellings) {
  Model m =
      ReadOk("threatpath: 1\ncomponents:\n  a: {encryption: data-with-enduser-individual-key}\n");
  EXPECT_EQ(m.components.at(0).encryption, core::Encryption::kDataWithEndUserIndividualKey);
}

TEST(NativeReadErrorTest, MissingVersion) {
  EXPECT_EQ(Errors("components: {}\n"),
            "m.yaml:1:1: error: missing format version: a native model starts with "
            "'threatpath: 1'");
}

TEST(NativeReadErrorTest, UnsupportedVersionStopsReading) {
  EXPECT_EQ(Errors("threatpath: 2\ncomponents: {a: {bogus: 1}}\n"),
            "m.yaml:1:13: error: unsupported format version 2; this build reads version 1");
}

TEST(NativeReadErrorTest, VersionMustBeAWholeNumber) {
  EXPECT_EQ(Errors("threatpath: '1'\n"),
            "m.yaml:1:13: error: the format version 'threatpath': expected a whole number, "
            "found '1'");
}

TEST(NativeReadErrorTest, FlowNeedsFromAndTo) {
  EXPECT_EQ(Errors("threatpath: 1\nflows:\n  f1: {to: b}\n  f2:\n    from:\n    to: b\n"),
            "m.yaml:3:3: error: flow 'f1' has no 'from'\n"
            "m.yaml:5:10: error: flow 'f2' field 'from' is empty");
}

TEST(NativeReadErrorTest, UnknownKeyWithHint) {
  EXPECT_EQ(Errors("threatpath: 1\ncomponents:\n  web: {internett: true}\n"),
            "m.yaml:3:9: error: component 'web': unknown key 'internett' (did you mean "
            "'internet'?)");
}

TEST(NativeReadErrorTest, EveryErrorOfTheFileInFileOrder) {
  EXPECT_EQ(Errors("threatpath: 1\n"
                   "components:\n"
                   "  web:\n"
                   "    confidentiality: secret\n"
                   "    internet: maybe\n"
                   "    typ: process\n"
                   "bogus: 1\n"),
            "m.yaml:4:22: error: component 'web' field 'confidentiality': unknown "
            "confidentiality 'secret'; expected one of: public, internal, restricted, "
            "confidential, strictly-confidential\n"
            "m.yaml:5:15: error: component 'web' field 'internet': expected true or false, "
            "found 'maybe'\n"
            "m.yaml:6:5: error: component 'web': unknown key 'typ' (did you mean 'type'?)\n"
            "m.yaml:7:1: error: the model: unknown key 'bogus'");
}

TEST(NativeReadErrorTest, StopsAfterMaxErrors) {
  std::string text = "threatpath: 1\ncomponents:\n";
  for (int i = 0; i < 10; ++i) text += "  c" + std::to_string(i) + ": {internet: 3}\n";
  Model m;
  m.files.push_back("m.yaml");
  auto root = ParseYaml(text, 0, "m.yaml");
  ASSERT_TRUE(root);
  base::Status st = ReadNative(*root, m, NativeReadOptions{.max_errors = 3});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().diagnostics().size(), 4u);  // three errors and the "stopping" note
  EXPECT_EQ(st.error().diagnostics().back().message, "stopping after 3 errors");
}

// ---------------------------------------------------------------------------------------------
// Golden cases: test/data/native/<case>/input.yaml (or input.json) -> expected.json when the
// model reads, expected.txt (the diagnostics) when it does not. TP_REBASELINE=1 rewrites them.

const fs::path kGoldenDir = kSourceDir / "test/data/native";

std::vector<std::string> GoldenCases() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kGoldenDir, ec)) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path GoldenInput(const fs::path& dir) {
  return fs::exists(dir / "input.json") ? dir / "input.json" : dir / "input.yaml";
}

class NativeGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(NativeGoldenTest, Matches) {
  const fs::path dir = kGoldenDir / GetParam();
  const fs::path input = GoldenInput(dir);
  ASSERT_TRUE(fs::exists(input)) << "no input.yaml or input.json in " << dir;
  const std::string name = input.filename().string();
  const Syntax syntax = input.extension() == ".json" ? Syntax::kJson : Syntax::kYaml;
  auto model = Read(ReadText(input), name, syntax);

  std::string actual;
  fs::path expected_file;
  fs::path other_file;
  if (model) {
    actual = EmitJson(WriteNative(*model));
    expected_file = dir / "expected.json";
    other_file = dir / "expected.txt";
    // The expected document reads back to the same model.
    EXPECT_EQ(Dump(ReadOk(actual, "expected.json", Syntax::kJson)), Dump(*model));
  } else {
    actual = model.error().ToString() + "\n";
    expected_file = dir / "expected.txt";
    other_file = dir / "expected.json";
  }
  if (Rebaseline()) {
    WriteText(expected_file, actual);
    fs::remove(other_file);
    return;
  }
  ASSERT_TRUE(fs::exists(expected_file))
      << expected_file << " is missing (the case " << (model ? "reads" : "fails")
      << "); run with TP_REBASELINE=1 to write it, then review the diff";
  EXPECT_EQ(actual, ReadText(expected_file));
}

INSTANTIATE_TEST_SUITE_P(Native, NativeGoldenTest, ::testing::ValuesIn(GoldenCases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string s = info.param;
                           for (char& c : s) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return s;
                         });

TEST(NativeGoldenCoverageTest, EveryFieldCaseIsTheFullModel) {
  // Keeps the every-field case complete: it must read to exactly FullModel().
  const fs::path input = kGoldenDir / "every-field/input.yaml";
  Model m = ReadOk(ReadText(input), "input.yaml");
  EXPECT_EQ(Dump(m), Dump(FullModel()));
}

// ---------------------------------------------------------------------------------------------
// JSON Schema. There is no schema validator here, so this checks the subset of draft 2020-12 the
// schema uses; an unsupported keyword in the schema fails the test rather than being ignored.

class SchemaChecker {
 public:
  explicit SchemaChecker(const Node& schema) : root_(schema) {}

  /// Problems of `doc` against the schema; empty means valid. Records which property
  /// declarations the document used.
  std::vector<std::string> Validate(const Node& doc) {
    std::vector<std::string> errors;
    Check(root_, "#", doc, errors, used_);
    return errors;
  }

  const std::set<std::string>& used() const { return used_; }

  /// Every property declaration in the schema, as "<schema path>/properties/<name>".
  std::set<std::string> Declared() const {
    std::set<std::string> out;
    Collect(root_, "#", out);
    return out;
  }

  const Node* Def(const std::string& name) const {
    const Node* defs = root_.Find("$defs");
    return defs ? defs->Find(name) : nullptr;
  }

 private:
  static std::string Type(const Node& v) {
    switch (v.kind) {
      case Node::Kind::kNull:
        return "null";
      case Node::Kind::kMapping:
        return "object";
      case Node::Kind::kSequence:
        return "array";
      case Node::Kind::kScalar:
        break;
    }
    if (!v.plain) return "string";
    if (v.value == "true" || v.value == "false") return "boolean";
    static const std::regex kInt("-?[0-9]+");
    static const std::regex kNum("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    if (std::regex_match(v.value, kInt)) return "integer";
    if (std::regex_match(v.value, kNum)) return "number";
    return "string";
  }

  static bool Same(const Node& a, const Node& b) {
    if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
    return a.is_scalar() && b.is_scalar() && Type(a) == Type(b) && a.value == b.value;
  }

  static std::string At(const Node& v) {
    return std::to_string(v.loc.line) + ":" + std::to_string(v.loc.column) + ": ";
  }

  static void Collect(const Node& s, const std::string& path, std::set<std::string>& out) {
    if (!s.is_mapping()) return;
    for (const Entry& e : s.entries) {
      std::string p = path + "/" + e.key.value;
      if (e.key.value == "properties" && e.value.is_mapping()) {
        for (const Entry& prop : e.value.entries) {
          out.insert(p + "/" + prop.key.value);
          Collect(prop.value, p + "/" + prop.key.value, out);
        }
      } else if (e.value.is_mapping()) {
        Collect(e.value, p, out);
      } else if (e.value.is_sequence()) {
        for (size_t i = 0; i < e.value.items.size(); ++i) {
          Collect(e.value.items[i], p + "/" + std::to_string(i), out);
        }
      }
    }
  }

  bool Check(const Node& s, const std::string& path, const Node& v,
             std::vector<std::string>& errors, std::set<std::string>& used) {
    size_t before = errors.size();
    if (s.is_scalar() && s.plain && (s.value == "true" || s.value == "false")) {
      if (s.value == "false") errors.push_back(At(v) + "not allowed here (" + path + ")");
      return errors.size() == before;
    }
    if (!s.is_mapping()) {
      errors.push_back("schema at " + path + " is not a schema");
      return false;
    }
    for (const Entry& e : s.entries) {
      const std::string& k = e.key.value;
      const Node& kw = e.value;
      const std::string kpath = path + "/" + k;
      if (k == "$schema" || k == "$id" || k == "$defs" || k == "title" || k == "description" ||
          k == "default" || k == "examples" || k == "$comment") {
        continue;
      } else if (k == "$ref") {
        const std::string prefix = "#/$defs/";
        const Node* target =
            kw.value.rfind(prefix, 0) == 0 ? Def(kw.value.substr(prefix.size())) : nullptr;
        if (target == nullptr) {
          errors.push_back("schema at " + path + ": unresolved $ref " + kw.value);
        } else {
          Check(*target, kw.value, v, errors, used);
        }
      } else if (k == "type") {
        std::vector<std::string> types;
        if (kw.is_sequence()) {
          for (const Node& t : kw.items) types.push_back(t.value);
        } else {
          types.push_back(kw.value);
        }
        std::string actual = Type(v);
        bool ok =
            std::find(types.begin(), types.end(), actual) != types.end() ||
            (actual == "integer" && std::find(types.begin(), types.end(), "number") != types.end());
        if (!ok)
          errors.push_back(At(v) + "expected type " + kw.value + ", found " + actual + " (" + path +
                           ")");
      } else if (k == "enum") {
        bool ok = std::any_of(kw.items.begin(), kw.items.end(),
                              [&](const Node& item) { return Same(item, v); });
        if (!ok) errors.push_back(At(v) + "'" + v.value + "' is not in the enum at " + path);
      } else if (k == "const") {
        if (!Same(kw, v)) errors.push_back(At(v) + "expected the constant at " + path);
      } else if (k == "properties") {
        if (!v.is_mapping()) continue;
        for (const Entry& ve : v.entries) {
          if (const Node* ps = kw.Find(ve.key.value)) {
            used.insert(kpath + "/" + ve.key.value);
            Check(*ps, kpath + "/" + ve.key.value, ve.value, errors, used);
          }
        }
      } else if (k == "additionalProperties") {
        if (!v.is_mapping()) continue;
        const Node* props = s.Find("properties");
        for (const Entry& ve : v.entries) {
          if (props && props->Find(ve.key.value)) continue;
          if (kw.is_scalar() && kw.value == "false") {
            errors.push_back(At(ve.key) + "unknown key '" + ve.key.value + "' (" + path + ")");
          } else {
            Check(kw, kpath, ve.value, errors, used);
          }
        }
      } else if (k == "propertyNames") {
        if (!v.is_mapping()) continue;
        for (const Entry& ve : v.entries) {
          Node key = ve.key;
          key.plain = false;  // keys are always strings
          Check(kw, kpath, key, errors, used);
        }
      } else if (k == "required") {
        if (!v.is_mapping()) continue;
        for (const Node& name : kw.items) {
          if (!v.Find(name.value)) {
            errors.push_back(At(v) + "missing required key '" + name.value + "' (" + path + ")");
          }
        }
      } else if (k == "items") {
        if (!v.is_sequence()) continue;
        for (const Node& item : v.items) Check(kw, kpath, item, errors, used);
      } else if (k == "anyOf" || k == "oneOf") {
        int matches = 0;
        std::set<std::string> first_used;
        for (size_t i = 0; i < kw.items.size(); ++i) {
          std::vector<std::string> sub_errors;
          std::set<std::string> sub_used;
          if (Check(kw.items[i], kpath + "/" + std::to_string(i), v, sub_errors, sub_used)) {
            if (matches++ == 0) first_used = std::move(sub_used);
          }
        }
        if (matches == 0 || (k == "oneOf" && matches > 1)) {
          errors.push_back(At(v) + std::to_string(matches) + " alternatives of " + kpath +
                           " match");
        }
        used.insert(first_used.begin(), first_used.end());
      } else if (k == "pattern") {
        if (Type(v) != "string") continue;
        if (!std::regex_search(v.value, std::regex(kw.value))) {
          errors.push_back(At(v) + "'" + v.value + "' does not match " + kw.value);
        }
      } else if (k == "minimum") {
        std::string t = Type(v);
        if ((t == "integer" || t == "number") && std::stod(v.value) < std::stod(kw.value)) {
          errors.push_back(At(v) + v.value + " is below the minimum " + kw.value);
        }
      } else {
        errors.push_back("schema at " + path + ": keyword '" + k +
                         "' is not supported by the "
                         "test's checker; extend it");
      }
    }
    return errors.size() == before;
  }

  const Node& root_;
  std::set<std::string> used_;
};

Node LoadSchema() {
  const fs::path path = kSourceDir / "schema/threatmodel.schema.json";
  auto r = ParseJson(ReadText(path), 0, path.string());
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? std::move(r).value() : Node{};
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(NativeSchemaTest, AcceptsTheExamples) {
  Node schema = LoadSchema();
  SchemaChecker checker(schema);
  for (const char* name : {"examples/online-shop.yaml", "examples/starter.yaml"}) {
    SCOPED_TRACE(name);
    auto doc = ParseYaml(ReadText(kSourceDir / name), 0, name);
    ASSERT_TRUE(doc) << doc.error().ToString();
    EXPECT_EQ(Join(checker.Validate(*doc)), "");
  }
}

TEST(NativeSchemaTest, AcceptsTheGoldenModelsThatRead) {
  Node schema = LoadSchema();
  SchemaChecker checker(schema);
  for (const std::string& c : GoldenCases()) {
    const fs::path dir = kGoldenDir / c;
    if (!fs::exists(dir / "expected.json")) continue;  // a broken input
    // Old spellings the reader still accepts; the schema lists only the current ones.
    if (c.rfind("legacy-", 0) == 0) continue;
    SCOPED_TRACE(c);
    const fs::path input = GoldenInput(dir);
    auto doc = Parse(ReadText(input), input.filename().string(),
                     input.extension() == ".json" ? Syntax::kJson : Syntax::kYaml);
    ASSERT_TRUE(doc) << doc.error().ToString();
    EXPECT_EQ(Join(checker.Validate(*doc)), "");
    auto expected = ParseJson(ReadText(dir / "expected.json"), 0, "expected.json");
    ASSERT_TRUE(expected);
    EXPECT_EQ(Join(checker.Validate(*expected)), "");
  }
}

TEST(NativeSchemaTest, DeclaresExactlyTheKeysTheWriterWrites) {
  Node schema = LoadSchema();
  SchemaChecker checker(schema);
  Node doc = WriteNative(FullModel());
  EXPECT_EQ(Join(checker.Validate(doc)), "");
  // The full model sets every field, so every declared property must have been used; one that
  // was not is a key the reader and writer do not know.
  std::vector<std::string> unused;
  for (const std::string& p : checker.Declared()) {
    if (!checker.used().count(p)) unused.push_back(p);
  }
  EXPECT_EQ(Join(unused), "");
}

TEST(NativeSchemaTest, RejectsUnknownKeysAndBadEnums) {
  Node schema = LoadSchema();
  SchemaChecker checker(schema);
  auto doc = ParseYaml("threatpath: 1\ncomponents:\n  web: {typ: process, size: huge}\n", 0, "x");
  ASSERT_TRUE(doc);
  EXPECT_EQ(checker.Validate(*doc).size(), 2u);
}

template <typename E>
void ExpectEnumDef(const SchemaChecker& checker, const std::string& def) {
  SCOPED_TRACE(def);
  const Node* d = checker.Def(def);
  ASSERT_NE(d, nullptr) << "no $defs/" << def;
  const Node* values = d->Find("enum");
  ASSERT_NE(values, nullptr);
  std::vector<std::string> names;
  for (const Node& v : values->items) {
    if (!v.is_null()) names.push_back(v.value);
  }
  EXPECT_EQ(names, core::CanonicalNames<E>());
}

TEST(NativeSchemaTest, EnumsMatchTheCanonicalSpellings) {
  Node schema = LoadSchema();
  SchemaChecker c(schema);
  ExpectEnumDef<core::Quantity>(c, "quantity");
  ExpectEnumDef<core::Confidentiality>(c, "confidentiality");
  ExpectEnumDef<core::Criticality>(c, "criticality");
  ExpectEnumDef<core::Usage>(c, "usage");
  ExpectEnumDef<core::ComponentType>(c, "component_type");
  ExpectEnumDef<core::Size>(c, "size");
  ExpectEnumDef<core::Machine>(c, "machine");
  ExpectEnumDef<core::Encryption>(c, "encryption");
  ExpectEnumDef<core::DataFormat>(c, "data_format");
  ExpectEnumDef<core::Protocol>(c, "protocol");
  ExpectEnumDef<core::Authentication>(c, "authentication");
  ExpectEnumDef<core::Authorization>(c, "authorization");
  ExpectEnumDef<core::BoundaryType>(c, "boundary_type");
  ExpectEnumDef<core::RiskStatus>(c, "risk_status");
  ExpectEnumDef<core::RiskSeverity>(c, "severity");
  ExpectEnumDef<core::Likelihood>(c, "likelihood");
  ExpectEnumDef<core::Impact>(c, "impact");
  ExpectEnumDef<core::BreachProbability>(c, "breach_probability");
  ExpectEnumDef<core::RiskFunction>(c, "risk_function");
  ExpectEnumDef<core::Stride>(c, "stride");
  ExpectEnumDef<core::AssumptionStatus>(c, "assumption_status");
  ExpectEnumDef<core::MitigationStatus>(c, "mitigation_status");
  ExpectEnumDef<core::ThreatResponse>(c, "threat_response");
  ExpectEnumDef<core::Phase>(c, "phase");
}

// ---------------------------------------------------------------------------------------------
// docs/format.md: every YAML block that is a whole model reads and matches the schema.

TEST(NativeDocsTest, ModelsInFormatMdRead) {
  const std::string text = ReadText(kSourceDir / "docs/format.md");
  ASSERT_FALSE(text.empty());
  Node schema = LoadSchema();
  SchemaChecker checker(schema);
  int models = 0;
  size_t pos = 0;
  while ((pos = text.find("```yaml\n", pos)) != std::string::npos) {
    size_t start = pos + 8;
    size_t end = text.find("```", start);
    ASSERT_NE(end, std::string::npos);
    std::string block = text.substr(start, end - start);
    pos = end + 3;
    if (block.rfind("threatpath:", 0) != 0) continue;  // a fragment, not a whole model
    ++models;
    SCOPED_TRACE("docs/format.md block " + std::to_string(models));
    Model m = ReadOk(block, "format.md");
    std::string problems;
    for (const auto& d : core::Validate(m)) problems += d.ToString() + "\n";
    EXPECT_EQ(problems, "");
    auto doc = ParseYaml(block, 0, "format.md");
    ASSERT_TRUE(doc);
    EXPECT_EQ(Join(checker.Validate(*doc)), "");
  }
  EXPECT_GE(models, 2);

  // The JSON example reads to the same model as the smallest YAML example.
  size_t json = text.find("```json\n");
  ASSERT_NE(json, std::string::npos);
  size_t json_end = text.find("```", json + 8);
  Model from_json = ReadOk(text.substr(json + 8, json_end - json - 8), "format.md", Syntax::kJson);
  EXPECT_EQ(from_json.components.size(), 2u);
  EXPECT_EQ(from_json.flows.size(), 1u);
}

}  // namespace
}  // namespace threatpath::formats
