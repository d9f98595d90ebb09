#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "report/report.h"

namespace threatpath::app {

/// A report::OutputSink that writes files into a folder all or nothing: each file is streamed
/// to a temporary file beside its target (".NAME.tmp-XXXXXX"), and only Commit() renames them
/// to the targets, in the order they were opened (an old target is moved aside first and removed
/// at the end). Until then, and if anything fails, the targets keep their old contents; the
/// temporary files are removed when the object goes away.
/// Open may be called from several threads.
class OutputDir : public report::OutputSink {
 public:
  /// The folder must exist.
  explicit OutputDir(std::string dir);
  ~OutputDir() override;
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  base::Result<std::unique_ptr<report::OutputStream>> Open(const std::string& name,
                                                           bool figure) override;

  /// Renames every closed file to its target. Fails when a file is still open or a rename
  /// fails (files renamed before the failure stay; the failed one's old target is put back).
  base::Status Commit();

  /// Files opened so far, in order, with whether they are figures, and bytes written.
  struct Entry {
    std::string name;
    bool figure = false;
    uint64_t bytes = 0;
  };
  std::vector<Entry> Entries() const;

 private:
  struct File;
  class Stream;
  std::string dir_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<File>> files_;
};

}  // namespace threatpath::app
