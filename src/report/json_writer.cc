#include "report/json_writer.h"

#include <array>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "report/view.h"

namespace threatpath::report::internal {
namespace {

// 0: copied as it is; 1: escaped; 2: the start of a multi-byte (or invalid) UTF-8 sequence.
constexpr auto kClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 1;
  t['"'] = 1;
  t['\\'] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[c] = 2;
  return t;
}();

// True when one of the 8 bytes of `x` must be escaped or checked: a control character, '"',
// '\\' or a byte of a multi-byte sequence.
inline bool NeedsAttention(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t below_space = (x - kOnes * 0x20) & ~x & kHigh;
  return ((below_space | has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\')) | x) & kHigh) !=
         0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  const char* data = s.data();
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Eight plain bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (NeedsAttention(word)) break;
      i += 8;
    }
    if (i >= n) break;
    auto c = static_cast<unsigned char>(data[i]);
    uint8_t cls = kClass[c];
    if (cls == 0) {
      ++i;
      continue;
    }
    if (cls == 2) {
      size_t bad = 0;
      size_t len = Utf8Sequence(s, i, &bad);
      if (len != 0) {
        i += len;
        continue;
      }
      out.append(data + run, i - run);
      out += "\xEF\xBF\xBD";
      i += bad;
      run = i;
      continue;
    }
    out.append(data + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
    ++i;
    run = i;
  }
  out.append(data + run, n - run);
  out += '"';
}

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  char* end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  out.append(buf, end);
}

void JsonWriter::Double(double v) {
  Prefix();
  // Rare (RAA values that are not whole numbers): nlohmann's own formatting keeps the bytes.
  out_ += nlohmann::json(v).dump();
}

}  // namespace threatpath::report::internal
