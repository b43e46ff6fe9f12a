#include "cli.h"

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <unordered_map>

#include "casebase/document.h"
#include "casebase/index_writer.h"
#include "casebase/schema.h"
#include "casebase/text.h"

namespace fs = std::filesystem;

namespace casebase::indexer {

Result<Options> parse_args(int argc, const char* const* argv) {
  Options o;
  CLI::App app{"casebase-index: index Markdown articles into a Xapian database"};
  app.set_help_flag("-h,--help", "print this help");
  app.add_option("--content", o.content_dir, "content folder to index (default: content)");
  app.add_option("--db", o.db_path, "Xapian database folder (default: var/index)");
  app.add_option("--config", o.config_path, "schema file (default: <content>/casebase.yaml or built-in)");
  app.add_option("--synonyms", o.synonyms_path, "synonym file (default: <content>/_synonyms.yaml)");
  app.add_flag("--full", o.full, "rebuild the whole index instead of updating it");
  app.add_flag("--watch", o.watch, "keep running and re-index when a file changes");
  app.add_flag("-q,--quiet", o.quiet, "no progress output");
  app.add_option("--max-file-bytes", o.max_file_bytes, "largest file indexed (default 4 MiB)");
  auto* check = app.add_subcommand("check", "validate articles against the schema without indexing");
  check->add_option("paths", o.paths, "files or folders (default: the content folder)");
  check->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  auto* nw = app.add_subcommand("new", "write a new article from the template");
  nw->add_option("title", o.title, "the article's title")->required();
  nw->add_option("--section", o.section, "sub-folder of the content folder (default: cases)");
  check->fallthrough();
  nw->fallthrough();
  app.require_subcommand(0, 1);
  std::vector<std::string> args;
  for (int i = argc - 1; i > 0; --i) args.emplace_back(argv[i]);
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    o.usage = app.help();
    return o;
  } catch (const CLI::ParseError& e) {
    return Status::invalid_argument(std::string(e.what()) + "\n" + app.help());
  }
  if (check->parsed()) o.command = Command::kCheck;
  if (nw->parsed()) o.command = Command::kNew;
  o.usage = app.help();
  return o;
}

namespace {

bool is_article_file(const fs::path& p) {
  std::string name = p.filename().string();
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".md" && ext != ".markdown" && ext != ".mdx") return false;
  if (name.empty() || name[0] == '_' || name[0] == '.') return false;
  std::string lower = name;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower != "readme.md" && lower != "contributing.md";
}

// A diagnostic (an error unless told), built field by field: GCC 12 warns (falsely) that a braced Diagnostic
// temporary may be used uninitialised.
Diagnostic error_at(std::string file, int line, int col, std::string message,
                    Severity severity = Severity::kError) {
  Diagnostic d;
  d.severity = severity;
  d.loc.file = std::move(file);
  d.loc.line = line;
  d.loc.col = col;
  d.message = std::move(message);
  return d;
}

// What `check` calls an error although the article can be indexed:
// vocabulary misses, missing required keys and over-long values. The indexer
// indexes such an article and prints these as warnings.
bool fails_check(const Diagnostic& d) {
  return d.message.find("not an allowed value") != std::string::npos ||
         d.message.find("missing required key") != std::string::npos ||
         d.message.find("bytes long") != std::string::npos;
}

struct FileEntry {
  fs::path path;  // as given/walked
  std::string rel;
};

