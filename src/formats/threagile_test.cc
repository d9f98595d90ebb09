#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/validate.h"
#include "formats/decode.h"
#include "formats/node.h"
#include "formats/threagile.h"

namespace threatpath::formats {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(TP_FIXTURES_DIR) + "/threagile";
const std::string kData = std::string(TP_SOURCE_DIR) + "/test/data/threagile";

#define SKIP_WITHOUT_FIXTURES()                                                  \
  if (!fs::is_directory(kFixtures)) {                                            \
    GTEST_SKIP() << "Threagile fixtures not found at " << kFixtures              \
                 << " (the shared fixtures folder sits next to the repository)"; \
  }

std::optional<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string DirOf(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? std::string() : name.substr(0, slash + 1);
}

// Resolves includes relative to the including file's display name, reading from `root`, so that
// messages carry short, stable names.
IncludeResolver ResolverUnder(const std::string& root) {
  return [root](const std::string& including,
                const std::string& include) -> base::Result<IncludedFile> {
    std::string name = DirOf(including) + include;
    auto text = Slurp(root + "/" + name);
    if (!text) return base::Error::NotFound("file not found");
    return IncludedFile{name, *text};
  };
}

base::Result<core::Model> LoadText(const std::string& text, const std::string& name,
                                   IncludeResolver resolver = nullptr) {
  core::Model model;
  model.files.push_back(name);
  auto root = ParseYaml(text, 0, name);
  if (!root) return std::move(root).error();
  ThreagileReadOptions options;
  options.resolve_include = std::move(resolver);
  auto status = ReadThreagile(*root, model, options);
  if (!status) return std::move(status).error();
  return model;
}

base::Result<core::Model> LoadFile(const std::string& root, const std::string& name) {
  auto text = Slurp(root + "/" + name);
  if (!text) return base::Error::NotFound("cannot read " + root + "/" + name);
  return LoadText(*text, name, ResolverUnder(root));
}

// ---- A canonical dump of every model field except positions and file names, with elements
// sorted by id, so two models can be compared field by field and differences read easily.

struct DumpOptions {
  bool v1_flag = true;   // compare provenance.threagile_v1
  bool includes = true;  // compare provenance.includes
};

class Dumper {
 public:
  explicit Dumper(const DumpOptions& o) : o_(o) {}

