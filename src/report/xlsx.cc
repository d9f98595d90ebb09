// risks.xlsx, through libxlsxwriter.

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "base/dynamic_library.h"
#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

// Excel's limit on the length of a cell's text, in bytes as libxlsxwriter counts it.
constexpr size_t kMaxCellBytes = 32767;

// The document's creation time: the model's date when it is a plain YYYY-MM-DD, else
// 2000-01-01, never the clock, so that the same model gives the same bytes.
time_t CreationTime(const std::string& date) {
  int y = 2000, m = 1, d = 1;
  if (date.size() == 10 && date[4] == '-' && date[7] == '-') {
    bool digits = true;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) digits = digits && date[i] >= '0' && date[i] <= '9';
    if (digits) {
      int yy = std::atoi(date.substr(0, 4).c_str());
      int mm = std::atoi(date.substr(5, 2).c_str());
      int dd = std::atoi(date.substr(8, 2).c_str());
      if (yy >= 1980 && yy <= 2099 && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) {
        y = yy;
        m = mm;
        d = dd;
      }
    }
  }
  // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  y -= m <= 2 ? 1 : 0;
  int era = y / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = static_cast<long>(era) * 146097 + doe - 719468;
  return static_cast<time_t>(days) * 86400;
}

// Valid UTF-8 without the control characters XML 1.0 forbids, cut to Excel's cell limit, in
// `buf` (reused from cell to cell).
const char* CellText(std::string_view s, std::string& buf) {
  buf.clear();
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    // Eight printable ASCII bytes at a time.
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((((word - kOnes * 0x20) & ~word) | word) & kHigh) break;  // a control or high byte
      i += 8;
    }
    if (i >= s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80) {
      ++i;
      continue;
    }
    if (c < 0x20) {
      if (c != '\t' && c != '\n' && c != '\r') {
        buf.append(s.data() + run, i - run);
        buf += ' ';
        run = i + 1;
      }
      ++i;
      continue;
    }
    size_t bad = 0;
    size_t len = internal::Utf8Sequence(s, i, &bad);
    if (len != 0) {
      i += len;
      continue;
    }
    buf.append(s.data() + run, i - run);
    buf += "\xEF\xBF\xBD";
    i += bad;
    run = i;
  }
  buf.append(s.data() + run, s.size() - run);
  if (buf.size() > kMaxCellBytes) {
    size_t cut = kMaxCellBytes;
    while (cut > 0 && (static_cast<unsigned char>(buf[cut]) & 0xC0) == 0x80) --cut;
    buf.resize(cut);
  }
  return buf.c_str();
}

double ColumnWidth(std::string_view column) {
  if (column == "title") return 60;
  if (column == "explanation") return 80;
  if (column == "synthetic_id") return 45;
  if (column == "cwe" || column == "line" || column == "column") return 8;
  return 20;
}

// Deletes the file when it goes out of scope.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

// Copies the file at `path` to `out` in chunks.
base::Status CopyTo(const std::string& path, OutputStream& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return base::Error::Io("cannot read back the XLSX workbook " + path);
  std::string chunk(1 << 20, '\0');
  size_t n = 0;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) {
    out.Write(std::string_view(chunk.data(), n));
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return base::Error::Io("cannot read back the XLSX workbook " + path);
  return base::OkStatus();
}

// The name of the n-th worksheet (n from 1): the first is `base`, the others "base (n)" with
// `base` cut so that the name stays within Excel's 31 characters.
std::string SheetName(const std::string& base, size_t n) {
  if (n == 1) return base;
  std::string suffix = " (" + std::to_string(n) + ")";
  std::string name = internal::Utf8Prefix(base, 31 - suffix.size());
  while (!name.empty() && (name.back() == ' ' || name.back() == '\'')) name.pop_back();
  return name + suffix;
}

// libxlsxwriter is loaded when the first workbook is written, not when the program starts: it
// pulls in OpenSSL's libcrypto and minizip, and an empty program linked with it starts in about
// 4 ms instead of 1 ms. Most runs (`check`, `validate`, `diff`, the server) write no workbook,
// and `analyze` writes it on its own thread, beside the other files. The functions used here:
#define TP_XLSX_FUNCTIONS(X)      \
  X(format_set_bold)              \
  X(lxw_strerror)                 \
  X(workbook_add_format)          \
  X(workbook_add_worksheet)       \
  X(workbook_close)               \
  X(workbook_new_opt)             \
  X(workbook_set_properties)      \
  X(workbook_validate_sheet_name) \
  X(worksheet_autofilter)         \
  X(worksheet_freeze_panes)       \
  X(worksheet_set_column)         \
  X(worksheet_write_number)       \
  X(worksheet_write_string)

struct XlsxApi {
  TP_XLSX_FUNCTIONS(TP_DYNAMIC_MEMBER)
};

// Loads libxlsxwriter once (thread-safe: a function-local static).
base::Result<const XlsxApi*> Xlsx() {
  static base::Result<const XlsxApi*> loaded = []() -> base::Result<const XlsxApi*> {
    base::Result<base::DynamicLibrary> lib = base::DynamicLibrary::Open(TP_XLSXWRITER_SONAME);
    if (!lib) return std::move(lib).error();
    static XlsxApi api;
#define TP_XLSX_BIND(name) TP_DYNAMIC_BIND(*lib, api, name)
    TP_XLSX_FUNCTIONS(TP_XLSX_BIND)
#undef TP_XLSX_BIND
    return &api;
  }();
  return loaded;
}

}  // namespace

