#include "graph/stride.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/test_model.h"

namespace threatpath::graph {
namespace {

using namespace testutil;  // NOLINT
using core::Stride;
using ::testing::ElementsAre;

core::Model Shop() {
  ModelBuilder b;
  b.Asset("pii").title = "Customer data";
  b.Asset("events").title = "Audit events";
  b.Asset("catalog").title = "Catalogue";
  b.Component("customer", ComponentType::kExternalEntity).title = "Customer";
  b.Component("shop").title = "Shop";
  b.m.components.back().data_processed = Refs({"pii", "catalog"});
  b.Component("db", ComponentType::kDatastore).title = "Shop DB";
  b.m.components.back().data_stored = Refs({"pii", "catalog"});
  b.Component("trail", ComponentType::kDatastore).title = "Audit trail";
  b.m.components.back().data_stored = Refs({"events"});
  b.m.components.back().encryption = core::Encryption::kTransparent;
  b.Component("provider", ComponentType::kExternalEntity).out_of_scope = true;
  b.Boundary("dmz", {"shop"});
  b.Boundary("data", {"db", "trail"});
  b.Flow("customer", "shop", Protocol::kHttps, Authentication::kSessionId).data_sent =
      Refs({"pii"});
  b.Flow("shop", "db", Protocol::kJdbc, Authentication::kCredentials, Authorization::kTechnicalUser)
      .data_sent = Refs({"pii", "catalog"});
  b.Flow("shop", "trail", Protocol::kHttps).data_sent = Refs({"events"});
  b.Flow("shop", "provider", Protocol::kHttps, Authentication::kToken);
  return b.m;
}

std::vector<std::string> Categories(const std::vector<StridePrompt>& prompts,
                                    const std::string& id) {
  std::vector<std::string> out;
  for (const StridePrompt& p : prompts) {
    if (p.element_id == id) out.emplace_back(core::ToString(p.category));
  }
  return out;
}

std::string Question(const std::vector<StridePrompt>& prompts, const std::string& id, Stride s) {
  for (const StridePrompt& p : prompts) {
    if (p.element_id == id && p.category == s) return p.question;
  }
  return "<none>";
}

TEST(StrideTest, CategoriesFollowTheStridePerElementTable) {
  core::Model m = Shop();
  FlowGraph g(m);
  std::vector<StridePrompt> p = StridePrompts(g);
  EXPECT_THAT(Categories(p, "customer"), ElementsAre("spoofing", "repudiation"));
  EXPECT_THAT(Categories(p, "shop"),
              ElementsAre("spoofing", "tampering", "repudiation", "information-disclosure",
                          "denial-of-service", "elevation-of-privilege"));
  EXPECT_THAT(Categories(p, "db"),
              ElementsAre("tampering", "information-disclosure", "denial-of-service"));
  // A store of audit records also gets repudiation.
  EXPECT_THAT(Categories(p, "trail"), ElementsAre("tampering", "repudiation",
                                                  "information-disclosure", "denial-of-service"));
  // Out of scope: no questions about it, but the flow to it crosses a boundary.
  EXPECT_THAT(Categories(p, "provider"), ElementsAre());
  EXPECT_THAT(Categories(p, "shop>provider"),
              ElementsAre("tampering", "information-disclosure", "denial-of-service"));
  EXPECT_THAT(Categories(p, "customer>shop"),
              ElementsAre("tampering", "information-disclosure", "denial-of-service"));
  EXPECT_THAT(Categories(p, "shop>db"),
              ElementsAre("tampering", "information-disclosure", "denial-of-service"));
  EXPECT_EQ(p.size(), 2u + 6u + 3u + 4u + 3u * 4u);
  EXPECT_TRUE(IsLogStore(g, g.FindComponent("trail")));
  EXPECT_FALSE(IsLogStore(g, g.FindComponent("db")));  // "catalog" does not count as "log"

  StrideOptions o;
  o.include_out_of_scope = true;
  EXPECT_THAT(Categories(StridePrompts(g, o), "provider"), ElementsAre("spoofing", "repudiation"));
}

TEST(StrideTest, QuestionsNameTheElementsDataAndProtocols) {
  core::Model m = Shop();
  FlowGraph g(m);
  std::vector<StridePrompt> p = StridePrompts(g);
  EXPECT_EQ(Question(p, "shop", Stride::kSpoofing),
            "Can someone other than Customer send requests to Shop over https?");
  EXPECT_EQ(Question(p, "customer", Stride::kSpoofing),
            "Can someone pretend to be Customer when it calls Shop? Authentication on those "
            "flows: session-id.");
  EXPECT_EQ(Question(p, "customer", Stride::kRepudiation),
            "If Customer denies having sent Customer data, which records or signatures show "
            "that it did?");
  EXPECT_EQ(Question(p, "shop", Stride::kElevationOfPrivilege),
            "Can a caller make Shop do more than that caller may, or run code of its choosing "
            "inside it? Authorization on its inbound flows: none.");
  EXPECT_EQ(Question(p, "db", Stride::kInformationDisclosure),
            "Who can read Customer data and Catalogue in Shop DB besides Shop: administrators, "
            "backups, replicas, snapshots? It is not encrypted at rest.");
  EXPECT_EQ(Question(p, "trail", Stride::kInformationDisclosure),
            "Who can read Audit events in Audit trail besides Shop: administrators, backups, "
            "replicas, snapshots? It is encrypted at rest (transparent).");
  EXPECT_EQ(Question(p, "shop>db", Stride::kTampering),
            "Can someone between Shop and Shop DB change Customer data and Catalogue in transit "
            "over jdbc (not encrypted), where it crosses from 'dmz' into 'data'?");
  EXPECT_EQ(
      Question(p, "customer>shop", Stride::kInformationDisclosure),
      "Can someone on the way from Customer to Shop read Customer data exchanged over https?");
  EXPECT_EQ(FormatPrompts({p[0]}),
            "external entity customer, spoofing: Can someone pretend to be Customer when it "
            "calls Shop? Authentication on those flows: session-id.\n");
}

TEST(StrideTest, LongListsAreCut) {
  ModelBuilder b;
  b.Component("hub").title = "Hub";
  for (int i = 0; i < 6; ++i) {
    std::string id = "caller" + std::to_string(i);
    b.Component(id).title = "Caller " + std::to_string(i);
    b.Flow(id, "hub", i % 2 ? Protocol::kHttps : Protocol::kUnknown);
  }
  FlowGraph g(b.m);
  StrideOptions o;
  o.all_flows = true;
  std::vector<StridePrompt> p = StridePrompts(g, o);
  EXPECT_EQ(Question(p, "hub", Stride::kSpoofing),
            "Can someone other than Caller 0, Caller 1, Caller 2 and 3 more send requests to Hub "
            "over unknown-protocol and https?");
  EXPECT_EQ(p.size(), 6u + 6u * 6u + 6u * 3u);
}

}  // namespace
}  // namespace threatpath::graph
