#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/files.h"
#include "cli/command.h"
#include "report/html.h"

namespace threatpath::cli {
namespace {

// The first Chromium found on PATH, or "".
std::string FindChromium() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      std::string dir = dirs.substr(start, end == std::string::npos ? end : end - start);
      std::string candidate = (std::filesystem::path(dir.empty() ? "." : dir) / name).string();
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return "";
}

// Prints `html_file` to `pdf_file` with headless Chromium; returns false with `error` set.
bool PrintToPdf(const std::string& chromium, const std::string& html_file,
                const std::string& pdf_file, std::string& error) {
  std::string profile =
      (std::filesystem::temp_directory_path() / "threatpath-chromium-XXXXXX").string();
  if (!mkdtemp(profile.data())) {
    error = "cannot create a temporary profile folder for Chromium";
    return false;
  }
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + profile,
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + pdf_file,
                                   "file://" + std::filesystem::absolute(html_file).string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    // Chromium is chatty on stderr; keep the user's terminal clean.
    freopen("/dev/null", "w", stderr);
    freopen("/dev/null", "w", stdout);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) {
    error = "cannot start " + chromium;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = chromium + " failed to print the report (exit " +
            std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
  }
  std::error_code ec;
  std::filesystem::remove_all(profile, ec);
  if (error.empty() && !std::filesystem::exists(pdf_file)) error = chromium + " wrote no PDF";
  return error.empty();
}

class ReportCommand : public Command {
 public:
  const char* name() const override { return "report"; }
  const char* help() const override {
    return "Write one self-contained HTML report (diagrams, risks you can sort and filter, attack "
           "paths, assumptions, mitigations, review prompts), or print it to PDF";
  }
  void Define(CLI::App& app) override {
    app.add_option("model", model_, "Model file (native or Threagile)")->required();
    app.add_option("-o,--output", output_, "File to write")->capture_default_str();
    app.add_option("--format", format_,
                   "html, or pdf (needs Debian's chromium; default: from the file's extension)")
        ->check(CLI::IsMember({"html", "pdf"}));
  }
  int Run(GlobalOptions& global) override {
    std::string format = format_;
    if (format.empty()) {
      format = output_.size() > 4 && output_.substr(output_.size() - 4) == ".pdf" ? "pdf" : "html";
    }
    std::string chromium;
    if (format == "pdf") {
      chromium = FindChromium();
      if (chromium.empty()) {
        std::cerr << "--format pdf prints the HTML report with headless Chromium, which is not "
                     "installed; install it (apt-get install chromium) or write HTML instead\n";
        return kExitInvalid;
      }
    }
    Progress progress(global.quiet);
    int code = kExitOk;
    auto a = LoadAndAnalyze(model_, global, {}, progress, code);
    if (!a) return code;
    progress.Step("rendering the report");
    report::AnalysisBundle bundle{a->model, a->result, a->paths, a->prompts, *a->catalog};
    auto html = report::HtmlReportWithDiagrams(bundle);
    progress.Done();
    if (!html) return Fail(html.error());
    if (format == "html") {
      auto st = app::WriteFileAtomic(output_, *html);
      if (!st) return Fail(st.error());
    } else {
      std::string tmp_html = output_ + ".tmp-report.html";
      auto st = app::WriteFileAtomic(tmp_html, *html);
      if (!st) return Fail(st.error());
      std::string tmp_pdf = output_ + ".tmp-report.pdf";
      std::string error;
      progress.Step("printing to PDF");
      bool ok = PrintToPdf(chromium, tmp_html, tmp_pdf, error);
      progress.Done();
      std::error_code ec;
      std::filesystem::remove(tmp_html, ec);
      if (ok) std::filesystem::rename(tmp_pdf, output_, ec);
      if (!ok || ec) {
        std::filesystem::remove(tmp_pdf, ec);
        std::cerr << (error.empty() ? output_ + ": cannot write" : error) << "\n";
        return kExitInvalid;
      }
    }
    if (output_ != "-" && !global.quiet) std::cout << "wrote " << output_ << "\n";
    return kExitOk;
  }

 private:
  std::string model_, output_ = "report.html", format_;
};

}  // namespace

std::unique_ptr<Command> MakeReportCommand() { return std::make_unique<ReportCommand>(); }

}  // namespace threatpath::cli