std::string SafeSheetName(std::string_view title) {
  std::string name = internal::ValidUtf8(title);
  for (char& c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '[' || c == ']' || c == ':' || c == '*' || c == '?' ||
        c == '/' || c == '\\') {
      c = '_';
    }
  }
  auto trim = [](std::string& s) {
    while (!s.empty() && (s.front() == '\'' || s.front() == ' ')) s.erase(s.begin());
    while (!s.empty() && (s.back() == '\'' || s.back() == ' ')) s.pop_back();
  };
  trim(name);
  name = internal::Utf8Prefix(name, 31);
  trim(name);  // cutting can leave a trailing apostrophe or space
  std::string lower;
  for (char c : name) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (name.empty() || lower == "history") return "Risks";
  return name;
}

namespace internal {

base::Status RisksXlsx(const ReportView& view, OutputStream& out, size_t rows_per_sheet) {
  const AnalysisBundle& bundle = view.bundle();
  namespace fs = std::filesystem;
  base::Result<const XlsxApi*> api = Xlsx();
  if (!api) return base::Error(api.error().code(), "risks.xlsx: " + api.error().message());
  const XlsxApi& x = **api;

  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string pattern = (dir / "threatpath-XXXXXX.xlsx").string();
  int fd = mkstemps(pattern.data(), 5);
  if (fd < 0) return base::Error::Io("cannot create a temporary file in " + dir.string());
  close(fd);
  TempFile temp{pattern};

  std::string tmpdir = dir.string();
  lxw_workbook_options options = {};
  // Rows go to a temporary file as they are written, with their strings inline instead of in a
  // shared-strings table: no in-memory tree of cells and strings (on 100k risks about a fifth
  // faster and a fraction of the memory). Rows must come in order, as they do here. The bytes
  // stay deterministic; they differ from the shared-strings layout, the cells do not.
  options.constant_memory = LXW_TRUE;
  options.tmpdir = tmpdir.data();
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* workbook = x.workbook_new_opt(temp.path.c_str(), &options);
  if (workbook == nullptr) return base::Error::Io("cannot start the XLSX workbook");

  std::string buf;
  std::string title = CellText(bundle.model.meta.title, buf);
  std::string subject = "Threatpath risks";
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.subject = subject.data();
  properties.created = CreationTime(bundle.model.meta.date);
  x.workbook_set_properties(workbook, &properties);

  std::string sheet_name = SafeSheetName(bundle.model.meta.title);
  if (x.workbook_validate_sheet_name(workbook, sheet_name.c_str()) != LXW_NO_ERROR) {
    sheet_name = "Risks";
  }
  lxw_format* bold = x.workbook_add_format(workbook);
  x.format_set_bold(bold);

  // Excel holds at most 1,048,576 rows per worksheet: beyond that, the risks go on to further
  // worksheets, each with the header row, in the same order.
  const std::vector<std::string_view>& columns = internal::TableColumns();
  const std::vector<RiskView>& risks = view.risks();
  rows_per_sheet = std::max<size_t>(rows_per_sheet, 1);
  const size_t sheets = std::max<size_t>(1, (risks.size() + rows_per_sheet - 1) / rows_per_sheet);
  for (size_t s = 0; s < sheets; ++s) {
    std::string name = SheetName(sheet_name, s + 1);
    lxw_worksheet* sheet = x.workbook_add_worksheet(workbook, name.c_str());
    if (sheet == nullptr) {
      x.workbook_close(workbook);
      return base::Error::Internal("libxlsxwriter refused the worksheet name '" + name + "'");
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      x.worksheet_set_column(sheet, col, col, ColumnWidth(columns[c]), nullptr);
      x.worksheet_write_string(sheet, 0, col, std::string(columns[c]).c_str(), bold);
    }
    lxw_row_t row = 0;
    const size_t end = std::min(risks.size(), (s + 1) * rows_per_sheet);
    for (size_t i = s * rows_per_sheet; i < end; ++i) {
      ++row;
      TableRow cells(risks[i]);
      for (size_t c = 0; c < TableRow::kCells && c < columns.size(); ++c) {
        auto col = static_cast<lxw_col_t>(c);
        if (TableRow::IsNumber(c)) {
          if (cells.Number(c) != 0) {
            x.worksheet_write_number(sheet, row, col, cells.Number(c), nullptr);
          }
        } else if (!cells[c].empty()) {
          x.worksheet_write_string(sheet, row, col, CellText(cells[c], buf), nullptr);
        }
      }
    }
    x.worksheet_freeze_panes(sheet, 1, 0);
    x.worksheet_autofilter(sheet, 0, 0, row, static_cast<lxw_col_t>(columns.size() - 1));
  }

  lxw_error err = x.workbook_close(workbook);
  if (err != LXW_NO_ERROR) {
    return base::Error::Io(std::string("cannot write the XLSX workbook: ") + x.lxw_strerror(err));
  }
  return CopyTo(temp.path, out);
}

}  // namespace internal

base::Result<std::string> RisksXlsx(const AnalysisBundle& bundle) {
  internal::ReportView view(bundle);
  internal::StringStream out;
  if (base::Status st = internal::RisksXlsx(view, out); !st) return std::move(st).error();
  return std::move(out.text);
}

}  // namespace threatpath::report