// Walks `root` without following symlinks (files or folders); a symlink is
// reported and skipped, so a link can never pull files from outside the tree.
std::vector<FileEntry> walk(const fs::path& root, std::vector<Diagnostic>& problems) {
  std::vector<FileEntry> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    problems.push_back(error_at(root.string(), 0, 0, "cannot read folder: " + ec.message()));
    return out;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      problems.push_back(error_at(it->path().string(), 0, 0, "cannot read: " + ec.message()));
      ec.clear();
      continue;
    }
    const auto& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory(ec) && !it->is_symlink(ec) && (name == "node_modules" || (!name.empty() && name[0] == '.'))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec)) {
      if (is_article_file(p) || fs::is_directory(p, ec)) {
        problems.push_back(error_at(p.string(), 1, 1, "is a symbolic link; links are not followed"));
      }
      continue;
    }
    if (!it->is_regular_file(ec) || !is_article_file(p)) continue;
    // Lexically: the iterator's paths all start with `root`, and
    // fs::relative resolves every component with readlink (a third of an
    // incremental run on 100k files).
    out.push_back({p, p.lexically_relative(root).generic_string()});
  }
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) { return a.rel < b.rel; });
  return out;
}

// "mtime_ns:size" of a file, or empty if it cannot be stat'ed.
std::string file_stamp(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return "";
  return std::to_string(static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec) + ":" +
         std::to_string(static_cast<long long>(st.st_size));
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Result<std::string> read_file(const fs::path& p, size_t max_bytes) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return Status::content("cannot read: " + ec.message(), {p.string(), 0, 0});
  if (size > max_bytes) {
    return Status::content("file is " + std::to_string(size / 1024) + " KiB, over the limit of " +
                               std::to_string(max_bytes / 1024) + " KiB",
                           {p.string(), 1, 1});
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::content("cannot open for reading (permissions?)", {p.string(), 0, 0});
  std::string s(static_cast<size_t>(size), '\0');
  in.read(s.data(), static_cast<std::streamsize>(size));
  s.resize(static_cast<size_t>(in.gcount()));
  if (s.find('\0') != std::string::npos) {
    return Status::content("binary file (contains NUL bytes)", {p.string(), 1, 1});
  }
  return s;
}

Result<Schema> load_config(const Options& o) {
  std::string path = o.config_path;
  if (path.empty()) {
    fs::path def = fs::path(o.content_dir) / "casebase.yaml";
    if (fs::exists(def)) path = def.string();
  }
  if (path.empty()) return default_schema();
  return load_schema(path);
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

int run_index_once(const Options& o, const Schema& schema, std::ostream& out, std::ostream& err) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Diagnostic> problems;
  if (!fs::is_directory(o.content_dir)) {
    err << o.content_dir << ": error: content folder does not exist\n";
    return 2;
  }
  auto files = walk(o.content_dir, problems);
  std::error_code ec;
  fs::create_directories(fs::path(o.db_path).parent_path().empty() ? fs::path(".") : fs::path(o.db_path).parent_path(), ec);
  auto writer = IndexWriter::open(o.db_path, schema, o.full);
  if (!writer.ok()) {
    err << "casebase-index: " << writer.status().message() << "\n";
    return 3;
  }
  auto& w = **writer;
  const std::unordered_map<std::string, std::string>& existing = w.existing();
  std::unordered_set<std::string> seen;
  size_t indexed = 0, unchanged = 0, removed = 0, skipped = 0, items = 0;

  // First, cheaply: ids, duplicate ids, and files unchanged by time and size.
  struct Todo {
    const FileEntry* file;
    std::string id;
    std::string stamp;
  };
  std::vector<Todo> todo;
  std::unordered_map<std::string, std::string> id_owner;
  for (const auto& f : files) {
    std::string id = id_from_path(f.rel);
    if (auto own = id_owner.find(id); own != id_owner.end()) {
      problems.push_back(error_at(f.path.string(), 1, 1, "id `" + id + "` is already used by `" + own->second + "`; rename one of them"));
      ++skipped;
      continue;
    }
    id_owner[id] = f.rel;
    std::string stamp = file_stamp(f.path);
    auto it = existing.find(id);
    if (it != existing.end() && !stamp.empty() && ends_with(it->second, "\t" + stamp)) {
      seen.insert(id);  // same modification time and size as when indexed: unread
      ++unchanged;
      continue;
    }
    todo.push_back({&f, std::move(id), std::move(stamp)});
  }

  // Then read, parse and index the rest: one thread per shard of the writer
  // (a rebuild uses every core), shard k taking files k, k+n, k+2n, …
  std::mutex mu;
  std::vector<const Todo*> restamps;  // read again (new time or size), same content
  std::vector<Diagnostic> warnings;     // indexed, but `check` would fail them
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::string fatal;
  Progress progress(err, todo.size(), !o.quiet);
  auto work = [&](size_t shard, size_t nshards) {
    DocumentBuilder builder(schema);
    for (size_t j = shard; j < todo.size() && !failed; j += nshards) {
      const Todo& t = todo[j];
      if (shard == 0) progress.tick(done.load());
      ++done;
      auto it = existing.find(t.id);
      auto text = read_file(t.file->path, o.max_file_bytes);
      if (!text.ok()) {
        std::lock_guard<std::mutex> g(mu);
        problems.push_back({text.status().loc(), Severity::kError, text.status().message()});
        ++skipped;
        continue;
      }
      if (it != existing.end() && it->second.substr(0, it->second.find('\t')) == content_hash(*text)) {
        std::lock_guard<std::mutex> g(mu);
        seen.insert(t.id);
        ++unchanged;
        restamps.push_back(&t);
        continue;
      }
      auto a = build_article(*text, t.file->path.string(), t.file->rel, schema);
      if (!a.ok()) {
        std::lock_guard<std::mutex> g(mu);
        problems.push_back({a.status().loc(), Severity::kError, a.status().message()});
        ++skipped;
        // A broken edit keeps the last good version searchable.
        if (it != existing.end()) seen.insert(t.id);
        continue;
      }
      a->stamp = t.stamp;
      for (const auto& d : a->diagnostics) {
        if (!fails_check(d)) continue;
        std::lock_guard<std::mutex> g(mu);
        warnings.push_back(d);
      }
      size_t n_items = a->items.size();
      if (Status st = w.put(builder.build(*a), shard); !st.ok()) {
        std::lock_guard<std::mutex> g(mu);
        fatal = st.message();
        failed = true;
        return;
      }
      std::lock_guard<std::mutex> g(mu);
      seen.insert(t.id);
      ++indexed;
      items += n_items;
    }
  };
  const size_t nshards = w.shards();
  std::vector<std::thread> threads;
  for (size_t k = 1; k < nshards; ++k) threads.emplace_back(work, k, nshards);
  work(0, nshards);
  for (auto& th : threads) th.join();
  if (failed) {
    err << "casebase-index: " << fatal << "\n";
    return 3;
  }
  progress.finish();
  for (const Todo* t : restamps) {
    const std::string& state = existing.at(t->id);
    if (Status st = w.restamp(t->id, state.substr(0, state.find('\t')), t->stamp); !st.ok()) {
      err << "casebase-index: " << st.message() << "\n";
      return 3;
    }
  }
  for (const auto& [id, hash] : existing) {
    if (!seen.count(id)) {
      if (Status st = w.remove(id); !st.ok()) {
        err << "casebase-index: " << st.message() << "\n";
        return 3;
      }
      ++removed;
    }
  }
  std::string syn = o.synonyms_path;
  if (syn.empty() && fs::exists(fs::path(o.content_dir) / "_synonyms.yaml")) {
    syn = (fs::path(o.content_dir) / "_synonyms.yaml").string();
  }
  size_t syn_groups = 0;
  if (!syn.empty()) {
    auto groups = load_synonyms(syn);
    if (!groups.ok()) {
      problems.push_back({groups.status().loc(), Severity::kError, groups.status().message()});
    } else {
      syn_groups = groups->size();
      if (Status st = w.set_synonyms(*groups); !st.ok()) {
        err << "casebase-index: " << st.message() << "\n";
        return 3;
      }
    }
  }
  if (Status st = w.commit(); !st.ok()) {
    err << "casebase-index: " << st.message() << "\n";
    return 3;
  }
  // Threads finish in any order; report in file order. Every error is
  // shown; warnings (which do not change the exit code) up to a bound, so a
  // corpus indexed with another schema does not drown its errors.
  auto by_place = [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  };
  std::stable_sort(warnings.begin(), warnings.end(), by_place);
  constexpr size_t kMaxWarnings = 20;
  const size_t hidden = warnings.size() > kMaxWarnings ? warnings.size() - kMaxWarnings : 0;
  std::vector<Diagnostic> report = problems;
  report.insert(report.end(), warnings.begin(), warnings.end() - static_cast<std::ptrdiff_t>(hidden));
  std::stable_sort(report.begin(), report.end(), by_place);
  for (const auto& p : report) err << p.to_string() << "\n";
  if (hidden > 0) {
    err << "… and " << hidden << " more warnings; `casebase-index "
        << (o.config_path.empty() ? "" : "--config " + o.config_path + " ") << "check " << o.content_dir
        << "` lists them all\n";
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // No rate when nothing was indexed ("0 articles/s" says nothing). Over a
  // few articles it mostly measures the fixed costs (walk, commit).
  char rate[64];
  if (indexed > 0 && secs > 0) {
    std::snprintf(rate, sizeof rate, "%.2f s, %.0f articles/s", secs, indexed / secs);
  } else {
    std::snprintf(rate, sizeof rate, "%.2f s", secs);
  }
  out << "indexed " << indexed << ", unchanged " << unchanged << ", removed " << removed << ", skipped " << skipped
      << " (" << items << " lesson/pro/con items, " << syn_groups << " synonym groups) in " << rate << "\n";
  if (!restamps.empty()) {
    out << restamps.size() << (restamps.size() == 1 ? " file was" : " files were")
        << " touched but not changed: read again, compared by content hash, not re-indexed\n";
  }
  return problems.empty() ? 0 : 1;
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

int run_check(const Options& o, const Schema& schema, std::ostream& out, std::ostream& err) {
  std::vector<Diagnostic> diags;
  std::vector<FileEntry> files;
  std::vector<std::string> roots = o.paths.empty() ? std::vector<std::string>{o.content_dir} : o.paths;
  for (const auto& r : roots) {
    std::error_code ec;
    if (fs::is_directory(r, ec)) {
      // Ids as the indexer would give them: relative to the content folder,
      // or, for a folder outside it, to that folder (its own content root).
      for (auto& f : walk(r, diags)) {
        std::string rel = fs::relative(f.path, o.content_dir, ec).generic_string();
        if (!ec && !rel.empty() && rel.rfind("..", 0) != 0) f.rel = rel;
        files.push_back(f);
      }
    } else if (fs::exists(r, ec)) {
      std::string rel = fs::relative(r, o.content_dir, ec).generic_string();
      if (ec || rel.rfind("..", 0) == 0) rel = fs::path(r).filename().generic_string();
      files.push_back({r, rel});
    } else {
      diags.push_back(error_at(r, 0, 0, "no such file or folder"));
    }
  }
  std::map<std::string, std::string> ids, titles;
  for (const auto& f : files) {
    auto text = read_file(f.path, o.max_file_bytes);
    if (!text.ok()) {
      diags.push_back({text.status().loc(), Severity::kError, text.status().message()});
      continue;
    }
    BuildOptions bo;
    bo.strict = false;
    auto a = build_article(*text, f.path.string(), f.rel, schema, bo);
    if (!a.ok()) {
      diags.push_back({a.status().loc(), Severity::kError, a.status().message()});
      continue;
    }
    for (auto d : a->diagnostics) {
      if (fails_check(d)) d.severity = Severity::kError;
      diags.push_back(d);
    }
    if (auto it = ids.find(a->id); it != ids.end()) {
      diags.push_back(error_at(f.path.string(), 1, 1, "duplicate id `" + a->id + "` (also " + it->second + ")"));
    } else {
      ids[a->id] = f.path.string();
    }
    std::string tkey = normalize_keyword(a->title);
    if (auto it = titles.find(tkey); it != titles.end()) {
      diags.push_back(error_at(f.path.string(), 1, 1, "duplicate title `" + a->title + "` (also " + it->second + ")",
                               Severity::kWarning));
    } else {
      titles[tkey] = f.path.string();
    }
  }
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) (d.severity == Severity::kError ? errors : warnings)++;
  if (o.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& d : diags) {
      j.push_back({{"file", d.loc.file}, {"line", d.loc.line}, {"col", d.loc.col},
                   {"severity", d.severity == Severity::kError ? "error" : "warning"}, {"message", d.message}});
    }
    out << nlohmann::json{{"files", files.size()}, {"errors", errors}, {"warnings", warnings}, {"diagnostics", j}}.dump(2)
        << "\n";
  } else {
    for (const auto& d : diags) out << d.to_string() << "\n";
    // The verdict goes to stderr: stdout stays the list editors parse.
    auto count = [](size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
    err << "checked " << count(files.size(), "file") << ": " << count(errors, "error") << ", "
        << count(warnings, "warning") << "\n";
  }
  return errors ? 1 : 0;
}

int run_new(const Options& o, std::ostream& out, std::ostream& err) {
  std::string slug = slugify(o.title);
  if (slug.empty()) {
    err << "casebase-index new: the title needs letters or digits\n";
    return 2;
  }
  fs::path dir = fs::path(o.content_dir) / o.section;
  fs::path file = dir / (slug + ".md");
  std::error_code ec;
  if (fs::exists(file, ec)) {
    err << file.string() << ": error: already exists\n";
    return 1;
  }
  fs::create_directories(dir, ec);
  std::ofstream f(file);
  std::string title = o.title;
  std::string quoted;
  for (char c : title) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  f << "---\n"
    << "title: \"" << quoted << "\"\n"
    << "summary: \"Eén of twee zinnen: wie kocht wat, en wat leverde het op?\"\n"
    << "organisation: Gemeente Voorbeeld\n"
    << "organisation_type: gemeente   # gemeente, provincie, waterschap, rijk, …\n"
    << "region: Zuid-Holland\n"
    << "date: 2026-01\n"
    << "language: nl\n"
    << "type: case\n"
    << "themes: [innovatie]\n"
    << "instruments: [marktconsultatie]\n"
    << "source: https://example.org/bron\n"
    << "---\n\n"
    << "Inleiding: de aanleiding en de vraag in een paar zinnen.\n\n"
    << "## Doel\n\nWat wilde de organisatie bereiken?\n\n"
    << "## Bijzonder\n\nWat maakt deze aanpak anders?\n\n"
    << "## Voordelen\n\n- Eerste voordeel.\n\n"
    << "## Nadelen\n\n- Eerste nadeel.\n\n"
    << "## Hoe het ging\n\nHet verhaal, met tussenkoppen waar dat helpt.\n\n"
    << "## Geleerde lessen & tips\n\n- Eerste les, als volledige zin.\n- Tweede les.\n";
  if (!f) {
    err << file.string() << ": error: cannot write\n";
    return 1;
  }
  out << "wrote " << file.string() << "\n"
      << "fill it in, then run: casebase-index check " << file.string() << "\n";
  return 0;
}

}  // namespace

int run(const Options& o, std::ostream& out, std::ostream& err) {
  if (o.help) {
    out << o.usage;
    return 0;
  }
  if (o.command == Command::kNew) return run_new(o, out, err);
  auto schema = load_config(o);
  if (!schema.ok()) {
    err << schema.status().to_string() << "\n";
    return 2;
  }
  if (o.command == Command::kCheck) return run_check(o, *schema, out, err);
  int rc = run_index_once(o, *schema, out, err);
  if (!o.watch || rc >= 2) return rc;
  out << "watching " << o.content_dir << " for changes (Ctrl-C to stop)\n" << std::flush;
  auto last = snapshot(o.content_dir);
  for (int polls = 0; o.watch_polls == 0 || polls < o.watch_polls; ++polls) {
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
