#include "cli.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "article_template.h"
#include "casebase/document.h"
#include "casebase/config_file.h"
#include "casebase/front_matter.h"
#include "casebase/file.h"
#include "casebase/index_writer.h"
#include "casebase/schema.h"
#include "casebase/text.h"
#include "files.h"

namespace fs = std::filesystem;

namespace casebase::indexer {

namespace {
// The settings file's keys for the indexer (config_file.h).
const std::vector<std::string> kFileKeys = {"db",     "content", "schema",    "synonyms", "quiet", "max_file_bytes",
                                            "strict", "shard",   "changesets"};
}  // namespace

int shard_of(const std::string& id, int n) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % static_cast<uint64_t>(n));
}

Result<Options> parse_args(int argc, const char* const* argv) {
  Options o;
  CLI::App app{"casebase-index: index Markdown articles into a Xapian database"};
  app.set_help_flag("-h,--help", "print this help");
  std::string config_file;
  app.add_option("--config-file", config_file,
                 "settings file (YAML, docs/OPERATIONS.md: the shared keys and `index:`); flags override it");
  app.add_option("--content", o.content_dir, "content folder to index (default: content)");
  app.add_option("--db", o.db_path, "Xapian database folder (default: var/index)");
  app.add_option("--config", o.config_path, "schema file (default: <content>/casebase.yaml or built-in)");
  app.add_option("--synonyms", o.synonyms_path, "synonym file (default: <content>/_synonyms.yaml)");
  app.add_flag("--full", o.full, "rebuild the whole index instead of updating it");
  app.add_flag("--watch", o.watch, "keep running and re-index when a file changes");
  app.add_flag("-q,--quiet", o.quiet, "no progress output");
  app.add_option("--max-file-bytes", o.budget.max_file_bytes, "largest article file (default 512 KiB; see docs/SCHEMA.md)");
  app.add_option("--changesets", o.changesets,
                 "keep the last N updates as changesets for read replicas (xapian-replicate; docs/OPERATIONS.md)")
      ->check(CLI::Range(0, 1000));
  std::string shard;
  app.add_option("--shard", shard,
                 "I/N: index only the articles of shard I of N (by a stable hash of the id), e.g. --shard 0/2; each "
                 "shard's index is served by casebase-shard and searched as one with casebase-serve --db ... --db ...");
  app.add_flag("--strict", o.strict,
               "warnings become errors: --strict for all, --strict=CODE,CODE for the codes shown in [brackets]");
  auto* check = app.add_subcommand("check", "validate articles against the schema without indexing");
  check->add_option("paths", o.paths, "files or folders (default: the content folder)");
  check->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--lang", o.lang, "explain each mistake in nl (Dutch) or en (English)")
      ->check(CLI::IsMember({"nl", "en"}));
  auto* nw = app.add_subcommand("new", "write a new article from the template");
  nw->add_option("title", o.title, "the article's title")->required();
  nw->add_option("--section", o.section, "sub-folder of the content folder (default: the schema's template_folder, `cases` for the case library)");
  check->fallthrough();
  nw->fallthrough();
  app.require_subcommand(0, 1);
  std::vector<std::string> args;
  if (const std::string file = config_file_arg(argc, argv); !file.empty()) {
    auto settings = load_config_args(file, "index", kFileKeys, {}, {"quiet"});
    if (!settings.ok()) return Status::invalid_argument(settings.status().to_string());
    args = merge_config_args(*settings, argc, argv);
  } else {
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    o.usage = app.help();
    return o;
  } catch (const CLI::ParseError& e) {
    return Status::invalid_argument(std::string(e.what()) + "\n" + app.help());
  }
  if (!shard.empty()) {
    const size_t slash = shard.find('/');
    char* end = nullptr;
    const long i = std::strtol(shard.c_str(), &end, 10);
    const long n = slash == std::string::npos ? 0 : std::strtol(shard.c_str() + slash + 1, nullptr, 10);
    if (slash == std::string::npos || end != shard.c_str() + slash || n < 1 || n > 1024 || i < 0 || i >= n ||
        shard.find_first_not_of("0123456789/") != std::string::npos) {
      return Status::invalid_argument("--shard: expected I/N with 0 <= I < N <= 1024, e.g. 0/2\n" + app.help(), "--shard");
    }
    o.shard_index = static_cast<int>(i);
    o.shard_count = static_cast<int>(n);
  }
  // A bare flag reads as "true" (CLI11); with `=CODE,CODE` it is the list.
  if (o.strict == "true") o.strict = "all";
  std::string bad_code;
  auto strict = parse_strictness(o.strict, &bad_code);
  if (!strict) return Status::invalid_argument("--strict: " + bad_code + "\n" + app.help(), "--strict");
  o.strictness = *strict;
  if (check->parsed()) o.command = Command::kCheck;
  if (nw->parsed()) o.command = Command::kNew;
  o.usage = app.help();
  return o;
}

