#include "publish.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "secrets.h"

extern char** environ;

namespace fs = std::filesystem;

namespace casebase::contrib {

namespace {

constexpr size_t kMaxGitOutput = 1 << 20;

struct Run {
  int code = -1;
  std::string out;
};

// Runs git with `args` in `dir`, extra environment `env` ("K=V"), stdin
// from /dev/null, stdout captured (bounded), stderr into stdout (or
// dropped).
Run git(const std::string& dir, const std::vector<std::string>& args, const std::vector<std::string>& env = {},
        bool with_stderr = true) {
  std::vector<std::string> argv_s = {"git", "-C", dir};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    // The child's identity comes from `env` only; no pager, no prompts.
    if (kv.rfind("GIT_", 0) == 0) continue;
    env_s.push_back(kv);
  }
  env_s.insert(env_s.end(), env.begin(), env.end());
  env_s.push_back("GIT_TERMINAL_PROMPT=0");
  env_s.push_back("GIT_PAGER=cat");
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  Run r;
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return r;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  if (with_stderr) {
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  } else {
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    r.out = "cannot run git";
    return r;
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (r.out.size() < kMaxGitOutput) r.out.append(buf, static_cast<size_t>(n));
  }
  close(pipefd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool in_git_work_tree(const std::string& dir) {
  Run r = git(dir, {"rev-parse", "--is-inside-work-tree"});
  return r.code == 0 && trim(r.out) == "true";
}

std::string ident(const Person& p) { return p.name + " <" + p.email + ">"; }

fs::path file_of(const std::string& content_dir, const std::string& article_id) {
  return fs::path(content_dir) / (article_id + ".md");
}

}  // namespace

std::string article_text(const std::string& content_dir, const std::string& article_id) {
  std::ifstream in(file_of(content_dir, article_id), std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool article_exists(const std::string& content_dir, const std::string& article_id) {
  std::error_code ec;
  return fs::is_regular_file(file_of(content_dir, article_id), ec);
}

Result<std::string> publish(const std::string& content_dir, const std::string& article_id, const std::string& markdown,
                            const Person& author, const Person& committer, const std::string& message) {
  return publish_file(content_dir, article_id + ".md", markdown, author, committer, message);
}

Result<std::string> publish_file(const std::string& content_dir, const std::string& relative, const std::string& text,
                                 const Person& author, const Person& committer, const std::string& message) {
  const fs::path file = fs::path(content_dir) / relative;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return Status::io(file.parent_path().string() + ": cannot create: " + ec.message());
  const fs::path tmp = file.parent_path() / ("." + file.filename().string() + ".tmp-" + random_hex(6));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      return Status::io(tmp.string() + ": cannot write");
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::io(file.string() + ": cannot write: " + ec.message());
  }
  if (!in_git_work_tree(content_dir)) return std::string();
  const std::string rel = fs::relative(file, content_dir, ec).generic_string();
  Run add = git(content_dir, {"add", "--", rel});
  if (add.code != 0) return Status::io("git add " + rel + ": " + trim(add.out));
  // --only: the editor's commit holds this file alone, whatever else is staged.
  Run commit = git(content_dir, {"commit", "--quiet", "--no-verify", "--only", "--author", ident(author), "-m", message, "--", rel},
                   {"GIT_COMMITTER_NAME=" + committer.name, "GIT_COMMITTER_EMAIL=" + committer.email});
  if (commit.code != 0) {
    // Nothing to commit (the text equals the file) is no error.
    if (git(content_dir, {"diff", "--cached", "--quiet", "--", rel}).code == 0) return std::string();
    return Status::io("git commit " + rel + ": " + trim(commit.out));
  }
  Run head = git(content_dir, {"rev-parse", "HEAD"});
  return trim(head.out);
}

std::pair<std::string, bool> merge_texts(const std::string& base, const std::string& current, const std::string& mine) {
  std::error_code ec;
  const fs::path dir = fs::temp_directory_path(ec) / ("casebase-merge-" + random_hex(8));
  fs::create_directories(dir, ec);
  for (const auto& [name, text] : {std::pair{"published", &current}, {"base", &base}, {"submission", &mine}}) {
    std::ofstream(dir / name, std::ios::binary) << *text;
  }
  Run r = git(dir.string(), {"merge-file", "-p", "-L", "published", "-L", "base", "-L", "submission", "published", "base",
                             "submission"},
          {}, false);
  fs::remove_all(dir, ec);
  return {r.out, r.code == 0};
}

std::string text_diff(const std::string& before, const std::string& after) {
  if (before == after) return "";
  std::error_code ec;
  const fs::path dir = fs::temp_directory_path(ec) / ("casebase-diff-" + random_hex(8));
  fs::create_directories(dir, ec);
  std::ofstream(dir / "published", std::ios::binary) << before;
  std::ofstream(dir / "submission", std::ios::binary) << after;
  Run r = git(dir.string(), {"diff", "--no-index", "--no-color", "--no-ext-diff", "-U3", "--", "published", "submission"},
              {}, false);
  fs::remove_all(dir, ec);
  // Drop the headers (diff --git, index, ---, +++): the hunks start at "@@".
  const size_t hunk = r.out.find("\n@@");
  return hunk == std::string::npos ? "" : r.out.substr(hunk + 1);
}

std::vector<HistoryEntry> article_history(const std::string& content_dir, const std::string& article_id, int limit) {
  std::vector<HistoryEntry> out;
  std::error_code ec;
  const fs::path file = file_of(content_dir, article_id);
  if (!fs::is_regular_file(file, ec) || !in_git_work_tree(content_dir)) return out;
  Run log = git(content_dir, {"log", "--follow", "-n", std::to_string(limit), "--format=%H%x1f%an%x1f%cn%x1f%aI%x1f%s",
                              "--", fs::relative(file, content_dir, ec).generic_string()});
  if (log.code != 0) return out;
  std::istringstream lines(log.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\x1f') {
        f.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    }
    if (f.size() == 5) out.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return out;
}

}  // namespace casebase::contrib
