#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace threatpath::cli {

/// A plain text table for terminal output: columns padded to their widest cell, the last column
/// left unpadded. Cells are counted in characters, not bytes.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace threatpath::cli