namespace {

Result<Schema> load_config(const Options& o) {
  if (!o.config_path.empty()) return load_schema(o.config_path);
  // The content folder's own schema is content, written by contributors: a
  // symbolic link there is refused, like an article's.
  const fs::path def = fs::path(o.content_dir) / "casebase.yaml";
  std::error_code ec;
  if (!fs::exists(def, ec) && !fs::is_symlink(def, ec)) return default_schema();
  auto text = read_file(def.string(), 16u << 20, Links::kRefuse);
  if (!text.ok()) return text.status();
  return parse_schema(*text, def.string());
}

class Progress {
 public:
  Progress(std::ostream& err, size_t total, bool enabled)
      : err_(err), total_(total), enabled_(enabled && isatty(STDERR_FILENO) && total >= 200) {}
  void tick(size_t done) {
    if (!enabled_ || (done % 50 != 0 && done != total_)) return;
    int width = 30;
    int filled = static_cast<int>(width * done / std::max<size_t>(total_, 1));
    err_ << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/" << total_
         << std::flush;
  }
  void finish() {
    if (enabled_) err_ << "\r" << std::string(60, ' ') << "\r" << std::flush;
  }

 private:
  std::ostream& err_;
  size_t total_;
  bool enabled_;
};

// One index run: plan (ids, unchanged files), index the rest on one
// thread per shard, finish (restamps, removals, synonyms, commit), report.
class IndexRun {
 public:
  IndexRun(const Options& o, const Schema& schema, IndexWriter& w, std::ostream& err)
      : o_(o), schema_(schema), w_(w), err_(err), existing_(w.existing()) {}

  // First, cheaply: ids, duplicate ids, and files unchanged by time and size.
  // At 100k files this is most of a 1-file update: one id per file, and
  // files sharing an id found by sorting (not a map of owner lists).
  void plan(const std::vector<FileEntry>& files) {
    std::vector<std::string> ids(files.size());
    std::vector<size_t> by_id(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      ids[i] = id_from_path(files[i].rel);
      by_id[i] = i;
    }
    std::sort(by_id.begin(), by_id.end(), [&](size_t a, size_t b) { return std::tie(ids[a], a) < std::tie(ids[b], b); });
    std::vector<char> shared(files.size(), 0);
    for (size_t k = 0; k + 1 < by_id.size(); ++k) {
      if (!ids[by_id[k]].empty() && ids[by_id[k]] == ids[by_id[k + 1]]) shared[by_id[k]] = shared[by_id[k + 1]] = 1;
    }
    seen_.reserve(existing_.size());
    for (size_t i = 0; i < files.size(); ++i) {
      const FileEntry& f = files[i];
      if (shared[i]) {
        std::vector<const FileEntry*> owners;
        auto first = std::lower_bound(by_id.begin(), by_id.end(), ids[i], [&](size_t a, const std::string& id) { return ids[a] < id; });
        for (auto k = first; k != by_id.end() && ids[*k] == ids[i]; ++k) owners.push_back(&files[*k]);
        report_collision(f, ids[i], owners);
        continue;
      }
      std::string stamp = file_stamp(f.path);
      auto it = existing_.find(ids[i]);
      if (it != existing_.end() && has_stamp(it->second, stamp)) {
        seen_.insert(it->first);  // same modification time and size as when indexed: unread
        ++unchanged_;
        continue;
      }
      todo_.push_back({&f, std::move(ids[i]), std::move(stamp)});
    }
  }

  // An indexed state ("hash\tstamp") of a file with this stamp.
  static bool has_stamp(const std::string& state, const std::string& stamp) {
    return !stamp.empty() && state.size() > stamp.size() && state[state.size() - stamp.size() - 1] == '\t' &&
           state.compare(state.size() - stamp.size(), stamp.size(), stamp) == 0;
  }