  std::vector<std::string> Dump(const core::Model& m) {
    const core::Metadata& meta = m.meta;
    Line("meta.title", meta.title);
    Line("meta.author", meta.author.name + " | " + meta.author.homepage);
    for (const auto& c : meta.contributors) Line("meta.contributor", c.name + " | " + c.homepage);
    Line("meta.date", meta.date);
    Line("meta.owner_team", meta.owner_team);
    Line("meta.phase", core::ToString(meta.phase));
    Line("meta.business_criticality", core::ToString(meta.business_criticality));
    Line("meta.last_reviewed", meta.last_reviewed);
    Line("meta.next_review", meta.next_review);
    Line("meta.management_summary_comment", meta.management_summary_comment);
    Overview("meta.application_description", meta.application_description);
    Overview("meta.business_overview", meta.business_overview);
    Overview("meta.technical_overview", meta.technical_overview);
    Texts("security_requirements", m.security_requirements);
    Texts("questions", m.questions);
    Texts("abuse_cases", m.abuse_cases);
    Line("tags_available", Join(m.tags_available));

    Sorted(
        m.data_assets,
        [&](const core::DataAsset& a, const std::string& p) {
          Common(p, a);
          Line(p + ".usage", core::ToString(a.usage));
          Line(p + ".origin", a.origin);
          Line(p + ".owner", a.owner);
          Line(p + ".quantity", core::ToString(a.quantity));
          Line(p + ".cia", std::string(core::ToString(a.confidentiality)) + " " +
                               std::string(core::ToString(a.integrity)) + " " +
                               std::string(core::ToString(a.availability)));
          Line(p + ".justification_cia_rating", a.justification_cia_rating);
        },
        "data_asset");
    Sorted(
        m.components,
        [&](const core::Component& c, const std::string& p) {
          Common(p, c);
          Line(p + ".type", core::ToString(c.type));
          Line(p + ".usage", core::ToString(c.usage));
          Line(p + ".used_as_client_by_human", Bool(c.used_as_client_by_human));
          Line(p + ".out_of_scope", Bool(c.out_of_scope));
          Line(p + ".justification_out_of_scope", c.justification_out_of_scope);
          Line(p + ".size", core::ToString(c.size));
          Line(p + ".technologies", Join(c.technologies));
          Line(p + ".internet", Bool(c.internet));
          Line(p + ".machine", core::ToString(c.machine));
          Line(p + ".encryption", core::ToString(c.encryption));
          Line(p + ".owner", c.owner);
          Line(p + ".cia", std::string(core::ToString(c.confidentiality)) + " " +
                               std::string(core::ToString(c.integrity)) + " " +
                               std::string(core::ToString(c.availability)));
          Line(p + ".justification_cia_rating", c.justification_cia_rating);
          Line(p + ".multi_tenant", Bool(c.multi_tenant));
          Line(p + ".redundant", Bool(c.redundant));
          Line(p + ".custom_developed_parts", Bool(c.custom_developed_parts));
          Line(p + ".data_processed", Refs(c.data_processed));
          Line(p + ".data_stored", Refs(c.data_stored));
          std::string formats;
          for (auto f : c.data_formats_accepted) formats += std::string(core::ToString(f)) + ",";
          Line(p + ".data_formats_accepted", formats);
          Line(p + ".diagram_tweak_order", std::to_string(c.diagram_tweak_order));
        },
        "component");
    Sorted(
        m.flows,
        [&](const core::Flow& f, const std::string& p) {
          Common(p, f);
          Line(p + ".from", f.from.id);
          Line(p + ".to", f.to.id);
          Line(p + ".protocol", core::ToString(f.protocol));
          Line(p + ".authentication", core::ToString(f.authentication));
          Line(p + ".authorization", core::ToString(f.authorization));
          Line(p + ".usage", core::ToString(f.usage));
          Line(p + ".vpn/ip_filtered/readonly",
               Bool(f.vpn) + " " + Bool(f.ip_filtered) + " " + Bool(f.readonly));
          Line(p + ".data_sent", Refs(f.data_sent));
          Line(p + ".data_received", Refs(f.data_received));
          Line(p + ".diagram_tweak_weight", std::to_string(f.diagram_tweak_weight));
          Line(p + ".diagram_tweak_constraint", Bool(f.diagram_tweak_constraint));
        },
        "flow");
    Sorted(
        m.boundaries,
        [&](const core::TrustBoundary& b, const std::string& p) {
          Common(p, b);
          Line(p + ".type", core::ToString(b.type));
          Line(p + ".components", Refs(b.components));
          Line(p + ".nested", Refs(b.nested));
        },
        "boundary");
    Sorted(
        m.shared_runtimes,
        [&](const core::SharedRuntime& r, const std::string& p) {
          Common(p, r);
          Line(p + ".components", Refs(r.components));
        },
        "shared_runtime");
    Sorted(
        m.risk_categories,
        [&](const core::RiskCategory& c, const std::string& p) {
          Common(p, c);
          for (auto [k, v] : {std::pair{"impact", &c.impact},
                              {"asvs", &c.asvs},
                              {"cheat_sheet", &c.cheat_sheet},
                              {"action", &c.action},
                              {"mitigation", &c.mitigation},
                              {"check", &c.check},
                              {"detection_logic", &c.detection_logic},
                              {"risk_assessment", &c.risk_assessment},
                              {"false_positives", &c.false_positives}}) {
            Line(p + "." + k, *v);
          }
          Line(p + ".function", core::ToString(c.function));
          Line(p + ".stride", core::ToString(c.stride));
          Line(p + ".model_failure_possible_reason", Bool(c.model_failure_possible_reason));
          Line(p + ".cwe", std::to_string(c.cwe));
          std::vector<const core::IdentifiedRisk*> risks;
          for (const auto& r : c.risks) risks.push_back(&r);
          std::sort(risks.begin(), risks.end(),
                    [](auto* a, auto* b) { return a->title < b->title; });
          for (const core::IdentifiedRisk* r : risks) {
            std::string q = p + ".risk[" + r->title + "]";
            Line(q + ".rating", std::string(core::ToString(r->severity)) + " " +
                                    std::string(core::ToString(r->likelihood)) + " " +
                                    std::string(core::ToString(r->impact)) + " " +
                                    std::string(core::ToString(r->breach_probability)));
            Line(q + ".breach_components", Refs(r->breach_components));
            Line(q + ".most_relevant",
                 r->most_relevant_data_asset.id + " " + r->most_relevant_component.id + " " +
                     r->most_relevant_flow.id + " " + r->most_relevant_boundary.id + " " +
                     r->most_relevant_shared_runtime.id);
          }
        },
        "risk_category");
    std::vector<const core::RiskTracking*> tracking;
    for (const auto& t : m.risk_tracking) tracking.push_back(&t);
    std::sort(tracking.begin(), tracking.end(), [](auto* a, auto* b) { return a->key < b->key; });
    for (const core::RiskTracking* t : tracking) {
      Line("risk_tracking[" + t->key + "]", std::string(core::ToString(t->status)) + " | " +
                                                t->justification + " | " + t->ticket + " | " +
                                                t->date + " | " + t->checked_by + " | " + t->owner);
    }
    Line("threats/mitigations/assumptions", std::to_string(m.threats.size()) + " " +
                                                std::to_string(m.mitigations.size()) + " " +
                                                std::to_string(m.assumptions.size()));
    const core::DiagramTweaks& d = m.diagram;
    Line("diagram", std::to_string(d.nodesep) + " " + std::to_string(d.ranksep) + " " +
                        d.edge_layout + " " + Bool(d.suppress_edge_labels) + " " +
                        Bool(d.layout_left_to_right));
    Line("diagram.invisible_connections", Join(d.invisible_connections));
    Line("diagram.same_rank_assets", Join(d.same_rank_assets));
    Line("provenance.format",
         m.provenance.format == core::Provenance::Format::kThreagile ? "threagile" : "native");
    Line("provenance.threagile_version", m.provenance.threagile_version);
    if (o_.v1_flag) Line("provenance.threagile_v1", Bool(m.provenance.threagile_v1));
    if (o_.includes) Line("provenance.includes", Join(m.provenance.includes));
    return std::move(lines_);
  }

