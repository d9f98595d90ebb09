#pragma once

// Test-only helpers that scan Graphviz SVG output with plain string search.

#include <map>
#include <string>

namespace threatpath::diagram::testutil {

/// Decodes the XML entities Graphviz writes: &amp; &lt; &gt; &quot; &apos; and &#NN; (ASCII).
inline std::string XmlUnescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string::npos) {
      out += s[i++];
      continue;
    }
    std::string name = s.substr(i + 1, semi - i - 1);
    if (name == "amp") {
      out += '&';
    } else if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name.size() > 1 && name[0] == '#' && name[1] != 'x') {
      out += static_cast<char>(std::stoi(name.substr(1)));
    } else {
      out += s.substr(i, semi - i + 1);
    }
    i = semi + 1;
  }
  return out;
}

/// How often each id occurs among the SVG groups of a class (node, edge, cluster).
inline std::map<std::string, int> SvgGroups(const std::string& svg, const std::string& cls) {
  std::map<std::string, int> out;
  const std::string tail = "\" class=\"" + cls + "\">";
  for (size_t pos = 0; (pos = svg.find("<g id=\"", pos)) != std::string::npos; ++pos) {
    size_t start = pos + 7;
    size_t end = svg.find('"', start);
    if (end == std::string::npos) break;
    if (svg.compare(end, tail.size(), tail) != 0) continue;
    ++out[XmlUnescape(svg.substr(start, end - start))];
  }
  return out;
}

}  // namespace threatpath::diagram::testutil