  // The indexed article `id` stays (a file of the walk has it).
  void keep(const std::string& id) {
    auto it = existing_.find(id);
    if (it != existing_.end()) seen_.insert(it->first);
  }

  // Files whose paths give one id (a.md and a.markdown, A.md and a.md) are
  // each an error and none is read, whichever sorts first: the article
  // already indexed under that id stays as it is, so a new file can never
  // take over another's article (issue 12), and nothing indexed is lost.
  void report_collision(const FileEntry& f, const std::string& id, const std::vector<const FileEntry*>& owners) {
    std::string others;
    for (const FileEntry* o : owners) {
      if (o != &f) others += (others.empty() ? "`" : ", `") + o->rel + "`";
    }
    problems_.push_back(make_diagnostic(
        DiagCode::kDuplicateId, {f.path.string(), 1, 1},
        "id `" + id + "` is also the id of " + others + ": rename all but one (none of them is indexed until then)"));
    ++skipped_;
    keep(id);
  }

  // Then read, parse and index the rest: one thread per shard of the writer
  // (a rebuild uses every core), shard k taking files k, k+n, k+2n, …
  // Returns false when the index could not be written (fatal_).
  bool index_all() {
    Progress progress(err_, todo_.size(), !o_.quiet);
    const size_t nshards = w_.shards();
    std::vector<std::thread> threads;
    for (size_t k = 1; k < nshards; ++k) threads.emplace_back([&, k] { index_shard(k, nshards, nullptr); });
    index_shard(0, nshards, &progress);
    for (auto& th : threads) th.join();
    if (!failed_) progress.finish();
    return !failed_;
  }

  // Restamps, removals, synonyms and the single commit. Returns the error
  // that stops the run (the index is unchanged then).
  Status finish() {
    for (const Todo* t : restamps_) {
      const std::string& state = existing_.at(t->id);
      if (Status st = w_.restamp(t->id, state.substr(0, state.find('\t')), t->stamp); !st.ok()) return st;
    }
    for (const auto& [id, hash] : existing_) {
      if (seen_.count(id)) continue;
      if (Status st = w_.remove(id); !st.ok()) return st;
      ++removed_;
    }
    if (Status st = set_synonyms(); !st.ok()) return st;
    return w_.commit();
  }

  // Threads finish in any order; report in file order. Every error is
  // shown; warnings (which do not change the exit code) up to a bound, so a
  // corpus indexed with another schema does not drown its errors.
  void report(std::ostream& out, double secs) const {
    auto by_place = [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
    };
    std::vector<Diagnostic> warnings = warnings_;
    std::stable_sort(warnings.begin(), warnings.end(), by_place);
    constexpr size_t kMaxWarnings = 20;
    const size_t hidden = warnings.size() > kMaxWarnings ? warnings.size() - kMaxWarnings : 0;
    std::vector<Diagnostic> all = problems_;
    all.insert(all.end(), warnings.begin(), warnings.end() - static_cast<std::ptrdiff_t>(hidden));
    std::stable_sort(all.begin(), all.end(), by_place);
    for (const auto& p : all) err_ << p.to_string() << "\n";
    if (hidden > 0) {
      err_ << "… and " << hidden << " more warnings; `casebase-index "
           << (o_.config_path.empty() ? "" : "--config " + o_.config_path + " ") << "check " << o_.content_dir
           << "` lists them all\n";
    }
    // No rate when nothing was indexed ("0 articles/s" says nothing). Over a
    // few articles it mostly measures the fixed costs (walk, commit).
    char rate[64];
    if (indexed_ > 0 && secs > 0) {
      std::snprintf(rate, sizeof rate, "%.2f s, %.0f articles/s", secs, indexed_ / secs);
    } else {
      std::snprintf(rate, sizeof rate, "%.2f s", secs);
    }
    out << "indexed " << indexed_ << ", unchanged " << unchanged_ << ", removed " << removed_ << ", skipped "
        << skipped_ << " (" << items_ << " lesson/pro/con items, " << syn_groups_ << " synonym groups) in " << rate
        << "\n";
    if (!restamps_.empty()) {
      out << restamps_.size() << (restamps_.size() == 1 ? " file was" : " files were")
          << " touched but not changed: read again, compared by content hash, not re-indexed\n";
    }
  }

  std::vector<Diagnostic>& problems() { return problems_; }
  const std::string& fatal() const { return fatal_; }

