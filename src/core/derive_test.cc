#include "core/derive.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace threatpath::core {
namespace {

Ref R(std::string id) { return Ref{std::move(id), {}}; }

std::vector<std::string> Ids(const Refs& refs) {
  std::vector<std::string> out;
  for (const Ref& r : refs) out.push_back(r.id);
  return out;
}

// A web shop: a browser sends orders to an app, which stores them in a database.
Model Shop() {
  Model m;
  DataAsset orders;
  orders.id = "orders";
  orders.title = "Orders";
  orders.confidentiality = Confidentiality::kStrictlyConfidential;
  orders.integrity = Criticality::kMissionCritical;
  orders.availability = Criticality::kMissionCritical;
  m.data_assets = {orders};

  Component browser;
  browser.id = "browser";
  browser.title = "Browser";
  Component app;
  app.id = "app";
  app.title = "App";
  app.data_processed = {R("orders")};
  Component db;
  db.id = "db";
  db.title = "DB";
  db.type = ComponentType::kDatastore;
  db.data_stored = {R("orders")};
  m.components = {browser, app, db};

  Flow order;
  order.id = "browser>order";
  order.title = "Order";
  order.from = R("browser");
  order.to = R("app");
  order.data_sent = {R("orders")};
  order.data_received = {R("orders")};
  Flow save;
  save.id = "app>save";
  save.title = "Save";
  save.from = R("app");
  save.to = R("db");
  save.data_sent = {R("orders")};
  m.flows = {order, save};

  TrustBoundary net;
  net.id = "net";
  net.title = "Network";
  m.boundaries = {net};
  SharedRuntime vm;
  vm.id = "vm";
  vm.title = "VM";
  m.shared_runtimes = {vm};
  RiskCategory cat;
  cat.id = "cat";
  cat.title = "Category";
  m.risk_categories = {cat};
  return m;
}

TEST(DeriveThreagile, DescriptionsDefaultToTheTitle) {
  Model m = Shop();
  m.data_assets[0].description = "";
  m.components[0].description = "  \n";
  m.components[1].description = "<nil>";  // what Go prints for a missing value
  m.components[2].description = "  The database\n";
  m.flows[0].description = "";
  m.components[0].title = " Browser ";
  DeriveThreagile(m);
  EXPECT_EQ(m.data_assets[0].description, "Orders");
  EXPECT_EQ(m.components[0].description, "Browser");  // the title, trimmed
  EXPECT_EQ(m.components[0].title, " Browser ");      // titles stay as written
  EXPECT_EQ(m.components[1].description, "App");
  EXPECT_EQ(m.components[2].description, "The database");
  EXPECT_EQ(m.flows[0].description, "Order");
  EXPECT_EQ(m.flows[1].description, "Save");
  EXPECT_EQ(m.boundaries[0].description, "Network");
  EXPECT_EQ(m.shared_runtimes[0].description, "VM");
  EXPECT_EQ(m.risk_categories[0].description, "Category");
}

TEST(DeriveThreagile, TagsAreLowerCasedAndTrimmedExceptOnSharedRuntimes) {
  Model m = Shop();
  m.tags_available = {" AWS", "Linux "};
  m.data_assets[0].tags = {"AWS"};
  m.components[1].tags = {" Linux"};
  m.flows[0].tags = {"TLS "};
  m.boundaries[0].tags = {"Aws"};
  m.shared_runtimes[0].tags = {" VMware "};
  DeriveThreagile(m);
  EXPECT_EQ(m.tags_available, (std::vector<std::string>{"aws", "linux"}));
  EXPECT_EQ(m.data_assets[0].tags, std::vector<std::string>{"aws"});
  EXPECT_EQ(m.components[1].tags, std::vector<std::string>{"linux"});
  EXPECT_EQ(m.flows[0].tags, std::vector<std::string>{"tls"});
  EXPECT_EQ(m.boundaries[0].tags, std::vector<std::string>{"aws"});
  // 0.9.1 checks shared-runtime tags without normalising them.
  EXPECT_EQ(m.shared_runtimes[0].tags, std::vector<std::string>{" VMware "});
}

TEST(DeriveThreagile, DiagramDefaults) {
  Model m = Shop();
  m.diagram.ranksep = 5;
  m.flows[0].diagram_tweak_weight = 0;
  m.flows[1].diagram_tweak_weight = -3;
  DeriveThreagile(m);
  EXPECT_EQ(m.diagram.nodesep, 2);
  EXPECT_EQ(m.diagram.ranksep, 5);
  EXPECT_EQ(m.flows[0].diagram_tweak_weight, 1);
  EXPECT_EQ(m.flows[1].diagram_tweak_weight, 1);

  m.flows[0].diagram_tweak_weight = 4;
  DeriveThreagile(m);
  EXPECT_EQ(m.flows[0].diagram_tweak_weight, 4);
}

TEST(DeriveThreagile, ImageFileNamesLoseTheirFolders) {
  Model m = Shop();
  m.meta.business_overview.images = {{"../../etc/passwd", "nope"}, {"plain.png", "ok"}};
  m.meta.technical_overview.images = {{"diagrams/stack.png", "stack"}, {"dir/", "odd"}};
  DeriveThreagile(m);
  EXPECT_EQ(m.meta.business_overview.images[0].first, "passwd");
  EXPECT_EQ(m.meta.business_overview.images[0].second, "nope");
  EXPECT_EQ(m.meta.business_overview.images[1].first, "plain.png");
  EXPECT_EQ(m.meta.technical_overview.images[0].first, "stack.png");
  EXPECT_EQ(m.meta.technical_overview.images[1].first, "dir");
}

TEST(DeriveThreagile, RiskTrackingKeysAreTrimmed) {
  Model m = Shop();
  RiskTracking t;
  t.key = " missing-hardening@db ";
  m.risk_tracking = {t};
  DeriveThreagile(m);
  EXPECT_EQ(m.risk_tracking[0].key, "missing-hardening@db");
}

// Threagile 0.9.1 keeps the data lists and ratings as written; its rules look at stored data
// and at the data's ratings on demand. Later versions changed this, 0.9.1 did not.
TEST(DeriveThreagile, DataListsAndRatingsStayAsWritten) {
  Model m = Shop();
  DeriveThreagile(m);
  EXPECT_TRUE(m.components[0].data_processed.empty());  // the browser sends orders
  EXPECT_EQ(Ids(m.components[1].data_processed), std::vector<std::string>{"orders"});
  EXPECT_TRUE(m.components[2].data_processed.empty());  // the database only stores them
  EXPECT_EQ(Ids(m.components[2].data_stored), std::vector<std::string>{"orders"});
  EXPECT_EQ(Ids(m.flows[0].data_sent), std::vector<std::string>{"orders"});
  EXPECT_EQ(Ids(m.flows[0].data_received), std::vector<std::string>{"orders"});
  for (const Component& c : m.components) {
    EXPECT_EQ(c.confidentiality, Confidentiality::kInternal) << c.id;
    EXPECT_EQ(c.integrity, Criticality::kOperational) << c.id;
    EXPECT_EQ(c.availability, Criticality::kOperational) << c.id;
  }
}

TEST(DeriveThreagile, IsIdempotent) {
  Model m = Shop();
  m.components[0].description = "";
  m.components[0].tags = {" A "};
  m.flows[0].diagram_tweak_weight = 0;
  m.meta.technical_overview.images = {{"a/b/c.png", "c"}};
  RiskTracking t;
  t.key = " x@y ";
  m.risk_tracking = {t};
  DeriveThreagile(m);
  Model once = m;
  DeriveThreagile(m);
  EXPECT_EQ(m.components[0].description, once.components[0].description);
  EXPECT_EQ(m.components[0].tags, once.components[0].tags);
  EXPECT_EQ(m.flows[0].diagram_tweak_weight, once.flows[0].diagram_tweak_weight);
  EXPECT_EQ(m.meta.technical_overview.images, once.meta.technical_overview.images);
  EXPECT_EQ(m.risk_tracking[0].key, once.risk_tracking[0].key);
  EXPECT_EQ(m.diagram.nodesep, once.diagram.nodesep);
  EXPECT_EQ(Ids(m.components[1].data_processed), Ids(once.components[1].data_processed));
}

}  // namespace
}  // namespace threatpath::core
