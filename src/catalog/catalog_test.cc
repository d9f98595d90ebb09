#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "formats/node.h"

namespace threatpath::catalog {
namespace {

namespace fs = std::filesystem;

// Threagile 0.9.x TechnicalAssetTechnology values, in declaration order (model/types.go).
const std::vector<std::string> kThreagileV1Ids = {"unknown-technology",
                                                  "client-system",
                                                  "browser",
                                                  "desktop",
                                                  "mobile-app",
                                                  "devops-client",
                                                  "web-server",
                                                  "web-application",
                                                  "application-server",
                                                  "database",
                                                  "file-server",
                                                  "local-file-system",
                                                  "erp",
                                                  "cms",
                                                  "web-service-rest",
                                                  "web-service-soap",
                                                  "ejb",
                                                  "search-index",
                                                  "search-engine",
                                                  "service-registry",
                                                  "reverse-proxy",
                                                  "load-balancer",
                                                  "build-pipeline",
                                                  "sourcecode-repository",
                                                  "artifact-registry",
                                                  "code-inspection-platform",
                                                  "monitoring",
                                                  "ldap-server",
                                                  "container-platform",
                                                  "batch-processing",
                                                  "event-listener",
                                                  "identity-provider",
                                                  "identity-store-ldap",
                                                  "identity-store-database",
                                                  "tool",
                                                  "cli",
                                                  "task",
                                                  "function",
                                                  "gateway",
                                                  "iot-device",
                                                  "message-queue",
                                                  "stream-processing",
                                                  "service-mesh",
                                                  "data-lake",
                                                  "big-data-platform",
                                                  "report-engine",
                                                  "ai",
                                                  "mail-server",
                                                  "vault",
                                                  "hsm",
                                                  "waf",
                                                  "ids",
                                                  "ips",
                                                  "scheduler",
                                                  "mainframe",
                                                  "block-storage",
                                                  "library"};

// Names only Threagile master's technologies.yaml has.
const std::vector<std::string> kMasterOnlyIds = {
    "hmi",  "industrial-control-actor", "industrial-control-sensor", "operational-historian", "plc",
    "scada"};

// Each 0.9.x predicate, the attribute that stands for it, and its exact membership as written in
// model/types.go. Kept per attribute (the data file is per technology) so the two cross-check.
struct Predicate {
  const char* attribute;
  const char* threagile;
  std::set<std::string> members;
};

const std::vector<Predicate>& Predicates() {
  static const auto* predicates = new std::vector<Predicate>{
      {"web_application",
       "IsWebApplication",
       {"web-server", "web-application", "application-server", "erp", "cms", "identity-provider",
        "report-engine"}},
      {"web_service", "IsWebService", {"web-service-rest", "web-service-soap"}},
      {"identity_related",
       "IsIdentityRelated",
       {"identity-provider", "identity-store-ldap", "identity-store-database"}},
      {"security_control_related",
       "IsSecurityControlRelated",
       {"vault", "hsm", "waf", "ids", "ips"}},
      {"unprotected_communications_tolerated",
       "IsUnprotectedCommsTolerated",
       {"monitoring", "ids", "ips"}},
      {"unnecessary_data_tolerated", "IsUnnecessaryDataTolerated", {"monitoring", "ids", "ips"}},
      {"close_to_high_value_targets_tolerated",
       "IsCloseToHighValueTargetsTolerated",
       {"monitoring", "ids", "ips", "load-balancer", "reverse-proxy"}},
      {"client",
       "IsClient",
       {"client-system", "browser", "desktop", "mobile-app", "devops-client", "iot-device"}},
      {"propagate_identity_to_outgoing_targets",
       "IsUsuallyAbleToPropagateIdentityToOutgoingTargets",
       {"client-system",
        "browser",
        "desktop",
        "mobile-app",
        "devops-client",
        "web-server",
        "web-application",
        "application-server",
        "erp",
        "cms",
        "web-service-rest",
        "web-service-soap",
        "ejb",
        "search-engine",
        "reverse-proxy",
        "load-balancer",
        "identity-provider",
        "tool",
        "cli",
        "task",
        "function",
        "gateway",
        "iot-device",
        "message-queue",
        "service-mesh",
        "report-engine",
        "waf",
        "library"}},
      {"less_protected_type",
       "IsLessProtectedType",
       {"client-system",
        "browser",
        "desktop",
        "mobile-app",
        "devops-client",
        "web-server",
        "web-application",
        "application-server",
        "cms",
        "web-service-rest",
        "web-service-soap",
        "ejb",
        "build-pipeline",
        "sourcecode-repository",
        "artifact-registry",
        "code-inspection-platform",
        "monitoring",
        "iot-device",
        "ai",
        "mail-server",
        "scheduler",
        "mainframe"}},
      {"processing_end_user_requests",
       "IsUsuallyProcessingEnduserRequests",
       {"web-server", "web-application", "application-server", "erp", "web-service-rest",
        "web-service-soap", "ejb", "report-engine"}},
      {"storing_end_user_data",
       "IsUsuallyStoringEnduserData",
       {"database", "erp", "file-server", "local-file-system", "block-storage", "mail-server",
        "stream-processing", "message-queue"}},
      {"frontend_related",
       "IsExclusivelyFrontendRelated",
       {"client-system", "browser", "desktop", "mobile-app", "devops-client", "cms",
        "reverse-proxy", "waf", "load-balancer", "gateway", "iot-device"}},
      {"backend_related",
       "IsExclusivelyBackendRelated",
       {"database",
        "identity-provider",
        "identity-store-ldap",
        "identity-store-database",
        "erp",
        "web-service-rest",
        "web-service-soap",
        "ejb",
        "search-index",
        "search-engine",
        "container-platform",
        "batch-processing",
        "event-listener",
        "data-lake",
        "big-data-platform",
        "message-queue",
        "stream-processing",
        "service-mesh",
        "vault",
        "hsm",
        "scheduler",
        "mainframe",
        "file-server",
        "block-storage"}},
      {"development_relevant",
       "IsDevelopmentRelevant",
       {"build-pipeline", "sourcecode-repository", "artifact-registry", "code-inspection-platform",
        "devops-client"}},
      {"traffic_forwarding", "IsTrafficForwarding", {"load-balancer", "reverse-proxy", "waf"}},
      {"embedded_component", "IsEmbeddedComponent", {"library"}},
  };
  return *predicates;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- The built-in catalogue ---------------------------------------------------------------------

TEST(BuiltinCatalogTest, HasThe57ThreagileV1TechnologiesInOrder) {
  const Catalog& c = Catalog::Builtin();
  std::vector<std::string> v1;
  for (const Technology& t : c.technologies()) {
    if (!t.master_only) v1.push_back(t.id);
  }
  ASSERT_EQ(kThreagileV1Ids.size(), 57u);
  EXPECT_EQ(v1, kThreagileV1Ids);
}

TEST(BuiltinCatalogTest, MasterOnlyTechnologiesComeLast) {
  const Catalog& c = Catalog::Builtin();
  std::vector<std::string> expected = kThreagileV1Ids;
  expected.insert(expected.end(), kMasterOnlyIds.begin(), kMasterOnlyIds.end());
  EXPECT_EQ(c.Ids(), expected);
  EXPECT_EQ(c.technologies().size(), 63u);
  for (const std::string& id : kMasterOnlyIds) {
    ASSERT_NE(c.Find(id), nullptr) << id;
    EXPECT_TRUE(c.Find(id)->master_only) << id;
  }
}

TEST(BuiltinCatalogTest, DeclaresOneAttributePerThreagilePredicate) {
  std::vector<std::string> names;
  for (const auto& [name, description] : Catalog::Builtin().attributes()) {
    names.push_back(name);
    // Each description names the 0.9.x predicate it stands for.
    auto p = std::find_if(Predicates().begin(), Predicates().end(),
                          [&](const Predicate& p) { return name == p.attribute; });
    ASSERT_NE(p, Predicates().end()) << name;
    EXPECT_NE(description.find(std::string(p->threagile) + "."), std::string::npos) << name;
  }
  std::vector<std::string> expected;
  for (const Predicate& p : Predicates()) expected.push_back(p.attribute);
  EXPECT_EQ(names, expected);
}

TEST(BuiltinCatalogTest, AttributeMembershipMatchesThreagileV1Predicates) {
  const Catalog& c = Catalog::Builtin();
  for (const Predicate& p : Predicates()) {
    std::set<std::string> actual;
    for (const Technology& t : c.technologies()) {
      if (!t.master_only && t.Has(p.attribute)) actual.insert(t.id);
    }
    EXPECT_EQ(actual, p.members) << p.attribute << " (" << p.threagile << ")";
  }
}

TEST(BuiltinCatalogTest, SpotChecks) {
  const Catalog& c = Catalog::Builtin();
  EXPECT_TRUE(c.Has("web-server", "web_application"));
  EXPECT_TRUE(c.Has("identity-provider", "web_application"));
  EXPECT_TRUE(c.Has("erp", "storing_end_user_data"));
  EXPECT_FALSE(c.Has("erp", "less_protected_type"));
  // In 0.9.x an LDAP server is none of identity-related, backend-related or anything else.
  EXPECT_TRUE(c.Find("ldap-server")->attributes.empty());
  EXPECT_TRUE(c.Find("unknown-technology")->attributes.empty());
  EXPECT_TRUE(c.Find("service-registry")->attributes.empty());
  EXPECT_TRUE(c.Has("waf", "traffic_forwarding"));
  EXPECT_TRUE(c.Has("library", "embedded_component"));
  EXPECT_FALSE(c.Has("no-such-technology", "client"));
  EXPECT_FALSE(c.Has("browser", "no_such_attribute"));
  EXPECT_TRUE(c.HasAttribute("client"));
  EXPECT_FALSE(c.HasAttribute("high_value_target"));
}

TEST(BuiltinCatalogTest, MasterOnlyAttributes) {
  const Catalog& c = Catalog::Builtin();
  EXPECT_EQ(c.Find("industrial-control-actor")->attributes,
            std::vector<std::string>{"embedded_component"});
  EXPECT_EQ(c.Find("industrial-control-sensor")->attributes,
            std::vector<std::string>{"embedded_component"});
  for (const char* id : {"hmi", "operational-historian", "plc", "scada"}) {
    EXPECT_TRUE(c.Find(id)->attributes.empty()) << id;
  }
}

TEST(BuiltinCatalogTest, EveryTechnologyHasAOneLineDescription) {
  for (const Technology& t : Catalog::Builtin().technologies()) {
    EXPECT_FALSE(t.description.empty()) << t.id;
    EXPECT_EQ(t.description.find('\n'), std::string::npos) << t.id;
  }
}

TEST(BuiltinCatalogTest, IsTheSameObjectEveryTime) {
  EXPECT_EQ(&Catalog::Builtin(), &Catalog::Builtin());
}

// Every technology named in the Threagile fixtures (v1 `technology: x` and master
// `technologies: [x, ...]`) must be in the catalogue.
TEST(BuiltinCatalogTest, KnowsEveryTechnologyUsedInTheThreagileFixtures) {
  const fs::path dir = fs::path(TP_FIXTURES_DIR) / "threagile";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "fixtures not found at " << dir;
  std::vector<fs::path> files;
  for (const fs::path& d : {dir, dir / "includes-split"}) {
    if (!fs::is_directory(d)) continue;
    for (const auto& e : fs::directory_iterator(d)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());

  const Catalog& c = Catalog::Builtin();
  std::set<std::string> used;
  for (const fs::path& file : files) {
    auto root = formats::ParseYaml(ReadFile(file), 0, file.string());
    ASSERT_TRUE(root.has_value()) << root.error().ToString();
    const formats::Node* assets = root->Find("technical_assets");
    if (assets == nullptr || !assets->is_mapping()) continue;
    for (const formats::Entry& asset : assets->entries) {
      std::vector<const formats::Node*> names;
      if (const formats::Node* one = asset.value.Find("technology")) names.push_back(one);
      if (const formats::Node* list = asset.value.Find("technologies")) {
        for (const formats::Node& item : list->items) names.push_back(&item);
      }
      for (const formats::Node* n : names) {
        ASSERT_TRUE(n->is_scalar()) << file << ":" << n->loc.line;
        used.insert(n->value);
        EXPECT_NE(c.Find(n->value), nullptr)
            << file << ":" << n->loc.line << ": unknown technology '" << n->value << "'";
      }
    }
  }
  // The fixtures use 14 distinct technologies; fewer means the walk above missed something.
  EXPECT_GE(used.size(), 14u);
}

// --- Load ---------------------------------------------------------------------------------------

constexpr char kSmall[] = R"(attributes:
  fast: Goes fast.
  safe: Is safe.
technologies:
  - id: car
    description: A car.
    attributes: [fast]
  - id: bike
    description: A bicycle.
    attributes: [safe]
  - id: tank
    description: A tank.
    attributes: [safe, fast]
    master_only: true
  - id: rock
)";

TEST(CatalogLoadTest, ReadsACustomCatalogue) {
  auto c = Catalog::Load(kSmall, "mine.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->Ids(), (std::vector<std::string>{"car", "bike", "tank", "rock"}));
  EXPECT_EQ(c->attributes(), (std::vector<std::pair<std::string, std::string>>{
                                 {"fast", "Goes fast."}, {"safe", "Is safe."}}));
  EXPECT_TRUE(c->Has("car", "fast"));
  EXPECT_FALSE(c->Has("car", "safe"));
  ASSERT_NE(c->Find("tank"), nullptr);
  EXPECT_EQ(c->Find("tank")->attributes, (std::vector<std::string>{"safe", "fast"}));
  EXPECT_TRUE(c->Find("tank")->master_only);
  EXPECT_FALSE(c->Find("car")->master_only);
  EXPECT_EQ(c->Find("rock")->description, "");
  EXPECT_TRUE(c->Find("rock")->attributes.empty());
  EXPECT_EQ(c->Find("web-server"), nullptr);
}

TEST(CatalogLoadTest, EmptySectionsAreAllowed) {
  auto c = Catalog::Load("attributes: {}\ntechnologies: []\n", "empty.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_TRUE(c->technologies().empty());
  EXPECT_TRUE(c->Ids().empty());
}

TEST(CatalogLoadTest, TheEmbeddedFileLoadsLikeAnyOther) {
  const fs::path file = fs::path(TP_SOURCE_DIR) / "src/catalog/technologies.yaml";
  auto c = Catalog::Load(ReadFile(file), "technologies.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->Ids(), Catalog::Builtin().Ids());
}

std::string LoadError(std::string_view text) {
  auto c = Catalog::Load(text, "t.yaml");
  if (c.has_value()) return "(loaded)";
  EXPECT_EQ(c.error().code(), base::Error::Code::kInvalidInput);
  return c.error().ToString();
}

TEST(CatalogLoadTest, Errors) {
  struct Case {
    const char* name;
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {.name = "empty document",
       .text = "",
       .error = "t.yaml:1:1: error: a technology catalogue must be a mapping with 'attributes' "
                "and 'technologies'"},
      {.name = "root is a list",
       .text = "- a\n",
       .error = "t.yaml:1:1: error: a technology catalogue must be a mapping with 'attributes' "
                "and 'technologies'"},
      {.name = "missing sections",
       .text = "other: 1\n",
       .error = "t.yaml:1:1: error: unknown key 'other' (expected 'attributes' or "
                "'technologies')\n"
                "t.yaml:1:1: error: missing 'attributes' section\n"
                "t.yaml:1:1: error: missing 'technologies' section"},
      {.name = "unknown attribute",
       .text = "attributes:\n  fast: x\ntechnologies:\n  - id: car\n    attributes: [fast, slow]\n",
       .error = "t.yaml:5:24: error: technology 'car' has unknown attribute 'slow' (declare it "
                "under 'attributes')"},
      {.name = "attribute listed twice",
       .text = "attributes:\n  fast: x\ntechnologies:\n  - id: car\n    attributes: [fast, fast]\n",
       .error = "t.yaml:5:24: error: technology 'car' lists attribute 'fast' twice"},
      {.name = "duplicate id",
       .text = "attributes: {}\ntechnologies:\n  - id: car\n  - id: bike\n  - id: car\n",
       .error = "t.yaml:5:9: error: duplicate technology 'car' (first defined at line 3)"},
      {.name = "missing id",
       .text = "attributes: {}\ntechnologies:\n  - description: nameless\n",
       .error = "t.yaml:3:5: error: technology has no 'id'"},
      {.name = "id is a list",
       .text = "attributes: {}\ntechnologies:\n  - id: [a]\n",
       .error = "t.yaml:3:9: error: 'id' must be text"},
      {.name = "id with spaces",
       .text = "attributes: {}\ntechnologies:\n  - id: Web Server\n",
       .error = "t.yaml:3:9: error: technology id 'Web Server' must be lower-case letters, "
                "digits, '-', '_' or '.', starting with a letter or digit"},
      {.name = "technologies is a mapping",
       .text = "attributes: {}\ntechnologies:\n  car: {}\n",
       .error = "t.yaml:3:3: error: 'technologies' must be a list of technologies"},
      {.name = "technology is a scalar",
       .text = "attributes: {}\ntechnologies:\n  - car\n",
       .error = "t.yaml:3:5: error: each technology must be a mapping with 'id', 'description' "
                "and 'attributes'"},
      {.name = "attributes of a technology is a scalar",
       .text = "attributes:\n  fast: x\ntechnologies:\n  - id: car\n    attributes: fast\n",
       .error = "t.yaml:5:17: error: the attributes of technology 'car' must be a list of names"},
      {.name = "attribute item is a mapping",
       .text = "attributes:\n  fast: x\ntechnologies:\n  - id: car\n    attributes: [{a: b}]\n",
       .error = "t.yaml:5:18: error: the attributes of technology 'car' must be names"},
      {.name = "description is a list",
       .text = "attributes: {}\ntechnologies:\n  - id: car\n    description: [a]\n",
       .error = "t.yaml:4:18: error: the description of technology 'car' must be text"},
      {.name = "master_only is not a boolean",
       .text = "attributes: {}\ntechnologies:\n  - id: car\n    master_only: \"true\"\n",
       .error = "t.yaml:4:18: error: 'master_only' of technology 'car' must be true or false"},
      {.name = "unknown key in a technology",
       .text = "attributes: {}\ntechnologies:\n  - id: car\n    colour: red\n",
       .error = "t.yaml:4:5: error: unknown key 'colour' in technology 'car' (expected id, "
                "description, attributes, master_only)"},
      {.name = "attributes section is a list",
       .text = "attributes: [fast]\ntechnologies: []\n",
       .error = "t.yaml:1:13: error: 'attributes' must be a mapping from attribute name to "
                "description"},
      {.name = "attribute name not snake_case",
       .text = "attributes:\n  Fast-Car: x\ntechnologies: []\n",
       .error = "t.yaml:2:3: error: attribute name 'Fast-Car' must be snake_case (lower-case "
                "letters, digits and '_')"},
      {.name = "attribute description is a mapping",
       .text = "attributes:\n  fast: {a: b}\ntechnologies: []\n",
       .error = "t.yaml:2:9: error: the description of attribute 'fast' must be text"},
      {.name = "technologies before attributes; errors sorted by position",
       .text = "technologies:\n  - id: car\n    attributes: [slow]\n  - id: car\n"
               "attributes:\n  Bad: x\n",
       .error = "t.yaml:3:18: error: technology 'car' has unknown attribute 'slow' (declare it "
                "under 'attributes')\n"
                "t.yaml:4:9: error: duplicate technology 'car' (first defined at line 2)\n"
                "t.yaml:6:3: error: attribute name 'Bad' must be snake_case (lower-case letters, "
                "digits and '_')"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(LoadError(c.text), c.error) << c.name;
  }
}

TEST(CatalogLoadTest, YamlSyntaxErrorsCarryThePosition) {
  std::string error = LoadError("attributes: {\ntechnologies: [\n");
  EXPECT_EQ(error.rfind("t.yaml:", 0), 0u) << error;
  EXPECT_NE(error.find("YAML syntax error"), std::string::npos) << error;
}

TEST(CatalogLoadTest, SeveralErrorsAreCountedInTheMessage) {
  auto c = Catalog::Load("technologies:\n  - id: a\n  - id: a\n", "t.yaml");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message(), "2 errors in input");
  EXPECT_EQ(c.error().diagnostics().size(), 2u);
}

// --- docs/technologies.md
// -------------------------------------------------------------------------

constexpr char kBegin[] = "<!-- BEGIN GENERATED by tp_catalog_test; do not edit -->\n";
constexpr char kEnd[] = "<!-- END GENERATED -->\n";

std::string Escape(std::string s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string RenderTables(const Catalog& c) {
  std::string out = "### Attributes\n\n| attribute | meaning | technologies |\n|---|---|---|\n";
  for (const auto& [name, description] : c.attributes()) {
    size_t count = 0;
    for (const Technology& t : c.technologies()) count += t.Has(name);
    out += "| `" + name + "` | " + Escape(description) + " | " + std::to_string(count) + " |\n";
  }
  out += "\n### Technologies\n\n| # | technology | description | attributes |\n|---|---|---|---|\n";
  int n = 0;
  for (const Technology& t : c.technologies()) {
    std::string attrs;
    for (const std::string& a : t.attributes) attrs += (attrs.empty() ? "`" : ", `") + a + "`";
    out += "| " + std::to_string(++n) + " | `" + t.id + "`" +
           (t.master_only ? " (master only)" : "") + " | " + Escape(t.description) + " | " +
           (attrs.empty() ? "none" : attrs) + " |\n";
  }
  return out;
}

// The tables in docs/technologies.md are generated from the built-in catalogue. When the data
// changes, run `TP_REBASELINE=1 tp_catalog_test` and review the diff.
TEST(CatalogDocsTest, TablesMatchTheBuiltinCatalogue) {
  const fs::path doc = fs::path(TP_SOURCE_DIR) / "docs/technologies.md";
  std::string text = ReadFile(doc);
  size_t begin = text.find(kBegin);
  size_t end = text.find(kEnd);
  ASSERT_NE(begin, std::string::npos) << doc << " has no generated section";
  ASSERT_NE(end, std::string::npos) << doc << " has no end of the generated section";
  ASSERT_LT(begin, end);
  begin += std::string(kBegin).size();
  std::string expected = "\n" + RenderTables(Catalog::Builtin()) + "\n";
  const char* rebaseline = std::getenv("TP_REBASELINE");
  if (rebaseline != nullptr && std::string(rebaseline) == "1") {
    text.replace(begin, end - begin, expected);
    std::ofstream(doc, std::ios::binary) << text;
    return;
  }
  EXPECT_EQ(text.substr(begin, end - begin), expected)
      << "docs/technologies.md is out of date; run TP_REBASELINE=1 tp_catalog_test";
}

}  // namespace
}  // namespace threatpath::catalog