 private:
  struct Todo {
    const FileEntry* file;
    std::string id;
    std::string stamp;
  };

  void index_shard(size_t shard, size_t nshards, Progress* progress) {
    DocumentBuilder builder(schema_);
    for (size_t j = shard; j < todo_.size() && !failed_; j += nshards) {
      if (progress) progress->tick(done_.load());
      ++done_;
      if (!index_one(todo_[j], builder, shard)) return;
    }
  }

  // A file that fails is recorded and skipped; false only when the index
  // cannot be written.
  bool index_one(const Todo& t, DocumentBuilder& builder, size_t shard) {
    auto it = existing_.find(t.id);
    auto text = read_article(*t.file, o_.budget.max_file_bytes);
    if (!text.ok()) return skip(diagnostic_from(text.status()), false, t.id);
    if (it != existing_.end() && it->second.substr(0, it->second.find('\t')) == content_hash(*text)) {
      std::lock_guard<std::mutex> g(mu_);
      keep(t.id);
      ++unchanged_;
      restamps_.push_back(&t);
      return true;
    }
    auto a = build_article(*text, t.file->path.string(), t.file->rel, schema_, {.budget = o_.budget, .today = {}});
    // A broken edit keeps the last good version searchable.
    if (!a.ok()) return skip(diagnostic_from(a.status()), it != existing_.end(), t.id);
    a->stamp = t.stamp;
    if (!keep_diagnostics(a->diagnostics)) return skip({}, it != existing_.end(), t.id);
    size_t n_items = a->items.size();
    if (Status st = w_.put(builder.build(*a), shard); !st.ok()) {
      std::lock_guard<std::mutex> g(mu_);
      fatal_ = st.message();
      failed_ = true;
      return false;
    }
    std::lock_guard<std::mutex> g(mu_);
    keep(t.id);
    ++indexed_;
    items_ += n_items;
    return true;
  }

  // Keeps the diagnostics `check` counts as errors as warnings of the run
  // (the article is indexed); a --strict error instead becomes a problem
  // and the article is skipped (returns false).
  bool keep_diagnostics(const std::vector<Diagnostic>& diags) {
    std::lock_guard<std::mutex> g(mu_);
    bool ok = true;
    for (Diagnostic d : diags) {
      d.severity = severity_of(d.code, false, o_.strictness);
      if (d.severity == Severity::kError) {
        problems_.push_back(d);
        ok = false;
      } else if (diag_rule(d.code).check_error) {
        warnings_.push_back(d);
      }
    }
    return ok;
  }

  bool skip(std::optional<Diagnostic> d, bool keep_old, const std::string& id) {
    std::lock_guard<std::mutex> g(mu_);
    if (d) problems_.push_back(*d);
    ++skipped_;
    if (keep_old) keep(id);
    return true;
  }

  Status set_synonyms() {
    std::string syn = o_.synonyms_path;
    Links links = Links::kFollow;  // a file named on the command line is the operator's
    const fs::path def = fs::path(o_.content_dir) / "_synonyms.yaml";
    std::error_code ec;
    if (syn.empty() && (fs::exists(def, ec) || fs::is_symlink(def, ec))) {
      syn = def.string();
      links = Links::kRefuse;  // the content folder's is content: no link is followed
    }
    // The schema's vocabularies (labels, aliases) first, then the file's.
    std::vector<std::vector<std::string>> all = vocabulary_synonyms(schema_);
    if (syn.empty()) return w_.set_synonyms(all);
    auto groups = load_synonyms(syn, links);
    if (!groups.ok()) {
      Diagnostic d = diagnostic_from(groups.status());
      d.code = DiagCode::kBadSynonyms;
      if (d.loc.file.empty()) d.loc = {syn, 1, 1};  // an unreadable file: name it, not ":0:0"
      problems_.push_back(d);
      return {};
    }
    syn_groups_ = groups->size();
    all.insert(all.end(), groups->begin(), groups->end());
    return w_.set_synonyms(all);
  }

