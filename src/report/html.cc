// report.html.

#include "report/html.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

#include "diagram/diagram.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using internal::ReportView;
using internal::RiskView;

// Text made inert for element content and quoted attribute values: the five special characters
// become references, invalid UTF-8 and C0 control characters (other than tab and line breaks)
// become U+FFFD.
void AppendEsc(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t bad = 0;
    size_t n = internal::Utf8Sequence(s, i, &bad);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += bad == 0 ? 1 : bad;
      continue;
    }
    if (n > 1) {
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    char c = s[i++];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            c == 0x7f) {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
}

std::string Esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendEsc(out, s);
  return out;
}

template <typename E>
std::string Name(E v) {
  return std::string(core::ToString(v));
}

std::string Int(int64_t v) { return std::to_string(v); }

// "1 risk", "3 risks".
std::string Counted(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// Fixed two decimals, independent of the locale.
std::string Fixed2(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  if (r.ec != std::errc()) return "0.00";
  return std::string(buf, r.ptr);
}

constexpr std::string_view kStyle = R"css(
:root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--line:#c8c8c8;--head:#eef1f5;--link:#0b4fa0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
.skip{position:absolute;left:-9999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
header.page{padding:16px 24px;background:#13294b;color:#fff}
header.page h1{margin:0 0 8px;font-size:1.6em}
header.page dl{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0}
header.page dt{font-weight:600}
header.page dt::after{content:":"}
header.page dd{margin:0 0 0 4px}
header.page .fact{display:flex}
nav.toc{position:sticky;top:0;z-index:5;background:#f6f7f9;border-bottom:1px solid var(--line);padding:6px 24px}
nav.toc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
main{padding:8px 24px 32px;max-width:1400px}
section{margin-top:28px}
h2{border-bottom:2px solid #13294b;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--head);position:sticky;top:34px}
td.num,th.num{text-align:right}
.sev{display:inline-block;padding:0 6px;border-radius:3px;font-weight:600}
.sev-critical{background:#8b0000;color:#fff}
.sev-high{background:#c0392b;color:#fff}
.sev-elevated{background:#e67e22;color:#1a1a1a}
.sev-medium{background:#f1c40f;color:#1a1a1a}
.sev-low{background:#d5e8d4;color:#1a1a1a}
table.heat{width:auto}
table.heat td{text-align:center;min-width:4.5em}
.heat-0{background:#fff}
.heat-1{background:#fde0c5}
.heat-2{background:#f9b27e}
.heat-3{background:#f08050}
.heat-4{background:#a52a1a;color:#fff}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
th button::after{content:" \2195";color:var(--muted)}
th[aria-sort=ascending] button::after{content:" \2191"}
th[aria-sort=descending] button::after{content:" \2193"}
form.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;margin:8px 0}
form.filters label{display:flex;flex-direction:column;font-size:.9em;font-weight:600}
form.filters select,form.filters input{font:inherit;padding:2px 4px}
.count{font-weight:600}
figure{margin:8px 0;overflow:auto;border:1px solid var(--line);padding:8px}
figure svg{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.9em}
article.path{border-top:1px solid var(--line);margin-top:16px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.muted{color:var(--muted)}
footer{padding:16px 24px;color:var(--muted);border-top:1px solid var(--line)}
@media print{
 nav.toc,form.filters,.skip{display:none}
 thead th{position:static}
 nav.toc{position:static}
 body{font-size:11pt}
 main>section{break-before:page;page-break-before:always}
 main>section:first-child{break-before:auto;page-break-before:auto}
 tr,figure{break-inside:avoid;page-break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
)css";

// Sorts and filters the risk table; does nothing when an element it needs is absent.
constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var table = document.getElementById('risk-table');
  if (!table || !table.tBodies || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById('risk-count');
  var form = document.getElementById('risk-filters');
  var keys = ['severity', 'status', 'category', 'asset', 'stride'];
  function value(id) {
    var e = document.getElementById('f-' + id);
    return e ? e.value : '';
  }
  function apply() {
    var q = value('text').toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = keys.every(function (k) {
        var v = value(k);
        if (!v) return true;
        var have = r.getAttribute('data-' + k) || '';
        return k === 'asset' ? have.split('\n').indexOf(v) >= 0 : have === v;
      });
      if (ok && q) ok = r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = shown + ' of ' + rows.length + ' risks shown';
  }
  keys.concat(['text']).forEach(function (k) {
    var e = document.getElementById('f-' + k);
    if (!e) return;
    e.addEventListener('input', apply);
    e.addEventListener('change', apply);
  });
  // A link can carry filters in its fragment: report.html#severity=high&text=sql.
  (location.hash || '').replace(/^#/, '').split('&').forEach(function (pair) {
    var i = pair.indexOf('=');
    if (i <= 0) return;
    var e = document.getElementById('f-' + decodeURIComponent(pair.slice(0, i)));
    if (e) e.value = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, ' '));
  });
  if (form) {
    form.hidden = false;
    form.addEventListener('submit', function (ev) { ev.preventDefault(); });
    form.addEventListener('reset', function () { setTimeout(apply, 0); });
  }
  var heads = table.tHead && table.tHead.rows.length ? table.tHead.rows[0].cells : [];
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var keyed = rows.map(function (r, i) {
        var c = r.cells[col];
        var n = c && c.hasAttribute('data-sort') ? parseFloat(c.getAttribute('data-sort')) : NaN;
        return {row: r, num: n, text: c ? c.textContent : '', index: i};
      });
      keyed.sort(function (a, b) {
        var d = !isNaN(a.num) && !isNaN(b.num) ? a.num - b.num : a.text.localeCompare(b.text);
        if (!asc) d = -d;
        return d || a.index - b.index;
      });
      keyed.forEach(function (e) { body.appendChild(e.row); });
    });
  });
  apply();
})();
)js";

// An SVG from Graphviz, made fit for inlining: the prolog is dropped and every id="..." gets a
// prefix (references to ids inside the SVG get it too).
std::string InlineSvg(std::string_view svg, std::string_view prefix) {
  size_t start = svg.find("<svg");
  if (start == std::string_view::npos) return {};
  svg.remove_prefix(start);
  std::string out;
  out.reserve(svg.size() + 64);
  for (size_t i = 0; i < svg.size();) {
    if (svg.compare(i, 5, " id=\"") == 0) {
      out += " id=\"";
      out += prefix;
      i += 5;
    } else if (svg.compare(i, 5, "url(#") == 0) {
      out += "url(#";
      out += prefix;
      i += 5;
    } else if (svg.compare(i, 7, "href=\"#") == 0) {
      out += "href=\"#";
      out += prefix;
      i += 7;
    } else {
      out += svg[i++];
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

void AppendSeverity(std::string& out, core::RiskSeverity s) {
  std::string n = Name(s);
  out += "<span class=\"sev sev-" + n + "\">" + n + "</span>";
}

// A list of element names from ids, comma-separated, escaped.
std::string Names(const ReportView& view, const core::Refs& refs) {
  std::string out;
  for (const core::Ref& r : refs) {
    if (!out.empty()) out += ", ";
    AppendEsc(out, view.Name(r.id));
  }
  return out;
}

std::string Names(const ReportView& view, const std::vector<std::string_view>& ids) {
  std::string out;
  for (std::string_view id : ids) {
    if (!out.empty()) out += ", ";
    AppendEsc(out, view.Name(id));
  }
  return out;
}

void OpenSection(std::string& out, std::string_view id, std::string_view heading) {
  out += "<section id=\"";
  out += id;
  out += "\" aria-labelledby=\"";
  out += id;
  out += "-h\">\n<h2 id=\"";
  out += id;
  out += "-h\">";
  out += heading;
  out += "</h2>\n";
}

void OpenTable(std::string& out, std::string_view caption,
               const std::vector<std::string_view>& headers, std::string_view attrs = {}) {
  out += "<table";
  out += attrs;
  out += ">\n<caption>";
  out += caption;
  out += "</caption>\n<thead><tr>";
  for (std::string_view h : headers) {
    out += "<th scope=\"col\">";
    out += h;
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
}

void CloseTable(std::string& out) { out += "</tbody>\n</table>\n"; }

void Cell(std::string& out, std::string_view escaped_html) {
  out += "<td>";
  out += escaped_html;
  out += "</td>";
}

void TextCell(std::string& out, std::string_view text) {
  out += "<td>";
  AppendEsc(out, text);
  out += "</td>";
}

void Header(std::string& out, const core::Model& model) {
  const core::Metadata& meta = model.meta;
  out += "<header class=\"page\" id=\"top\">\n<h1>";
  AppendEsc(out, meta.title.empty() ? std::string_view("Threat model") : meta.title);
  out += "</h1>\n<dl>";
  auto fact = [&](std::string_view term, std::string_view value) {
    out += "<div class=\"fact\"><dt>";
    out += term;
    out += "</dt><dd>";
    AppendEsc(out, value.empty() ? std::string_view("—") : value);
    out += "</dd></div>";
  };
  fact("Author", meta.author.name);
  fact("Date", meta.date);
  fact("Phase", Name(meta.phase));
  fact("Business criticality", Name(meta.business_criticality));
  if (!meta.owner_team.empty()) fact("Owner", meta.owner_team);
  out += "</dl>\n</header>\n";
}

struct SectionLink {
  std::string_view id;
  std::string_view title;
};

constexpr std::array<SectionLink, 9> kSections = {{
    {"summary", "Summary"},
    {"data-flow-diagram", "Data-flow diagram"},
    {"data-assets", "Data assets"},
    {"components", "Components"},
    {"risks", "Risks"},
    {"attack-paths", "Attack paths"},
    {"assumptions", "Assumptions"},
    {"mitigations", "Mitigations"},
    {"stride-prompts", "STRIDE review prompts"},
}};

void Nav(std::string& out) {
  out += "<nav class=\"toc\" aria-label=\"Sections\"><ul>";
  for (const SectionLink& s : kSections) {
    out += "<li><a href=\"#";
    out += s.id;
    out += "\">";
    out += s.title;
    out += "</a></li>";
  }
  out += "</ul></nav>\n";
}

constexpr int kSeverities = 5;
constexpr int kStatuses = 6;

void Summary(std::string& out, const ReportView& view) {
  const auto& risks = view.bundle().analysis.risks;
  OpenSection(out, "summary", "Summary");
  out += "<p>" + Counted(risks.size(), "risk", "risks") + " in " +
         Counted(view.categories().size(), "category", "categories") + "; " +
         Counted(view.model().components.size(), "component", "components") + ", " +
         Counted(view.model().data_assets.size(), "data asset", "data assets") + ", " +
         Counted(view.bundle().paths.paths.size(), "attack path", "attack paths") + ".</p>\n";

  // Severity x status.
  std::array<std::array<int, kStatuses>, kSeverities> counts{};
  for (const engine::Risk& r : risks) {
    int s = static_cast<int>(r.severity), t = static_cast<int>(r.status);
    if (s >= 0 && s < kSeverities && t >= 0 && t < kStatuses) ++counts[s][t];
  }
  out += "<table id=\"severity-status\">\n<caption>Risks by severity and status</caption>\n";
  out += "<thead><tr><th scope=\"col\">Severity</th>";
  for (int t = 0; t < kStatuses; ++t) {
    out += "<th scope=\"col\" class=\"num\">" + Name(static_cast<core::RiskStatus>(t)) + "</th>";
  }
  out += "<th scope=\"col\" class=\"num\">total</th></tr></thead>\n<tbody>\n";
  std::array<int, kStatuses> column{};
  for (int s = kSeverities - 1; s >= 0; --s) {
    out += "<tr><th scope=\"row\">";
    AppendSeverity(out, static_cast<core::RiskSeverity>(s));
    out += "</th>";
    int total = 0;
    for (int t = 0; t < kStatuses; ++t) {
      out += "<td class=\"num\">" + Int(counts[s][t]) + "</td>";
      total += counts[s][t];
      column[t] += counts[s][t];
    }
    out += "<td class=\"num\">" + Int(total) + "</td></tr>\n";
  }
  out += "</tbody>\n<tfoot><tr><th scope=\"row\">total</th>";
  for (int t = 0; t < kStatuses; ++t) out += "<td class=\"num\">" + Int(column[t]) + "</td>";
  out += "<td class=\"num\">" + Int(static_cast<int64_t>(risks.size())) + "</td></tr></tfoot>\n";
  out += "</table>\n";

  // Likelihood x impact heat map.
  constexpr int kLikelihoods = 4, kImpacts = 4;
  std::array<std::array<int, kImpacts>, kLikelihoods> heat{};
  int max = 0;
  for (const engine::Risk& r : risks) {
    int l = static_cast<int>(r.likelihood), i = static_cast<int>(r.impact);
    if (l >= 0 && l < kLikelihoods && i >= 0 && i < kImpacts) max = std::max(max, ++heat[l][i]);
  }
  out +=
      "<table id=\"heat-map\" class=\"heat\">\n<caption>Likelihood × impact (number of "
      "risks; darker cells hold more)</caption>\n";
  out += "<thead><tr><th scope=\"col\">Likelihood \\ impact</th>";
  for (int i = 0; i < kImpacts; ++i) {
    out += "<th scope=\"col\">" + Name(static_cast<core::Impact>(i)) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (int l = kLikelihoods - 1; l >= 0; --l) {
    out += "<tr><th scope=\"row\">" + Name(static_cast<core::Likelihood>(l)) + "</th>";
    for (int i = 0; i < kImpacts; ++i) {
      int n = heat[l][i];
      int level = n == 0 || max == 0 ? 0 : (n * 4 + max - 1) / max;
      out += "<td class=\"heat-" + Int(level) + "\">" + Int(n) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";
}

void Figure(std::string& out, std::string_view svg, std::string_view prefix,
            std::string_view caption_html) {
  std::string inlined = InlineSvg(svg, prefix);
  if (inlined.empty()) {
    out += "<p class=\"muted\">No diagram was rendered.</p>\n";
    return;
  }
  out += "<figure role=\"group\">\n";
  out += inlined;
  out += "\n<figcaption>";
  out += caption_html;
  out += "</figcaption>\n</figure>\n";
}

void DataFlowDiagram(std::string& out, const HtmlOptions& options) {
  OpenSection(out, "data-flow-diagram", "Data-flow diagram");
  Figure(out, options.data_flow_svg, "dfd-",
         "Components inside their trust boundaries, with data flows between them; badges show "
         "the highest open risk severity, fill colours the relative attacker attractiveness.");
  out += "</section>\n";
}

void DataAssets(std::string& out, const ReportView& view) {
  const core::Model& model = view.model();
  OpenSection(out, "data-assets", "Data assets");
  if (model.data_assets.empty()) {
    out += "<p>The model has no data assets.</p>\n</section>\n";
    return;
  }
  OpenTable(out, "Data assets and the components that process or store them",
            {"Data asset", "Id", "Confidentiality", "Integrity", "Availability", "Processed by",
             "Stored by"});
  for (const core::DataAsset& a : model.data_assets) {
    std::vector<std::string_view> processed, stored;
    for (const core::Component& c : model.components) {
      for (const core::Ref& r : c.data_processed) {
        if (r.id == a.id) {
          processed.push_back(c.id);
          break;
        }
      }
      for (const core::Ref& r : c.data_stored) {
        if (r.id == a.id) {
          stored.push_back(c.id);
          break;
        }
      }
    }
    out += "<tr><th scope=\"row\">";
    AppendEsc(out, a.title.empty() ? a.id : a.title);
    out += "</th><td><code>";
    AppendEsc(out, a.id);
    out += "</code></td>";
    Cell(out, Name(a.confidentiality));
    Cell(out, Name(a.integrity));
    Cell(out, Name(a.availability));
    Cell(out, Names(view, processed));
    Cell(out, Names(view, stored));
    out += "</tr>\n";
  }
  CloseTable(out);
  out += "</section>\n";
}

void Components(std::string& out, const ReportView& view) {
  const core::Model& model = view.model();
  const std::vector<double>& raa = view.bundle().analysis.raa;
  OpenSection(out, "components", "Components");
  if (model.components.empty()) {
    out += "<p>The model has no components.</p>\n</section>\n";
    return;
  }
  std::vector<size_t> order(model.components.size());
  std::iota(order.begin(), order.end(), 0);
  auto raa_of = [&](size_t i) { return i < raa.size() ? raa[i] : 0.0; };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return raa_of(a) > raa_of(b); });
  std::vector<int> open(model.components.size(), 0);
  for (const engine::Risk& r : view.bundle().analysis.risks) {
    if (!engine::IsStillAtRisk(r.status)) continue;
    for (size_t i = 0; i < model.components.size(); ++i) {
      if (model.components[i].id == r.component) {
        ++open[i];
        break;
      }
    }
  }
  OpenTable(out, "Components by relative attacker attractiveness (RAA, highest first)",
            {"Component", "Id", "Type", "Technology", "RAA (%)", "Open risks", "Internet",
             "Out of scope"});
  for (size_t i : order) {
    const core::Component& c = model.components[i];
    out += "<tr><th scope=\"row\">";
    AppendEsc(out, c.title.empty() ? c.id : c.title);
    out += "</th><td><code>";
    AppendEsc(out, c.id);
    out += "</code></td>";
    Cell(out, Name(c.type));
    std::string tech;
    for (const std::string& t : c.technologies) {
      if (!tech.empty()) tech += ", ";
      AppendEsc(tech, t);
    }
    Cell(out, tech);
    out += "<td class=\"num\">" + Fixed2(raa_of(i)) + "</td>";
    out += "<td class=\"num\">" + Int(open[i]) + "</td>";
    Cell(out, c.internet ? "yes" : "no");
    Cell(out, c.out_of_scope ? "yes" : "no");
    out += "</tr>\n";
  }
  CloseTable(out);
  out += "</section>\n";
}

// A <select> for one filter; `options` are (value, label) pairs already escaped.
void Select(std::string& out, std::string_view key, std::string_view label,
            const std::vector<std::pair<std::string, std::string>>& options) {
  out += "<label for=\"f-";
  out += key;
  out += "\">";
  out += label;
  out += " <select id=\"f-";
  out += key;
  out += "\"><option value=\"\">all</option>";
  for (const auto& [value, text] : options) {
    out += "<option value=\"" + value + "\">" + text + "</option>";
  }
  out += "</select></label>\n";
}

// The data assets a risk concerns: its most relevant data asset when it names one, else what
// its component processes or stores, else what its flow sends or receives. Sorted, unique.
std::vector<std::string> RiskAssets(const engine::Risk& r,
                                    const std::map<std::string_view, const core::Component*>& cs,
                                    const std::map<std::string_view, const core::Flow*>& fs) {
  std::set<std::string> ids;
  if (!r.data_asset.empty()) {
    ids.insert(r.data_asset);
  } else if (auto c = cs.find(r.component); !r.component.empty() && c != cs.end()) {
    for (const core::Ref& a : c->second->data_processed) ids.insert(a.id);
    for (const core::Ref& a : c->second->data_stored) ids.insert(a.id);
  } else if (auto f = fs.find(r.flow); !r.flow.empty() && f != fs.end()) {
    for (const core::Ref& a : f->second->data_sent) ids.insert(a.id);
    for (const core::Ref& a : f->second->data_received) ids.insert(a.id);
  }
  return {ids.begin(), ids.end()};
}

void Risks(std::string& out, const ReportView& view) {
  OpenSection(out, "risks", "Risks");
  const std::vector<RiskView>& risks = view.risks();
  std::map<std::string_view, const core::Component*> components;
  for (const core::Component& c : view.model().components) components.emplace(c.id, &c);
  std::map<std::string_view, const core::Flow*> flows;
  for (const core::Flow& f : view.model().flows) flows.emplace(f.id, &f);
  std::vector<std::vector<std::string>> risk_assets;
  risk_assets.reserve(risks.size());
  for (const RiskView& r : risks) risk_assets.push_back(RiskAssets(*r.risk, components, flows));

  // Filter choices: enumerations in their order (highest severity first), ids sorted.
  std::vector<std::pair<std::string, std::string>> severities, statuses, categories, assets,
      strides;
  for (int s = kSeverities - 1; s >= 0; --s) {
    std::string n = Name(static_cast<core::RiskSeverity>(s));
    severities.emplace_back(n, n);
  }
  for (int t = 0; t < kStatuses; ++t) {
    std::string n = Name(static_cast<core::RiskStatus>(t));
    statuses.emplace_back(n, n);
  }
  for (int s = 0; s < 6; ++s) {
    std::string n = Name(static_cast<core::Stride>(s));
    strides.emplace_back(n, n);
  }
  std::map<std::string, std::string> category_names, asset_names;
  for (const RiskView& r : risks) {
    category_names.emplace(Esc(r.risk->category),
                           Esc(r.info->title.empty() ? r.risk->category : r.info->title));
  }
  for (const std::vector<std::string>& ids : risk_assets) {
    for (const std::string& id : ids) asset_names.emplace(Esc(id), Esc(view.Name(id, 'd')));
  }
  categories.assign(category_names.begin(), category_names.end());
  assets.assign(asset_names.begin(), asset_names.end());

  out +=
      "<form id=\"risk-filters\" class=\"filters\" role=\"search\" "
      "aria-label=\"Filter risks\" hidden>\n";
  Select(out, "severity", "Severity", severities);
  Select(out, "status", "Status", statuses);
  Select(out, "category", "Category", categories);
  Select(out, "asset", "Data asset", assets);
  Select(out, "stride", "STRIDE", strides);
  out +=
      "<label for=\"f-text\">Search <input type=\"search\" id=\"f-text\" "
      "autocomplete=\"off\"></label>\n<button type=\"reset\">Clear filters</button>\n</form>\n";
  out += "<p id=\"risk-count\" class=\"count\" aria-live=\"polite\">" +
         Int(static_cast<int64_t>(risks.size())) + " risks</p>\n";

  out +=
      "<table id=\"risk-table\">\n<caption>Risks (select a column heading to sort)</caption>\n"
      "<thead><tr>";
  for (std::string_view h : {"Severity", "Status", "Likelihood", "Impact", "Category", "Title",
                             "Data assets", "Component", "STRIDE", "CWE", "Id"}) {
    out += "<th scope=\"col\"><button type=\"button\">";
    out += h;
    out += "</button></th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < risks.size(); ++i) {
    const RiskView& rv = risks[i];
    const engine::Risk& r = *rv.risk;
    std::string stride = Name(rv.info->stride);
    // Data asset ids, one per line, so that the script can match one exactly.
    std::string asset_ids, asset_names_html;
    for (const std::string& id : risk_assets[i]) {
      if (!asset_ids.empty()) {
        asset_ids += "&#10;";
        asset_names_html += ", ";
      }
      AppendEsc(asset_ids, id);
      AppendEsc(asset_names_html, view.Name(id, 'd'));
    }
    out += "<tr data-severity=\"" + Name(r.severity) + "\" data-status=\"" + Name(r.status) +
           "\" data-category=\"" + Esc(r.category) + "\" data-asset=\"" + asset_ids +
           "\" data-stride=\"" + stride + "\">";
    out += "<td data-sort=\"" + Int(static_cast<int>(r.severity)) + "\">";
    AppendSeverity(out, r.severity);
    out += "</td>";
    out += "<td data-sort=\"" + Int(static_cast<int>(r.status)) + "\">" + Name(r.status) + "</td>";
    out += "<td data-sort=\"" + Int(static_cast<int>(r.likelihood)) + "\">" + Name(r.likelihood) +
           "</td>";
    out += "<td data-sort=\"" + Int(static_cast<int>(r.impact)) + "\">" + Name(r.impact) + "</td>";
    TextCell(out, r.category);
    out += "<td>";
    AppendEsc(out, r.title);
    if (!rv.explanation.empty()) {
      out += "<br><span class=\"muted\">";
      AppendEsc(out, rv.explanation);
      out += "</span>";
    }
    out += "</td>";
    Cell(out, asset_names_html);
    TextCell(out, r.component.empty() ? std::string_view() : view.Name(r.component));
    Cell(out, stride);
    if (rv.info->cwe > 0) {
      out += "<td data-sort=\"" + Int(rv.info->cwe) + "\">CWE-" + Int(rv.info->cwe) + "</td>";
    } else {
      out += "<td data-sort=\"0\"></td>";
    }
    out += "<td><code>";
    AppendEsc(out, r.synthetic_id);
    out += "</code></td></tr>\n";
  }
  CloseTable(out);
  out += "</section>\n";
}

void AttackPaths(std::string& out, const ReportView& view, const HtmlOptions& options) {
  const graph::AttackPathReport& report = view.bundle().paths;
  OpenSection(out, "attack-paths", "Attack paths");
  if (report.paths.empty() && report.exposures.empty()) {
    out += "<p>No attack path reaches a sensitive data asset.</p>\n</section>\n";
    return;
  }
  out +=
      "<p>The weakest routes along data flows from where an attacker starts to the components "
      "holding sensitive data; lower cost means less attacker effort.";
  if (report.truncated) out += " The search for alternative routes was cut short.";
  out += "</p>\n";
  if (!report.exposures.empty()) {
    out += "<h3>Directly exposed data</h3>\n<ul>\n";
    for (const graph::Exposure& e : report.exposures) {
      out += "<li>";
      AppendEsc(out, e.explanation);
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  for (size_t i = 0; i < report.paths.size(); ++i) {
    const graph::AttackPath& p = report.paths[i];
    std::string n = Int(static_cast<int64_t>(i + 1));
    out += "<article class=\"path\" id=\"path-" + n + "\" aria-labelledby=\"path-" + n +
           "-h\">\n<h3 id=\"path-" + n + "-h\">" + n + ". ";
    AppendEsc(out, view.Name(p.asset_id));
    out += ": ";
    AppendEsc(out, view.Name(p.origin_id));
    out += " → ";
    AppendEsc(out, view.Name(p.target_id));
    out += "</h3>\n<p>Cost " + Int(p.cost) + ", " + Int(static_cast<int64_t>(p.hops.size())) +
           (p.hops.size() == 1 ? " hop" : " hops");
    if (!p.weakness_summary.empty()) {
      out += "; ";
      AppendEsc(out, p.weakness_summary);
    }
    out += ".</p>\n<ol>\n";
    for (const std::string& line : p.explanation) {
      out += "<li>";
      AppendEsc(out, line);
      out += "</li>\n";
    }
    out += "</ol>\n";
    if (i < options.attack_path_svgs.size() && !options.attack_path_svgs[i].empty()) {
      Figure(out, options.attack_path_svgs[i], "path-" + n + "-",
             "Attack path " + n + " highlighted in the data-flow diagram.");
    }
    out += "</article>\n";
  }
  out += "</section>\n";
}

void Assumptions(std::string& out, const ReportView& view) {
  const core::Model& model = view.model();
  OpenSection(out, "assumptions", "Assumptions");
  if (model.assumptions.empty()) {
    out += "<p>The model states no assumptions.</p>\n</section>\n";
    return;
  }
  OpenTable(out, "Assumptions and their validation",
            {"Assumption", "Statement", "Status", "Evidence", "Validated by", "Validated on",
             "Concerns"});
  for (const core::Assumption& a : model.assumptions) {
    out += "<tr><th scope=\"row\">";
    AppendEsc(out, a.title.empty() ? a.id : a.title);
    out += "</th>";
    TextCell(out, a.statement.empty() ? a.description : a.statement);
    Cell(out, Name(a.status));
    TextCell(out, a.evidence);
    TextCell(out, a.validated_by);
    TextCell(out, a.validated_on);
    core::Refs all = a.elements;
    all.insert(all.end(), a.threats.begin(), a.threats.end());
    all.insert(all.end(), a.mitigations.begin(), a.mitigations.end());
    Cell(out, Names(view, all));
    out += "</tr>\n";
  }
  CloseTable(out);
  out += "</section>\n";
}

void Mitigations(std::string& out, const ReportView& view) {
  const core::Model& model = view.model();
  OpenSection(out, "mitigations", "Mitigations");
  if (model.mitigations.empty()) {
    out += "<p>The model records no mitigations.</p>\n</section>\n";
    return;
  }
  OpenTable(out, "Mitigations", {"Mitigation", "Status", "Owner", "Ticket", "Threats"});
  for (const core::Mitigation& m : model.mitigations) {
    out += "<tr><th scope=\"row\">";
    AppendEsc(out, m.title.empty() ? m.id : m.title);
    if (!m.description.empty()) {
      out += "<br><span class=\"muted\">";
      AppendEsc(out, m.description);
      out += "</span>";
    }
    out += "</th>";
    Cell(out, Name(m.status));
    TextCell(out, m.owner);
    TextCell(out, m.ticket);
    Cell(out, Names(view, m.threats));
    out += "</tr>\n";
  }
  CloseTable(out);
  out += "</section>\n";
}

void StridePrompts(std::string& out, const ReportView& view) {
  const std::vector<graph::StridePrompt>& prompts = view.bundle().prompts;
  OpenSection(out, "stride-prompts", "STRIDE review prompts");
  if (prompts.empty()) {
    out += "<p>No prompts.</p>\n</section>\n";
    return;
  }
  out +=
      "<p>Questions for a review session, per element and STRIDE category. They are not "
      "findings.</p>\n";
  OpenTable(out, "STRIDE prompts per element", {"Element", "Kind", "STRIDE", "Question"});
  for (const graph::StridePrompt& p : prompts) {
    out += "<tr><th scope=\"row\">";
    AppendEsc(out, view.Name(p.element_id));
    out += "</th>";
    TextCell(out, graph::ElementKindName(p.kind));
    Cell(out, Name(p.category));
    TextCell(out, p.question);
    out += "</tr>\n";
  }
  CloseTable(out);
  out += "</section>\n";
}

}  // namespace

std::string HtmlReport(const AnalysisBundle& bundle, const HtmlOptions& options) {
  ReportView view(bundle);
  const core::Model& model = bundle.model;
  std::string out;
  out.reserve(64 * 1024 + options.data_flow_svg.size());
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"Threatpath\">\n<title>";
  AppendEsc(out, model.meta.title.empty() ? std::string_view("Threat model") : model.meta.title);
  out += " — threat model report</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n";
  Header(out, model);
  Nav(out);
  out += "<main id=\"main\">\n";
  Summary(out, view);
  DataFlowDiagram(out, options);
  DataAssets(out, view);
  Components(out, view);
  Risks(out, view);
  AttackPaths(out, view, options);
  Assumptions(out, view);
  Mitigations(out, view);
  StridePrompts(out, view);
  out += "</main>\n<footer><p>Generated by Threatpath.</p></footer>\n<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

base::Result<std::string> HtmlReportWithDiagrams(const AnalysisBundle& bundle) {
  diagram::DfdOptions dfd;
  dfd.risks = bundle.analysis.risks;
  dfd.raa = bundle.analysis.raa;
  HtmlOptions options;
  // The data-flow diagram first, then the attack paths: drawn on the same text, they are laid
  // out once (the paths differ in colours only).
  std::vector<diagram::Figure> figures = {{diagram::DataFlowDot(bundle.model, dfd), {}}};
  for (diagram::Figure& f : diagram::AttackPathFigures(bundle.model, bundle.paths.paths, dfd)) {
    figures.push_back(std::move(f));
  }
  base::Result<std::vector<std::string>> svgs =
      diagram::RenderFigures(figures, diagram::Format::kSvg);
  if (!svgs) return std::move(svgs).error();
  options.data_flow_svg = std::move(svgs->front());
  options.attack_path_svgs.assign(std::make_move_iterator(svgs->begin() + 1),
                                  std::make_move_iterator(svgs->end()));
  return HtmlReport(bundle, options);
}

}  // namespace threatpath::report
