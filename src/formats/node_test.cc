#include "formats/node.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace threatpath::formats {
namespace {

Node Yaml(std::string_view text) {
  auto r = ParseYaml(text, 0, "t.yaml");
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? *r : Node{};
}

std::string YamlError(std::string_view text, const ParseLimits& limits = {}) {
  auto r = ParseYaml(text, 0, "t.yaml", limits);
  EXPECT_FALSE(r);
  return r ? std::string() : r.error().ToString();
}

std::string JsonError(std::string_view text, const ParseLimits& limits = {}) {
  auto r = ParseJson(text, 0, "t.json", limits);
  EXPECT_FALSE(r);
  return r ? std::string() : r.error().ToString();
}

TEST(YamlParseTest, KeepsPositionsAndOrder) {
  Node n = Yaml("b: 1\na:\n  - x\n  - 'y'\nc:\n");
  ASSERT_TRUE(n.is_mapping());
  ASSERT_EQ(n.entries.size(), 3u);
  EXPECT_EQ(n.entries[0].key.value, "b");
  EXPECT_EQ(n.entries[1].key.loc.line, 2u);
  const Node* a = n.Find("a");
  ASSERT_TRUE(a && a->is_sequence());
  EXPECT_EQ(a->items[1].value, "y");
  EXPECT_FALSE(a->items[1].plain);
  EXPECT_EQ(a->items[1].loc.line, 4u);
  EXPECT_EQ(a->items[1].loc.column, 5u);
  EXPECT_TRUE(n.Find("c")->is_null());
}

TEST(YamlParseTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(YamlError("a: 1\nb: 2\na: 3\n"),
            "t.yaml:3:1: error: duplicate key 'a' (first defined at line 1)");
}

TEST(YamlParseTest, DuplicateKeysInLargeMappingsAreErrors) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "k" + std::to_string(i) + ": v\n";
  text += "k7: again\n";
  EXPECT_EQ(YamlError(text), "t.yaml:41:1: error: duplicate key 'k7' (first defined at line 8)");
}

TEST(YamlParseTest, MergeKeysApplyWithExplicitKeysWinning) {
  Node n = Yaml("base: &b\n  x: 1\n  y: 2\nderived:\n  <<: *b\n  y: 3\n");
  const Node* d = n.Find("derived");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->Find("x")->value, "1");
  EXPECT_EQ(d->Find("y")->value, "3");
  EXPECT_EQ(d->entries.size(), 2u);
}

TEST(YamlParseTest, AliasBombFailsCleanly) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*" + prev;
    text += "]\n";
    prev = c;
  }
  std::string err = YamlError(text);
  EXPECT_NE(err.find("node limit (alias bomb?)"), std::string::npos) << err;
}

TEST(YamlParseTest, DeepNestingFailsCleanly) {
  std::string text(1000, '[');
  ParseLimits limits;
  limits.max_depth = 100;
  EXPECT_EQ(YamlError(text, limits), "t.yaml:1:101: error: nesting deeper than 100 levels");
}

TEST(YamlParseTest, InvalidUtf8IsReportedWithPosition) {
  std::string err = YamlError("a: ok\nb: \xff\xfe\n");
  EXPECT_NE(err.find("t.yaml:2:"), std::string::npos) << err;
  EXPECT_NE(err.find("invalid"), std::string::npos) << err;
}

TEST(YamlParseTest, SyntaxErrorsPointAtTheLine) {
  EXPECT_EQ(YamlError("a: [1, 2\nb: 3\n"),
            "t.yaml:2:2: error: YAML syntax error: while parsing a flow sequence: did not find "
            "expected ',' or ']'");
}

// Every node with its kind, style and position, depth first.
void Describe(const Node& n, std::string& out) {
  out += std::to_string(static_cast<int>(n.kind)) + (n.plain ? "p" : "q") + "@" +
         std::to_string(n.loc.line) + ":" + std::to_string(n.loc.column) + "=" + n.value + "\n";
  for (const Node& item : n.items) Describe(item, out);
  for (const Entry& e : n.entries) {
    Describe(e.key, out);
    Describe(e.value, out);
  }
}