  const Options& o_;
  const Schema& schema_;
  IndexWriter& w_;
  std::ostream& err_;
  const std::unordered_map<std::string, std::string>& existing_;
  std::vector<Todo> todo_;
  std::mutex mu_;
  std::unordered_set<std::string_view> seen_;  // ids of existing_ (its keys) that stay
  std::vector<const Todo*> restamps_;  // read again (new time or size), same content
  std::vector<Diagnostic> problems_;   // errors: the file was not indexed
  std::vector<Diagnostic> warnings_;   // indexed, but `check` would fail them
  std::atomic<size_t> done_{0};
  std::atomic<bool> failed_{false};
  std::string fatal_;
  size_t indexed_ = 0, unchanged_ = 0, removed_ = 0, skipped_ = 0, items_ = 0, syn_groups_ = 0;
};

int run_index_once(const Options& o, const Schema& schema, std::ostream& out, std::ostream& err) {
  auto t0 = std::chrono::steady_clock::now();
  if (!fs::is_directory(o.content_dir)) {
    err << o.content_dir << ": error: content folder does not exist\n";
    return 2;
  }
  std::vector<Diagnostic> walk_problems;
  auto files = walk(o.content_dir, walk_problems);
  if (o.shard_count > 0) {
    std::erase_if(files, [&](const FileEntry& f) { return shard_of(id_from_path(f.rel), o.shard_count) != o.shard_index; });
  }
  std::error_code ec;
  fs::path parent = fs::path(o.db_path).parent_path();
  fs::create_directories(parent.empty() ? fs::path(".") : parent, ec);
  auto writer = IndexWriter::open(o.db_path, schema, o.full);
  if (!writer.ok()) {
    err << "casebase-index: " << writer.status().message() << "\n";
    return 3;
  }
  IndexRun run(o, schema, **writer, err);
  run.problems() = std::move(walk_problems);
  run.plan(files);
  if (!run.index_all()) {
    err << "casebase-index: " << run.fatal() << "\n";
    return 3;
  }
  if (Status st = run.finish(); !st.ok()) {
    err << "casebase-index: " << st.message() << "\n";
    return 3;
  }
  run.report(out, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return run.problems().empty() ? 0 : 1;
}

// Snapshot of (path -> mtime,size) for --watch.
std::map<std::string, std::pair<long long, uintmax_t>> snapshot(const std::string& root) {
  std::map<std::string, std::pair<long long, uintmax_t>> s;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    auto t = fs::last_write_time(it->path(), ec).time_since_epoch().count();
    s[it->path().string()] = {static_cast<long long>(t), it->file_size(ec)};
  }
  return s;
}

// The files `check` reads: each path given (or the content folder), with
// ids as the indexer would give them: relative to the content folder, or,
// for a folder outside it, to that folder (its own content root).
// `p` relative to the content folder, with `/`; "" when it is not inside it.
// Lexical, from absolute paths: fs::relative gives "" when the content
// folder does not exist (a draft checked from the desktop).
std::string rel_to_content(const fs::path& p, const std::string& content_dir) {
  std::error_code ec;
  const fs::path abs = fs::absolute(p, ec).lexically_normal();
  const fs::path base = fs::absolute(content_dir, ec).lexically_normal();
  if (ec) return "";
  const std::string rel = abs.lexically_relative(base).generic_string();
  return rel.empty() || rel == "." || rel.rfind("..", 0) == 0 ? "" : rel;
}

std::vector<FileEntry> files_to_check(const Options& o, std::vector<Diagnostic>& diags) {
  std::vector<FileEntry> files;
  std::vector<std::string> roots = o.paths.empty() ? std::vector<std::string>{o.content_dir} : o.paths;
  for (const auto& r : roots) {
    std::error_code ec;
    if (fs::is_directory(r, ec)) {
      for (auto& f : walk(r, diags)) {
        if (std::string rel = rel_to_content(f.path, o.content_dir); !rel.empty()) f.rel = rel;
        files.push_back(f);
      }
    } else if (fs::exists(r, ec)) {
      std::string rel = rel_to_content(r, o.content_dir);
      if (rel.empty()) rel = fs::path(r).filename().generic_string();  // outside: named by its file
      files.push_back({r, rel, {}, {}});
    } else {
      diags.push_back(make_diagnostic(DiagCode::kNoSuchFile, {r, 0, 0}, "no such file or folder"));
    }
  }
  return files;
}

// The lines of `text` (without their line ends).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// The YAML errors of a front matter, entry by entry: each top-level entry
// (a line starting with a key, and the indented or `-` lines after it) is
// parsed on its own, so one broken entry does not hide the next. The
// broken entries are blanked in `text` (their keys added to `keys`).
// Empty when no single entry fails (the error spans entries).
std::vector<Diagnostic> front_matter_entry_errors(std::string& text, const std::string& path, std::set<std::string>& keys) {
  std::vector<std::string> lines = lines_of(text);
  size_t open = 0;
  while (open < lines.size() && lines[open].find_first_not_of(" \t\r") == std::string::npos) ++open;
  if (open == lines.size() || lines[open].rfind("---", 0) != 0) return {};
  size_t close = open + 1;
  while (close < lines.size() && lines[close] != "---" && lines[close] != "---\r" && lines[close] != "...") ++close;
  if (close == lines.size()) return {};
  std::vector<std::pair<size_t, size_t>> entries;  // [first, last] line indexes
  for (size_t l = open + 1; l < close; ++l) {
    const std::string& x = lines[l];
    const bool starts = !x.empty() && x[0] != ' ' && x[0] != '\t' && x[0] != '-' && x[0] != '#' && x[0] != '\r';
    if (starts || entries.empty()) {
      entries.emplace_back(l, l);
    } else {
      entries.back().second = l;
    }
  }
  std::vector<Diagnostic> out;
  for (const auto& [first, last] : entries) {
    std::string one = "---\n";
    for (size_t l = first; l <= last; ++l) one += lines[l] + "\n";
    one += "---\n";
    auto r = parse_front_matter(one, path);
    if (r.ok()) continue;
    Diagnostic d = diagnostic_from(r.status());
    // Line 2 of `one` is the entry's first line; an error found past the
    // entry (an unclosed list) is reported at its start.
    const int at = static_cast<int>(first) + 1 + std::max(d.loc.line - 2, 0);
    if (at > static_cast<int>(last) + 1) {
      d.loc.line = static_cast<int>(first) + 1;
      d.loc.col = 1;
    } else {
      d.loc.line = at;
    }
    out.push_back(d);
    std::string key;
    if (size_t colon = lines[first].find(':'); colon != std::string::npos) {
      key = lines[first].substr(0, colon);
      while (!key.empty() && key.back() == ' ') key.pop_back();
      keys.insert(key);
    }
    for (size_t l = first; l <= last; ++l) lines[l] = "#";
    // Without a title nothing else is checked: a stand-in keeps the rest.
    if (key == "title") lines[first] = "title: \"-\"";
  }
  if (out.empty()) return out;
  text.clear();
  for (size_t l = 0; l < lines.size(); ++l) text += lines[l] + (l + 1 < lines.size() ? "\n" : "");
  return out;
}

// Checks one article's text (`path` as shown, `rel` inside the content
// folder): its diagnostics with their severity in `check`, and duplicate
// ids and titles across the texts seen so far; its links are kept for
// check_links.
void check_article(const Options& o, const Schema& schema, const FileEntry& f, const std::string& text,
                   std::map<std::string, std::string>& ids, std::map<std::string, std::string>& titles,
                   std::vector<Diagnostic>& diags, std::vector<std::pair<FileEntry, std::vector<LinkRef>>>& links) {
  // Every YAML error of the front matter, where the parser allows: after
  // one, each top-level entry (`key:` and its indented lines) is read on
  // its own, the broken ones are reported and blanked, and the file is read
  // again for its other mistakes. What follows only from a blanked entry
  // (its key now missing) is not reported.
  std::string current = text;
  std::set<std::string> blanked_keys;
  auto a = build_article(current, f.path.string(), f.rel, schema, {.budget = o.budget, .today = {}});
  if (!a.ok() && a.status().diag_code() == DiagCode::kBadYaml) {
    std::vector<Diagnostic> broken = front_matter_entry_errors(current, f.path.string(), blanked_keys);
    if (broken.empty()) return diags.push_back(diagnostic_from(a.status()));
    diags.insert(diags.end(), broken.begin(), broken.end());
    a = build_article(current, f.path.string(), f.rel, schema, {.budget = o.budget, .today = {}});
  }
  auto follows_from_blanking = [&](const Diagnostic& d) {
    if (d.code != DiagCode::kMissingRequired && d.code != DiagCode::kNoTitle) return false;
    for (const auto& k : blanked_keys) {
      if (d.message.find("`" + k + "`") != std::string::npos || (k == "title" && d.code == DiagCode::kNoTitle)) return true;
    }
    return false;
  };
  if (!a.ok()) {
    const Diagnostic d = diagnostic_from(a.status());
    if (!follows_from_blanking(d)) diags.push_back(d);
    return;
  }
  links.emplace_back(f, a->md.links);
  for (auto d : a->diagnostics) {
    d.severity = severity_of(d.code, true, o.strictness);
    if (!follows_from_blanking(d)) diags.push_back(d);
  }
  auto note = [&](DiagCode code, std::string msg) {
    Diagnostic d = make_diagnostic(code, {f.path.string(), 1, 1}, std::move(msg));
    d.severity = severity_of(code, true, o.strictness);
    diags.push_back(d);
  };
  if (auto it = ids.find(a->id); it != ids.end()) {
    note(DiagCode::kDuplicateId, "duplicate id `" + a->id + "` (also " + it->second + ")");
  } else {
    ids[a->id] = f.path.string();
  }
  std::string tkey = normalize_keyword(a->title);
  if (auto it = titles.find(tkey); it != titles.end()) {
    note(DiagCode::kDuplicateTitle, "duplicate title `" + a->title + "` (also " + it->second + ")");
  } else {
    titles[tkey] = f.path.string();
  }
}

void check_file(const Options& o, const Schema& schema, const FileEntry& f, std::map<std::string, std::string>& ids,
                std::map<std::string, std::string>& titles, std::vector<Diagnostic>& diags,
                std::vector<std::pair<FileEntry, std::vector<LinkRef>>>& links) {
  auto text = read_article(f, o.budget.max_file_bytes);
  if (!text.ok()) return diags.push_back(diagnostic_from(text.status()));
  check_article(o, schema, f, *text, ids, titles, diags, links);
}

// The article id a link points to inside the content folder ("../cases/x.md"
// from "cases/y.md", "/articles/cases/x"), "" for a link elsewhere (a web
// address, an anchor, an image or file), and "\n" for a path that climbs
// out of the content folder.
std::string linked_id(const std::string& url, const std::string& from_rel) {
  std::string u = url.substr(0, url.find_first_of("?#"));
  if (u.empty() || u.rfind("//", 0) == 0) return "";
  const size_t colon = u.find(':');
  if (colon != std::string::npos && colon < u.find('/')) return "";  // a scheme: https:, mailto:
  if (u.rfind("/articles/", 0) == 0) {
    u = u.substr(10);
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u.empty() ? "" : u;
  }
  if (!is_article_file(u)) return "";
  const fs::path p = u[0] == '/' ? fs::path(u.substr(1)) : fs::path(from_rel).parent_path() / u;
  const std::string norm = p.lexically_normal().generic_string();
  if (norm.rfind("..", 0) == 0) return "\n";
  return id_from_path(norm);
}

// Links from the checked files to articles that are neither among them nor
// in the content folder.
void check_links(const Options& o, const std::vector<std::pair<FileEntry, std::vector<LinkRef>>>& links,
                 const std::map<std::string, std::string>& ids, std::vector<Diagnostic>& diags) {
  std::set<std::string> known;
  for (const auto& [id, path] : ids) known.insert(id);
  std::error_code ec;
  if (fs::is_directory(o.content_dir, ec)) {
    std::vector<Diagnostic> ignored;  // the walk's own problems are reported when it is checked
    for (const auto& f : walk(o.content_dir, ignored)) known.insert(id_from_path(f.rel));
  }
  for (const auto& [file, refs] : links) {
    for (const auto& l : refs) {
      const std::string id = linked_id(l.url, file.rel);
      if (id.empty() || known.count(id)) continue;
      Diagnostic d = make_diagnostic(DiagCode::kBrokenLink, {file.path.string(), l.line, l.col},
                                     "links to `" + l.url + "`, which is no article in the content folder");
      d.severity = severity_of(d.code, true, o.strictness);
      diags.push_back(d);
    }
  }
}

int run_check(const Options& o, const Schema& schema, std::ostream& out, std::ostream& err) {
  std::vector<Diagnostic> diags;
  std::vector<FileEntry> files = files_to_check(o, diags);
  std::map<std::string, std::string> ids, titles;
  std::vector<std::pair<FileEntry, std::vector<LinkRef>>> links;
  for (const auto& f : files) check_file(o, schema, f, ids, titles, diags, links);
  check_links(o, links, ids, diags);  // last: they need every file's id
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) (d.severity == Severity::kError ? errors : warnings)++;
  if (o.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& d : diags) {
      j.push_back({{"file", d.loc.file}, {"line", d.loc.line}, {"col", d.loc.col},
                   {"severity", d.severity == Severity::kError ? "error" : "warning"}, {"code", diag_name(d.code)},
                   {"message", d.message}});
      if (!o.lang.empty()) j.back()["explanation"] = diag_explanation(d.code, o.lang);
    }
    out << nlohmann::json{{"files", files.size()}, {"errors", errors}, {"warnings", warnings}, {"diagnostics", j}}.dump(2)
        << "\n";
  } else {
    for (const auto& d : diags) out << (o.lang.empty() ? d.to_string() : d.to_string(o.lang)) << "\n";
    // The verdict goes to stderr: stdout stays the list editors parse.
    auto count = [](size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
    if (o.lang == "nl") {
      auto n = [](size_t k, const char* one, const char* many) { return std::to_string(k) + " " + (k == 1 ? one : many); };
      err << n(files.size(), "bestand", "bestanden") << " gecontroleerd: " << n(errors, "fout", "fouten") << ", "
          << n(warnings, "waarschuwing", "waarschuwingen") << "\n";
    } else {
      err << "checked " << count(files.size(), "file") << ": " << count(errors, "error") << ", "
          << count(warnings, "warning") << "\n";
    }
  }
  return errors ? 1 : 0;
}