 private:
  void Line(const std::string& key, std::string_view value) {
    lines_.push_back(key + " = " + std::string(value));
  }
  static std::string Bool(bool b) { return b ? "true" : "false"; }
  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += "[" + s + "]";
    return out;
  }
  static std::string Refs(const core::Refs& refs) {
    std::string out;
    for (const auto& r : refs) out += "[" + r.id + "]";
    return out;
  }
  void Common(const std::string& p, const core::Element& e) {
    Line(p + ".title", e.title);
    Line(p + ".description", e.description);
    Line(p + ".tags", Join(e.tags));
  }
  void Overview(const std::string& p, const core::Overview& o) {
    Line(p + ".description", o.description);
    for (const auto& [file, caption] : o.images) Line(p + ".image[" + file + "]", caption);
  }
  void Texts(const std::string& p, const core::TextMap& texts) {
    auto sorted = texts;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [k, v] : sorted) Line(p + "[" + k + "]", v);
  }
  template <typename T, typename F>
  void Sorted(const std::vector<T>& elements, F dump, const std::string& kind) {
    std::vector<const T*> sorted;
    for (const T& e : elements) sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->id < b->id; });
    Line(kind + ".count", std::to_string(sorted.size()));
    for (const T* e : sorted) dump(*e, kind + "[" + e->id + "]");
  }

  DumpOptions o_;
  std::vector<std::string> lines_;
};

// Compares two models field by field; one failure lists every field that differs.
void ExpectSameModel(const core::Model& expected, const core::Model& actual,
                     const DumpOptions& options = {}) {
  auto a = Dumper(options).Dump(expected);
  auto b = Dumper(options).Dump(actual);
  std::multiset<std::string> only_a(a.begin(), a.end());
  std::multiset<std::string> only_b;
  for (const std::string& line : b) {
    auto it = only_a.find(line);
    if (it != only_a.end()) {
      only_a.erase(it);
    } else {
      only_b.insert(line);
    }
  }
  if (only_a.empty() && only_b.empty()) return;
  std::string report;
  for (const std::string& line : only_a) report += "\n  expected: " + line;
  for (const std::string& line : only_b) report += "\n  actual:   " + line;
  ADD_FAILURE() << "models differ:" << report;
}

base::Result<core::Model> RoundTrip(const core::Model& model, ThreagileDialect dialect,
                                    std::string* yaml_out = nullptr) {
  std::string yaml = EmitYaml(WriteThreagile(model, dialect));
  if (yaml_out) *yaml_out = yaml;
  return LoadText(yaml, "roundtrip.yaml");
}

std::vector<std::string> FixtureModels() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kFixtures)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  names.push_back("includes-split/main.yaml");
  return names;
}

// ---------------------------------------------------------------------------------------------
// The third-party fixtures.

TEST(ThreagileFixtures, EveryFixtureReads) {
  SKIP_WITHOUT_FIXTURES();
  auto names = FixtureModels();
  ASSERT_GE(names.size(), 6u);
  for (const std::string& name : names) {
    auto model = LoadFile(kFixtures, name);
    ASSERT_TRUE(model.has_value()) << name << ":\n" << model.error().ToString();
    EXPECT_EQ(model->provenance.format, core::Provenance::Format::kThreagile) << name;
    EXPECT_EQ(model->provenance.threagile_version, "1.0.0") << name;
    EXPECT_FALSE(model->components.empty()) << name;
  }
}

TEST(ThreagileFixtures, DialectOfEachFixture) {
  SKIP_WITHOUT_FIXTURES();
  // Spellings decide (each code line rejects the other's); otherwise the risk-category section.
  const std::map<std::string, bool> expected_v1 = {
      {"all-master-custom-risk-categories.yaml", false},
      {"example-master.yaml", false},
      {"example-v1.yaml", true},
      {"minimalist-v1.yaml", true},
      {"stub-master.yaml", true},  // readable by both; written the 0.9.x way
      {"includes-split/main.yaml", false},
  };
  for (const auto& [name, v1] : expected_v1) {
    auto model = LoadFile(kFixtures, name);
    ASSERT_TRUE(model.has_value()) << name << ":\n" << model.error().ToString();
    EXPECT_EQ(model->provenance.threagile_v1, v1) << name;
  }
}

