// The streaming JSON writer must give the bytes nlohmann::json's dump(2, ' ', false, replace) gives
// for the same document: the writers used to build nlohmann trees, and their outputs must not
// change.

#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace threatpath::report::internal {
namespace {

using Json = nlohmann::ordered_json;

std::string Nlohmann(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Escaped(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(AppendJsonStringTest, EscapesLikeNlohmann) {
  EXPECT_EQ(Escaped("plain text / slash"), "\"plain text / slash\"");
  EXPECT_EQ(Escaped("\"q\" \\b"), "\"\\\"q\\\" \\\\b\"");
  EXPECT_EQ(Escaped("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(Escaped(std::string("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Escaped("\xC3\xA9 \xF0\x9F\x98\x80"), "\"\xC3\xA9 \xF0\x9F\x98\x80\"");
  EXPECT_EQ(Escaped("t\xE2\x82"), "\"t\xEF\xBF\xBD\"");
  EXPECT_EQ(Escaped(""), "\"\"");
}

TEST(AppendJsonStringTest, RandomBytesMatchNlohmann) {
  // Short strings of bytes that matter to escaping and UTF-8 validation, plus long plain runs
  // (the eight-bytes-at-a-time path).
  const unsigned char kPool[] = {0x00, 0x01, 0x08, 0x0c, 0x0a, 0x0d, 0x09, 0x1f, 0x20, '"',  '\\',
                                 '/',  'a',  'Z',  0x7f, 0x80, 0x8f, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1,
                                 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff};
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) {
      if (rng() % 4 == 0) {
        s += "abcdefghijk";
      } else {
        s += static_cast<char>(kPool[rng() % sizeof(kPool)]);
      }
    }
    ASSERT_EQ(Escaped(s), Nlohmann(Json(s))) << "input #" << i;
  }
}

TEST(JsonWriterTest, LayoutMatchesNlohmann) {
  Json j;
  j["s"] = "x\ny";
  j["i"] = -42;
  j["u"] = 7u;
  j["b"] = true;
  j["f"] = false;
  j["n"] = nullptr;
  j["d"] = 0.1;
  j["big"] = 1e300;
  j["tiny"] = 1e-7;
  j["empty_object"] = Json::object();
  j["empty_array"] = Json::array();
  j["array"] = Json::array({1, "two", Json::array(), Json::object(), Json::array({3})});
  j["nested"]["k"]["deeper"] = Json::array({Json::object({{"a", 1}}), Json::object({{"b", 2}})});

  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("s", "x\ny");
  w.Member("i", -42);
  w.Member("u", uint32_t{7});
  w.Member("b", true);
  w.Member("f", false);
  w.Key("n");
  w.Null();
  w.Key("d");
  w.Double(0.1);
  w.Key("big");
  w.Double(1e300);
  w.Key("tiny");
  w.Double(1e-7);
  w.Key("empty_object");
  w.BeginObject();
  w.EndObject();
  w.Key("empty_array");
  w.BeginArray();
  w.EndArray();
  w.Key("array");
  w.BeginArray();
  w.Int(1);
  w.String("two");
  w.BeginArray();
  w.EndArray();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.Int(3);
  w.EndArray();
  w.EndArray();
  w.Key("nested");
  w.BeginObject();
  w.Key("k");
  w.BeginObject();
  w.Key("deeper");
  w.BeginArray();
  w.BeginObject();
  w.Member("a", 1);
  w.EndObject();
  w.BeginObject();
  w.Member("b", 2);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  EXPECT_EQ(out, Nlohmann(j, 2));

  std::string empty;
  JsonWriter e(empty);
  e.BeginObject();
  e.EndObject();
  EXPECT_EQ(empty, "{}");
}

}  // namespace
}  // namespace threatpath::report::internal