std::string today() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
  return buf;
}

int run_new(const Options& o, const Schema& schema, std::ostream& out, std::ostream& err) {
  std::string slug = slugify(o.title);
  if (slug.empty()) {
    err << "casebase-index new: the title needs letters or digits\n";
    return 2;
  }
  fs::path dir = fs::path(o.content_dir) / (o.section.empty() ? schema.template_folder : o.section);
  fs::path file = dir / (slug + ".md");
  std::error_code ec;
  if (fs::exists(file, ec)) {
    err << file.string() << ": error: already exists\n";
    return 1;
  }
  fs::create_directories(dir, ec);
  std::ofstream f(file);
  f << render_article_template(schema, o.title, today());
  if (!f) {
    err << file.string() << ": error: cannot write\n";
    return 1;
  }
  out << "wrote " << file.string() << "\n"
      << "fill it in, then run: casebase-index " << (o.config_path.empty() ? "" : "--config " + o.config_path + " ")
      << "check " << file.string() << "\n";
  return 0;
}

}  // namespace

std::vector<Diagnostic> check_text(const Options& o, const Schema& schema, const std::string& text,
                                   const std::string& rel) {
  std::vector<Diagnostic> diags;
  std::map<std::string, std::string> ids, titles;
  std::vector<std::pair<FileEntry, std::vector<LinkRef>>> links;
  check_article(o, schema, {rel, rel, {}, {}}, text, ids, titles, diags, links);
  check_links(o, links, ids, diags);
  return diags;
}

