#include "app/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace threatpath::app {

using base::Error;

base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (text.size() > max_bytes)
      return Error(Error::Code::kLimitExceeded, "<stdin>: input too large");
    return text;
  }
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Error::NotFound(path + ": no such file");
  }
  if (std::filesystem::is_directory(status))
    return Error::Io(path + ": is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Io(path + ": cannot open: " + std::strerror(errno));
  // A regular file is read in one go; pipes (`<(git show HEAD~1:model.yaml)`), FIFOs and /proc
  // files cannot seek, so they are read to the end in chunks below.
  std::streamoff size = 0;
  if (std::filesystem::is_regular_file(status)) {
    in.seekg(0, std::ios::end);
    size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (!in) {  // not seekable after all: read it in chunks from the start
      in.clear();
      size = 0;
    }
  }
  if (size > 0 && static_cast<size_t>(size) > max_bytes) {
    return Error(Error::Code::kLimitExceeded, path + ": file is " + std::to_string(size) +
                                                  " bytes, over the limit of " +
                                                  std::to_string(max_bytes));
  }
  std::string text;
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  // Files that report no size (pipes, /proc) are read to the end in chunks.
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes)
      return Error(Error::Code::kLimitExceeded, path + ": file too large");
  }
  if (in.bad()) return Error::Io(path + ": read failed");
  return text;
}

base::Status WriteFileAtomic(const std::string& path, std::string_view text) {
  if (path == "-") {
    std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::cout.flush();
    if (!std::cout) return Error::Io("<stdout>: write failed");
    return base::OkStatus();
  }
  std::filesystem::path target(path);
  std::filesystem::path dir = target.parent_path().empty() ? "." : target.parent_path();
  std::string name = ".";
  name += target.filename().string();
  name += ".tmp-XXXXXX";
  std::string tmpl = (dir / name).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0)
    return Error::Io(path + ": cannot create a file in " + dir.string() + ": " +
                     std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return Error::Io(path + ": write failed: " + why);
    }
    done += static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (::close(fd) != 0 || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return Error::Io(path + ": cannot write: " + why);
  }
  return base::OkStatus();
}

}  // namespace threatpath::app