// The parser on a second thread (threaded_bytes = 0) must give exactly what one thread gives:
// the same tree with the same positions, or the same error, whatever the event batching.
TEST(YamlParseTest, ThreadedParsingGivesTheSameTreeAndErrors) {
  std::string big = "items:\n";
  for (int i = 0; i < 5000; ++i) {
    big += "  - id: c" + std::to_string(i) + "\n    tags: [a, 'b', \"c\"]\n    n: ~\n";
  }
  std::vector<std::string> texts = {
      "b: 1\na:\n  - x\n  - 'y'\nc:\n",
      "base: &b\n  x: 1\n  y: 2\nderived:\n  <<: *b\n  y: 3\n",
      "a: 1\nb: 2\na: 3\n",
      "a: [1, 2\nb: 3\n",
      "a: ok\nb: \xff\xfe\n",
      "a: 1\n---\nb: 2\n",
      "a: *missing\n",
      "",
      big,
      big + "items: again\n",  // an error after many batches
      big.substr(0, big.size() / 2) + "  - [unclosed\n",
  };
  ParseLimits threaded;
  threaded.threaded_bytes = 0;
  ParseLimits direct;
  direct.threaded_bytes = SIZE_MAX;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto one = ParseYaml(texts[i], 0, "t.yaml", direct);
    auto two = ParseYaml(texts[i], 0, "t.yaml", threaded);
    ASSERT_EQ(one.has_value(), two.has_value()) << "text " << i;
    if (one) {
      std::string a, b;
      Describe(*one, a);
      Describe(*two, b);
      EXPECT_TRUE(a == b) << "text " << i;
    } else {
      EXPECT_EQ(one.error().ToString(), two.error().ToString()) << "text " << i;
    }
  }
}

TEST(JsonParseTest, KeepsPositions) {
  auto r = ParseJson("{\n  \"a\": [1, \"x\"],\n  \"b\": {\"c\": true}\n}\n", 0, "t.json");
  ASSERT_TRUE(r) << r.error().ToString();
  const Node* a = r->Find("a");
  ASSERT_TRUE(a && a->is_sequence());
  EXPECT_EQ(a->loc.line, 2u);
  EXPECT_EQ(a->loc.column, 8u);
  EXPECT_EQ(a->items[1].loc.column, 12u);
  EXPECT_TRUE(a->items[0].plain);
  EXPECT_FALSE(a->items[1].plain);
  const Node* c = r->Find("b")->Find("c");
  EXPECT_EQ(c->value, "true");
  EXPECT_EQ(r->entries[1].key.loc.line, 3u);
  EXPECT_EQ(r->entries[1].key.loc.column, 3u);
}

TEST(JsonParseTest, ErrorsHavePositions) {
  EXPECT_EQ(JsonError("{\"a\": 1,\n \"a\": 2}"),
            "t.json:2:2: error: duplicate key 'a' (first defined at line 1)");
  std::string err = JsonError("{\"a\": tru}");
  EXPECT_NE(err.find("t.json:1:"), std::string::npos) << err;
  EXPECT_NE(err.find("JSON syntax error"), std::string::npos) << err;
  ParseLimits limits;
  limits.max_depth = 10;
  EXPECT_EQ(JsonError(std::string(50, '['), limits),
            "t.json:1:11: error: nesting deeper than 10 levels");
}

TEST(EmitTest, YamlRoundTripKeepsTypes) {
  Node doc = Node::Mapping();
  doc.Add("s", Node::String("true"));
  doc.Add("n", Node::String("007"));
  doc.Add("b", Node::Bool(true));
  doc.Add("i", Node::Int(42));
  doc.Add("m", Node::String("line one\nline two\n"));
  doc.Add("e", Node::String(""));
  doc.Add("u", Node::String("Grüße: «x»"));
  Node& list = doc.Add("l", Node::Sequence());
  list.Push(Node::String("a b"));
  std::string text = EmitYaml(doc);
  Node back = Yaml(text);
  EXPECT_EQ(back.Find("s")->value, "true");
  EXPECT_FALSE(back.Find("s")->plain);
  EXPECT_FALSE(back.Find("n")->plain);
  EXPECT_TRUE(back.Find("b")->plain);
  EXPECT_EQ(back.Find("i")->value, "42");
  EXPECT_EQ(back.Find("m")->value, "line one\nline two\n");
  EXPECT_TRUE(back.Find("e")->is_scalar());
  EXPECT_EQ(back.Find("u")->value, "Grüße: «x»");
  EXPECT_EQ(back.Find("l")->items[0].value, "a b");
  EXPECT_EQ(EmitYaml(doc), text) << "output must be deterministic";
}

TEST(EmitTest, JsonWritesTypedValues) {
  Node doc = Node::Mapping();
  doc.Add("s", Node::String("1"));
  doc.Add("i", Node::Int(1));
  doc.Add("b", Node::Bool(false));
  doc.Add("z", Node::Null());
  EXPECT_EQ(EmitJson(doc), "{\n  \"s\": \"1\",\n  \"i\": 1,\n  \"b\": false,\n  \"z\": null\n}\n");
}

}  // namespace
}  // namespace threatpath::formats