int run(const Options& o, std::ostream& out, std::ostream& err) {
  if (o.help) {
    out << o.usage;
    return 0;
  }
  auto schema = load_config(o);
  if (!schema.ok()) {
    err << schema.status().to_string() << "\n";
    return 2;
  }
  if (o.command == Command::kNew) return run_new(o, *schema, out, err);
  if (o.command == Command::kCheck) return run_check(o, *schema, out, err);
  // The snapshot is taken before the run it stands for: a file saved
  // while a run is under way differs from it at the next poll, and is
  // indexed then instead of waiting for some later change.
  auto last = o.watch ? snapshot(o.content_dir) : decltype(snapshot("")){};
  int rc = run_index_once(o, *schema, out, err);
  if (!o.watch || rc >= 2) return rc;
  out << "watching " << o.content_dir << " for changes (Ctrl-C to stop)\n" << std::flush;
  auto stopped = [&] { return o.watch_stop && o.watch_stop->load(); };
  for (int polls = 0; !stopped() && (o.watch_polls == 0 || polls < o.watch_polls); ++polls) {
    std::this_thread::sleep_for(std::chrono::milliseconds(o.watch_interval_ms));
    auto now = snapshot(o.content_dir);
    if (now == last) continue;
    last = now;
    Options once = o;
    once.full = false;
    once.quiet = true;
    run_index_once(once, *schema, out, err);
    out << std::flush;
  }
  return 0;
}

}  // namespace casebase::indexer
