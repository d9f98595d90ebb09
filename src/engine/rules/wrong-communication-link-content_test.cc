#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(WrongCommunicationLinkContentTest, ReadonlyFlagsAndLocalProtocols) {
  ModelBuilder b;
  b.Data("d");
  b.Comp("app", "web-server");
  b.Comp("lib", "library");
  b.Comp("disk", "local-file-system");
  b.Comp("vm", "web-server");
  b.Flow("app", "lib", "call", Protocol::kInProcessLibraryCall).data_sent = Refs({"d"});
  Flow& read = b.Flow("app", "disk", "read", Protocol::kLocalFileAccess);
  read.readonly = true;                                      // receives nothing
  b.Flow("app", "vm", "write", Protocol::kLocalFileAccess);  // sends nothing, wrong target
  b.Flow("app", "vm", "spawn", Protocol::kContainerSpawning).data_sent = Refs({"d"});
  Flow& ok = b.Flow("app", "disk", "fetch", Protocol::kLocalFileAccess);
  ok.readonly = true;
  ok.data_received = Refs({"d"});
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("wrong-communication-link-content", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{
                            "wrong-communication-link-content@app@app>read",
                            "wrong-communication-link-content@app@app>write",
                            "wrong-communication-link-content@app@app>write",
                            "wrong-communication-link-content@app@app>spawn",
                        }));
  EXPECT_NE(risks[2].title.find("web-server"), std::string::npos);
  EXPECT_NE(risks[3].title.find("virtual"), std::string::npos);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kLow);
}

// Every component's flows are checked, out-of-scope ones too.
TEST(WrongCommunicationLinkContentTest, OutOfScopeSourcesAreChecked) {
  ModelBuilder b;
  b.Comp("gone", "browser").out_of_scope = true;
  b.Comp("app", "web-server");
  b.Flow("gone", "app", "call");
  std::vector<Risk> risks = RunRule("wrong-communication-link-content", b.Build());
  EXPECT_EQ(Ids(risks),
            std::vector<std::string>{"wrong-communication-link-content@gone@gone>call"});
}

}  // namespace
}  // namespace threatpath::engine