TEST(ThreagileFixtures, ExampleV1Content) {
  SKIP_WITHOUT_FIXTURES();
  auto model = LoadFile(kFixtures, "example-v1.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  const core::Model& m = *model;
  EXPECT_EQ(m.meta.title, "Some Example Application");
  EXPECT_EQ(m.meta.date, "2020-07-01");
  EXPECT_EQ(m.meta.author.name, "John Doe");
  EXPECT_EQ(m.meta.business_criticality, core::Criticality::kImportant);
  EXPECT_EQ(m.data_assets.size(), 12u);
  EXPECT_EQ(m.components.size(), 14u);
  EXPECT_EQ(m.flows.size(), 20u);
  EXPECT_EQ(m.boundaries.size(), 5u);
  EXPECT_EQ(m.shared_runtimes.size(), 1u);
  EXPECT_EQ(m.risk_tracking.size(), 6u);
  ASSERT_EQ(m.risk_categories.size(), 1u);
  EXPECT_EQ(m.risk_categories[0].id, "something-strange");
  EXPECT_EQ(m.risk_categories[0].title, "Some Individual Risk Example");
  EXPECT_EQ(m.risk_categories[0].risks.size(), 2u);
  EXPECT_EQ(m.tags_available.size(), 13u);

  // Data assets inherit through YAML merge keys.
  auto summaries = std::find_if(m.data_assets.begin(), m.data_assets.end(),
                                [](const auto& a) { return a.id == "contract-summaries"; });
  ASSERT_NE(summaries, m.data_assets.end());
  EXPECT_EQ(summaries->title, "Customer Contract Summaries");
  EXPECT_EQ(summaries->origin, "Customer");
  EXPECT_EQ(summaries->quantity, core::Quantity::kVeryFew);

  // The first link: id from the source id and the slug of its title; refs keep positions.
  const core::Flow& traffic = m.flows[0];
  EXPECT_EQ(traffic.id, "customer-client>customer-traffic");
  EXPECT_EQ(traffic.title, "Customer Traffic");
  EXPECT_EQ(traffic.from.id, "customer-client");
  EXPECT_EQ(traffic.to.id, "load-balancer");
  EXPECT_EQ(traffic.to.loc.line, 320u);
  EXPECT_EQ(traffic.to.loc.column, 17u);
  EXPECT_EQ(traffic.loc.line, 319u);
  EXPECT_EQ(traffic.authorization, core::Authorization::kEndUserIdentityPropagation);
  EXPECT_EQ(traffic.data_received.size(), 5u);
  EXPECT_EQ(traffic.data_received[0].loc.line, 334u);
  EXPECT_TRUE(traffic.diagram_tweak_constraint);
  EXPECT_EQ(traffic.diagram_tweak_weight, 1);

  const core::Component& client = m.components[0];
  EXPECT_EQ(client.id, "customer-client");
  EXPECT_EQ(client.title, "Customer Web Client");
  EXPECT_EQ(client.loc.line, 287u);
  EXPECT_EQ(client.loc.column, 3u);
  EXPECT_EQ(client.technologies, std::vector<std::string>{"browser"});
  EXPECT_EQ(client.technologies_loc.line, 296u);
  EXPECT_TRUE(client.data_stored.empty());
  EXPECT_EQ(client.data_processed.size(), 5u);

  const core::RiskTracking& first = m.risk_tracking[0];
  EXPECT_EQ(first.key, "untrusted-deserialization@erp-system");
  EXPECT_EQ(first.status, core::RiskStatus::kAccepted);
  EXPECT_EQ(first.ticket, "XYZ-1234");
  EXPECT_EQ(first.date, "2020-01-04");
  EXPECT_EQ(first.checked_by, "John Doe");
}

TEST(ThreagileFixtures, IncludesSplitEqualsSingleFile) {
  SKIP_WITHOUT_FIXTURES();
  auto split = LoadFile(kFixtures, "includes-split/main.yaml");
  ASSERT_TRUE(split.has_value()) << split.error().ToString();
  auto whole = LoadFile(kFixtures, "all-master-custom-risk-categories.yaml");
  ASSERT_TRUE(whole.has_value()) << whole.error().ToString();
  EXPECT_EQ(split->provenance.includes.size(), 13u);
  // technical_assets_clients.yaml is included twice (directly and from
  // technical_assets_devops.yaml); merging it again changes nothing.
  ExpectSameModel(*whole, *split, {.v1_flag = true, .includes = false});
  // Positions point into the included files.
  auto erp = std::find_if(split->components.begin(), split->components.end(),
                          [](const auto& c) { return c.id == "erp-system"; });
  ASSERT_NE(erp, split->components.end());
  EXPECT_EQ(split->Where(erp->loc).file, "includes-split/technical_assets_servers.yaml");
}

TEST(ThreagileFixtures, RoundTripEveryFixtureInEveryDialect) {
  SKIP_WITHOUT_FIXTURES();
  for (const std::string& name : FixtureModels()) {
    auto model = LoadFile(kFixtures, name);
    ASSERT_TRUE(model.has_value()) << name << ":\n" << model.error().ToString();
    bool split = name == "includes-split/main.yaml";
    for (auto dialect :
         {ThreagileDialect::kAsRead, ThreagileDialect::kV1, ThreagileDialect::kMaster}) {
      SCOPED_TRACE(name + " dialect " + std::to_string(static_cast<int>(dialect)));
      std::string yaml;
      auto back = RoundTrip(*model, dialect, &yaml);
      ASSERT_TRUE(back.has_value()) << back.error().ToString() << "\n" << yaml;
      ExpectSameModel(*model, *back,
                      {.v1_flag = dialect == ThreagileDialect::kAsRead, .includes = !split});
      if (dialect != ThreagileDialect::kAsRead) {
        EXPECT_EQ(back->provenance.threagile_v1, dialect == ThreagileDialect::kV1);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Hand-written models (test/data/threagile).

TEST(ThreagileRead, TweaksAndProseV1) {
  auto model = LoadFile(kData, "tweaks-v1.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  const core::Model& m = *model;
  EXPECT_TRUE(m.provenance.threagile_v1);
  EXPECT_EQ(m.meta.management_summary_comment, "Two lines\nof summary.\n");
  EXPECT_EQ(m.meta.business_criticality, core::Criticality::kCritical);
  ASSERT_EQ(m.meta.technical_overview.images.size(), 2u);
  EXPECT_EQ(m.meta.technical_overview.images[1].first, "diagrams/deploy.png");
  EXPECT_EQ(m.questions[1].second, "Yes, behind the WAF.");
  EXPECT_EQ(m.diagram.nodesep, 3);
  EXPECT_EQ(m.diagram.ranksep, 4);
  EXPECT_EQ(m.diagram.edge_layout, "polyline");
  EXPECT_TRUE(m.diagram.suppress_edge_labels);
  EXPECT_TRUE(m.diagram.layout_left_to_right);
  EXPECT_EQ(m.diagram.invisible_connections, std::vector<std::string>{"web-shop:shop-db"});
  EXPECT_EQ(m.diagram.same_rank_assets, std::vector<std::string>{"web-shop:shop-db"});
  ASSERT_EQ(m.components.size(), 2u);
  EXPECT_EQ(m.components[0].diagram_tweak_order, 2);
  EXPECT_EQ(m.components[0].encryption, core::Encryption::kDataWithEndUserIndividualKey);
  ASSERT_EQ(m.flows.size(), 1u);
  EXPECT_EQ(m.flows[0].id, "web-shop>database-access");
  EXPECT_EQ(m.flows[0].diagram_tweak_weight, 3);
  // `diagram_tweak_constraint: true` turns the constraint off in Threagile.
  EXPECT_FALSE(m.flows[0].diagram_tweak_constraint);
  ASSERT_EQ(m.risk_categories.size(), 1u);
  const core::IdentifiedRisk& risk = m.risk_categories[0].risks.at(0);
  EXPECT_EQ(risk.severity, core::RiskSeverity::kHigh);
  EXPECT_EQ(risk.most_relevant_flow.id, "web-shop>database-access");
  EXPECT_EQ(m.risk_tracking[1].status, core::RiskStatus::kFalsePositive);
}

TEST(ThreagileRead, MasterDialectFeatures) {
  auto model = LoadFile(kData, "tweaks-master.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  const core::Model& m = *model;
  EXPECT_FALSE(m.provenance.threagile_v1);
  ASSERT_EQ(m.meta.contributors.size(), 2u);
  EXPECT_EQ(m.meta.contributors[1].name, "Cy Example");
  EXPECT_EQ(m.meta.application_description.description, "The application.");
  EXPECT_EQ(m.components[0].technologies,
            (std::vector<std::string>{"web-service-rest", "gateway"}));
  EXPECT_EQ(m.components[0].data_formats_accepted,
            (std::vector<core::DataFormat>{core::DataFormat::kJson, core::DataFormat::kYaml}));
  EXPECT_EQ(m.flows[0].diagram_tweak_weight, 0);  // as written; DeriveThreagile makes it 1
  ASSERT_EQ(m.risk_categories.size(), 1u);
  EXPECT_EQ(m.risk_categories[0].id, "token-reuse");
  EXPECT_EQ(m.risk_categories[0].title, "Token Reuse");
  EXPECT_EQ(m.risk_categories[0].cwe, 294);
  // Missing enum values in identified risks take Threagile's defaults.
  EXPECT_EQ(m.risk_categories[0].risks[0].likelihood, core::Likelihood::kLikely);
}

TEST(ThreagileRoundTrip, HandWrittenModelsInEveryDialect) {
  for (std::string name : {"tweaks-v1.yaml", "tweaks-master.yaml"}) {
    auto model = LoadFile(kData, name);
    ASSERT_TRUE(model.has_value()) << name << ":\n" << model.error().ToString();
    for (auto dialect :
         {ThreagileDialect::kAsRead, ThreagileDialect::kV1, ThreagileDialect::kMaster}) {
      SCOPED_TRACE(name + " dialect " + std::to_string(static_cast<int>(dialect)));
      core::Model expected = *model;
      if (dialect == ThreagileDialect::kV1) {
        // 0.9.x has one technology per technical asset.
        for (auto& c : expected.components)
          c.technologies.resize(std::min<size_t>(1, c.technologies.size()));
      }
      std::string yaml;
      auto back = RoundTrip(*model, dialect, &yaml);
      ASSERT_TRUE(back.has_value()) << back.error().ToString() << "\n" << yaml;
      ExpectSameModel(expected, *back, {.v1_flag = dialect == ThreagileDialect::kAsRead});
    }
  }
}

TEST(ThreagileRoundTrip, ComparisonSeesEveryKindOfDifference) {
  auto model = LoadFile(kData, "tweaks-v1.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  core::Model changed = *model;
  changed.flows[0].data_sent.clear();
  EXPECT_NONFATAL_FAILURE(ExpectSameModel(*model, changed), "data_sent");
  changed = *model;
  changed.risk_categories[0].risks[0].most_relevant_shared_runtime.id.clear();
  EXPECT_NONFATAL_FAILURE(ExpectSameModel(*model, changed), "most_relevant");
  changed = *model;
  changed.meta.technical_overview.images.pop_back();
  EXPECT_NONFATAL_FAILURE(ExpectSameModel(*model, changed), "image");
  changed = *model;
  changed.provenance.threagile_v1 = false;
  EXPECT_NONFATAL_FAILURE(ExpectSameModel(*model, changed), "threagile_v1");
}

// ---------------------------------------------------------------------------------------------
// What the writer writes in each dialect.

const Node& At(const Node& n, std::initializer_list<std::string_view> path) {
  const Node* cur = &n;
  for (std::string_view key : path) {
    cur = cur->Find(key);
    if (cur == nullptr) {
      static const Node kNull;
      ADD_FAILURE() << "no key " << key;
      return kNull;
    }
  }
  return *cur;
}

TEST(ThreagileWrite, DialectSpellings) {
  auto model = LoadFile(kData, "tweaks-master.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();

  Node v1 = WriteThreagile(*model, ThreagileDialect::kV1);
  EXPECT_EQ(At(v1, {"technical_assets", "API", "technology"}).value, "web-service-rest");
  EXPECT_EQ(At(v1, {"technical_assets", "API"}).Find("technologies"), nullptr);
  EXPECT_EQ(At(v1, {"technical_assets", "API", "encryption"}).value,
            "data-with-enduser-individual-key");
  EXPECT_EQ(
      At(v1, {"technical_assets", "API", "communication_links", "Vault Read", "authorization"})
          .value,
      "enduser-identity-propagation");
  EXPECT_EQ(At(v1, {"individual_risk_categories", "Token Reuse", "id"}).value, "token-reuse");
  EXPECT_EQ(v1.Find("custom_risk_categories"), nullptr);

  Node master = WriteThreagile(*model, ThreagileDialect::kMaster);
  const Node& techs = At(master, {"technical_assets", "API", "technologies"});
  ASSERT_EQ(techs.items.size(), 2u);
  EXPECT_EQ(techs.items[1].value, "gateway");
  EXPECT_EQ(At(master, {"technical_assets", "API", "encryption"}).value,
            "data-with-end-user-individual-key");
  const Node& cats = At(master, {"custom_risk_categories"});
  ASSERT_EQ(cats.items.size(), 1u);
  EXPECT_EQ(At(cats.items[0], {"title"}).value, "Token Reuse");
  EXPECT_EQ(master.Find("individual_risk_categories"), nullptr);

  // kAsRead follows the model's provenance.
  EXPECT_NE(WriteThreagile(*model).Find("custom_risk_categories"), nullptr);
}

TEST(ThreagileWrite, DiagramTweaksAtDefaultsAreLeftOut) {
  auto model = LoadFile(kData, "tweaks-v1.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  Node doc = WriteThreagile(*model);
  const Node& link =
      At(doc, {"technical_assets", "Web Shop", "communication_links", "Database Access"});
  EXPECT_EQ(At(link, {"diagram_tweak_weight"}).value, "3");
  EXPECT_EQ(At(link, {"diagram_tweak_constraint"}).value, "true");
  EXPECT_EQ(At(doc, {"technical_assets", "Web Shop", "diagram_tweak_order"}).value, "2");
  EXPECT_EQ(At(doc, {"technical_assets", "Shop DB"}).Find("diagram_tweak_order"), nullptr);

  model->flows[0].diagram_tweak_weight = 1;
  model->flows[0].diagram_tweak_constraint = true;
  model->diagram = {};
  doc = WriteThreagile(*model);
  const Node& plain =
      At(doc, {"technical_assets", "Web Shop", "communication_links", "Database Access"});
  EXPECT_EQ(plain.Find("diagram_tweak_weight"), nullptr);
  EXPECT_EQ(plain.Find("diagram_tweak_constraint"), nullptr);
  EXPECT_EQ(doc.Find("diagram_tweak_nodesep"), nullptr);
}

TEST(ThreagileWrite, ModelsFromElsewhereGetUniqueKeys) {
  core::Model m;
  core::Component a;
  a.id = "a";
  a.title = "Server";
  core::Component b = a;
  b.id = "b";
  core::Component c;
  c.id = "c";  // no title
  m.components = {a, b, c};
  core::Flow f;
  f.id = "a>x";
  f.title = "x";
  f.from = {"a", {}};
  f.to = {"b", {}};
  m.flows = {f};
  Node doc = WriteThreagile(m, ThreagileDialect::kMaster);
  const Node& assets = At(doc, {"technical_assets"});
  ASSERT_EQ(assets.entries.size(), 3u);
  EXPECT_EQ(assets.entries[0].key.value, "Server");
  EXPECT_EQ(assets.entries[1].key.value, "Server (b)");
  EXPECT_EQ(assets.entries[2].key.value, "c");
  EXPECT_EQ(At(doc, {"threagile_version"}).value, "1.0.0");
  EXPECT_EQ(At(assets.entries[0].value, {"communication_links", "x", "target"}).value, "b");
}

// ---------------------------------------------------------------------------------------------
// Errors, with their exact messages and positions.

std::string ErrorsOf(const std::string& text, IncludeResolver resolver = nullptr) {
  auto model = LoadText(text, "model.yaml", std::move(resolver));
  if (model.has_value()) return "<no error>";
  EXPECT_EQ(model.error().code(), base::Error::Code::kInvalidInput);
  return model.error().ToString();
}

TEST(ThreagileErrors, UnknownKeysAreWarningsWithHint) {
  // Threagile decodes with yaml.v3's non-strict Unmarshal and ignores keys it does not know, so
  // they are warnings; they show next to the errors of a file that has errors.
  EXPECT_EQ(ErrorsOf("threagile_version: 1.0.0\n"
                     "tittle: X\n"
                     "technical_assets:\n"
                     "  Web:\n"
                     "    id: web\n"
                     "    typ: process\n"
                     "    machine: virtul\n"),
            "model.yaml:2:1: warning: the model: unknown key 'tittle' is ignored (did you mean "
            "'title'?)\n"
            "model.yaml:6:5: warning: technical asset 'Web': unknown key 'typ' is ignored (did "
            "you mean 'type'?)\n"
            "model.yaml:7:14: error: technical asset 'Web' field 'machine': unknown machine "
            "'virtul' (did you mean 'virtual'?); expected one of: physical, virtual, container, "
            "serverless");
}

TEST(ThreagileRead, IgnoresUnknownKeysAsThreagileDoes) {
  auto model = LoadText(
      "threagile_version: 1.0.0\n"
      "title: T\n"
      "generated_by: some-tool\n"
      "data_assets:\n"
      "  Data:\n"
      "    id: data\n"
      "    classification: secret\n"
      "technical_assets:\n"
      "  Web:\n"
      "    id: web\n"
      "    technology: web-server\n"
      "    team: blue\n"
      "    communication_links:\n"
      "      Out:\n"
      "        target: web\n"
      "        latency: low\n",
      "model.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  EXPECT_EQ(model->meta.title, "T");
  ASSERT_EQ(model->components.size(), 1u);
  EXPECT_EQ(model->components[0].technologies, std::vector<std::string>{"web-server"});
  ASSERT_EQ(model->flows.size(), 1u);
  EXPECT_EQ(model->flows[0].to.id, "web");
  ASSERT_EQ(model->data_assets.size(), 1u);
}

TEST(ThreagileErrors, UnknownEnumValue) {
  EXPECT_EQ(ErrorsOf("technical_assets:\n"
                     "  Web:\n"
                     "    id: web\n"
                     "    machine: virtul\n"),
            "model.yaml:4:14: error: technical asset 'Web' field 'machine': unknown machine "
            "'virtul' (did you mean 'virtual'?); expected one of: physical, virtual, container, "
            "serverless");
}

TEST(ThreagileErrors, WrongTypes) {
  EXPECT_EQ(ErrorsOf("data_assets:\n"
                     "  Data:\n"
                     "    id: data\n"
                     "    tags: single\n"
                     "technical_assets:\n"
                     "  Web:\n"
                     "    id: web\n"
                     "    internet: maybe\n"
                     "    diagram_tweak_order: first\n"
                     "    communication_links:\n"
                     "      - target: db\n"),
            "model.yaml:4:11: error: data asset 'Data' field 'tags': expected a list, found a "
            "single value\n"
            "model.yaml:8:15: error: technical asset 'Web' field 'internet': expected true or "
            "false, found 'maybe'\n"
            "model.yaml:9:26: error: technical asset 'Web' field 'diagram_tweak_order': expected "
            "a whole number, found 'first'\n"
            "model.yaml:11:7: error: technical asset 'Web' field 'communication_links': expected "
            "a mapping, found a list");
}

TEST(ThreagileErrors, DuplicateIdWithinTechnicalAssets) {
  EXPECT_EQ(ErrorsOf("technical_assets:\n"
                     "  Web Server:\n"
                     "    id: web\n"
                     "  Web Server Two:\n"
                     "    id: web\n"),
            "model.yaml:5:9: error: technical asset 'Web Server Two': duplicate id 'web' (also "
            "used by technical asset 'Web Server' at model.yaml:3:9)");
}

// Threagile derives a link's id from its title and keeps two links whose titles give the same
// id; so does the reader, with a warning (shown here next to an error of the same file).
TEST(ThreagileErrors, LinkTitlesWithTheSameSlugAreAWarning) {
  EXPECT_EQ(ErrorsOf("technical_assets:\n"
                     "  Web:\n"
                     "    id: web\n"
                     "    communication_links:\n"
                     "      To DB:\n"
                     "        target: db\n"
                     "      to-db:\n"
                     "        target: db\n"
                     "    machine: virtul\n"),
            "model.yaml:7:7: warning: communication link 'to-db' of technical asset 'Web' gets "
            "the id 'web>to-db', as communication link 'To DB' of technical asset 'Web' at "
            "model.yaml:5:7 does; both are kept under that id, as Threagile does, so risks on "
            "them share synthetic ids (give one a distinct title)\n"
            "model.yaml:9:14: error: technical asset 'Web' field 'machine': unknown machine "
            "'virtul' (did you mean 'virtual'?); expected one of: physical, virtual, container, "
            "serverless");
}

TEST(ThreagileRead, LinkTitlesWithTheSameSlugKeepBothLinks) {
  auto model = LoadText(
      "technical_assets:\n"
      "  Web:\n"
      "    id: web\n"
      "    communication_links:\n"
      "      To DB:\n"
      "        target: db\n"
      "        protocol: https\n"
      "      to db!:\n"
      "        target: db\n"
      "        protocol: http\n"
      "  DB:\n"
      "    id: db\n",
      "model.yaml");
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  ASSERT_EQ(model->flows.size(), 2u);
  EXPECT_EQ(model->flows[0].id, "web>to-db");
  EXPECT_EQ(model->flows[1].id, "web>to-db");
  EXPECT_EQ(model->flows[0].protocol, core::Protocol::kHttps);
  EXPECT_EQ(model->flows[1].protocol, core::Protocol::kHttp);
  std::vector<base::Diagnostic> problems = core::Validate(*model);
  EXPECT_TRUE(problems.empty()) << problems.front().message;
}

TEST(ThreagileErrors, CustomRiskCategoryProblems) {
  EXPECT_EQ(ErrorsOf("custom_risk_categories:\n"
                     "  - id: c1\n"
                     "    stride: spoofin\n"
                     "    risks_identified:\n"
                     "      R:\n"
                     "        severity: huge\n"
                     "  - id: c1\n"),
            "model.yaml:3:13: error: custom risk category 'c1' field 'stride': unknown STRIDE "
            "category 'spoofin' (did you mean 'spoofing'?); expected one of: spoofing, "
            "tampering, repudiation, information-disclosure, denial-of-service, "
            "elevation-of-privilege\n"
            "model.yaml:6:19: error: identified risk 'R' of custom risk category 'c1' field "
            "'severity': unknown severity 'huge'; expected one of: low, medium, elevated, high, "
            "critical\n"
            "model.yaml:7:9: error: custom risk category 'c1': duplicate id 'c1' (also used by "
            "custom risk category 'c1' at model.yaml:2:9)");
}

TEST(ThreagileErrors, RiskTrackingStatus) {
  EXPECT_EQ(ErrorsOf("risk_tracking:\n"
                     "  some-risk@web:\n"
                     "    status: done\n"),
            "model.yaml:3:13: error: risk tracking 'some-risk@web' field 'status': unknown risk "
            "status 'done'; expected one of: unchecked, in-discussion, accepted, in-progress, "
            "mitigated, false-positive");
}

TEST(ThreagileErrors, TopLevelMustBeAMapping) {
  EXPECT_EQ(ErrorsOf("- a\n- b\n"),
            "model.yaml:1:1: error: the model: expected a mapping, found a list");
}

// ---- includes

std::string IncludeErrors(const std::string& name) {
  auto model = LoadFile(kData, name);
  if (model.has_value()) return "<no error>";
  return model.error().ToString();
}

TEST(ThreagileIncludes, Cycle) {
  EXPECT_EQ(IncludeErrors("includes/cycle-a.yaml"),
            "includes/cycle-b.yaml:3:5: error: include cycle: includes/cycle-a.yaml -> "
            "includes/cycle-b.yaml -> includes/cycle-a.yaml");
}

TEST(ThreagileIncludes, MissingFile) {
  EXPECT_EQ(IncludeErrors("includes/missing.yaml"),
            "includes/missing.yaml:4:5: error: cannot include 'does-not-exist.yaml': file not "
            "found");
}

TEST(ThreagileIncludes, WithoutResolver) {
  EXPECT_EQ(ErrorsOf("includes:\n  - meta.yaml\n"),
            "model.yaml:2:5: error: cannot include 'meta.yaml': reading included files is not "
            "enabled");
}

TEST(ThreagileIncludes, ConflictsBetweenFiles) {
  EXPECT_EQ(
      IncludeErrors("includes/conflict.yaml"),
      "includes/meta.yaml:1:8: error: 'title': conflicting values 'Main Title' (at "
      "includes/conflict.yaml:2:8) and 'Included Title'\n"
      "includes/meta.yaml:3:3: error: 'questions': 'Why?' is defined twice (also at "
      "includes/conflict.yaml:4:3)\n"
      "includes/assets-b.yaml:4:11: error: technical asset 'Server' field 'type': conflicting "
      "values 'process' (at includes/assets-a.yaml:4:11) and 'datastore'");
}

TEST(ThreagileIncludes, MergesElementsFieldByField) {
  // The same technical asset in two files: lists are joined, true wins over false.
  std::map<std::string, std::string> files = {
      {"a.yaml",
       "technical_assets:\n  S:\n    id: s\n    tags: [a]\n    internet: false\n"
       "    communication_links:\n      Out:\n        target: db\n        vpn: false\n"},
      {"b.yaml",
       "technical_assets:\n  S:\n    id: s\n    tags: [b, a]\n    internet: true\n"
       "    communication_links:\n      Out:\n        target: db\n        vpn: true\n"
       "      Back:\n        target: db\n"},
  };
  IncludeResolver resolver = [files](const std::string&,
                                     const std::string& path) -> base::Result<IncludedFile> {
    auto it = files.find(path);
    if (it == files.end()) return base::Error::NotFound("file not found");
    return IncludedFile{path, it->second};
  };
  auto model = LoadText("includes: [a.yaml, b.yaml]\n", "main.yaml", resolver);
  ASSERT_TRUE(model.has_value()) << model.error().ToString();
  ASSERT_EQ(model->components.size(), 1u);
  const core::Component& s = model->components[0];
  EXPECT_EQ(s.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(s.internet);
  ASSERT_EQ(model->flows.size(), 2u);
  EXPECT_EQ(model->flows[0].id, "s>out");
  EXPECT_TRUE(model->flows[0].vpn);
  EXPECT_EQ(model->flows[1].id, "s>back");
  EXPECT_EQ(model->Where(model->flows[1].loc).file, "b.yaml");
  EXPECT_EQ(model->provenance.includes, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(model->files, (std::vector<std::string>{"main.yaml", "a.yaml", "b.yaml"}));
}

TEST(ThreagileIncludes, RepeatedIncludesAreBounded) {
  // 200 x 100 diamond includes of a tiny file: each include is merged, so the work is bounded.
  std::string many_y = "includes:\n";
  for (int i = 0; i < 100; ++i) many_y += "  - y.yaml\n";
  std::string many_x = "includes:\n";
  for (int i = 0; i < 200; ++i) many_x += "  - x.yaml\n";
  std::map<std::string, std::string> files = {{"x.yaml", many_y},
                                              {"y.yaml", "tags_available: [a]\n"}};
  IncludeResolver resolver = [files](const std::string&,
                                     const std::string& path) -> base::Result<IncludedFile> {
    return IncludedFile{path, files.at(path)};
  };
  auto model = LoadText(many_x, "main.yaml", resolver);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().ToString(),
            "x.yaml:2:5: error: cannot include 'y.yaml': more than 10000 files are included");
}

TEST(ThreagileIncludes, ErrorsInIncludedFilesPointIntoThem) {
  std::map<std::string, std::string> files = {
      {"bad.yaml", "data_assets:\n  D:\n    id: d\n    quantity: lots\n"},
      {"broken.yaml", "a: [\n"},
  };
  IncludeResolver resolver = [files](const std::string&,
                                     const std::string& path) -> base::Result<IncludedFile> {
    return IncludedFile{path, files.at(path)};
  };
  auto model = LoadText("includes:\n  - bad.yaml\n", "main.yaml", resolver);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().ToString(),
            "bad.yaml:4:15: error: data asset 'D' field 'quantity': unknown quantity 'lots'; "
            "expected one of: very-few, few, many, very-many");
  model = LoadText("includes:\n  - broken.yaml\n", "main.yaml", resolver);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().diagnostics().at(0).loc.file, "broken.yaml");
}

}  // namespace
}  // namespace threatpath::formats
