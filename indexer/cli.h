// casebase-index command line: options, argument parsing and the three
// commands (index, check, new). main.cc only calls run(); tests call
// parse_args() and run() directly.
#pragma once

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

#include "casebase/article_budget.h"

#include "casebase/diag_code.h"
#include "casebase/document.h"
#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase::indexer {

enum class Command { kIndex, kCheck, kNew };

struct Options {
  Command command = Command::kIndex;
  std::string content_dir = "content";
  std::string db_path = "var/index";
  std::string config_path;    // empty: <content>/casebase.yaml if present, else built-in
  std::string synonyms_path;  // empty: <content>/_synonyms.yaml if present
  bool full = false;
  bool watch = false;
  bool quiet = false;
  std::string format = "text";  // check: text | json
  // check --lang nl|en: each message with the code's explanation in that
  // language (json: an `explanation` field). Empty: the plain messages.
  std::string lang;
  std::vector<std::string> paths;  // check: files or folders (default: the content dir)
  std::string title;               // new: the article title
  std::string section;  // new: sub-folder of content; empty: the schema's template_folder
  // What one article may cost; --max-file-bytes sets its file size.
  ArticleBudget budget;
  // --strict: "" (off), "all" (every warning is an error) or "CODE,CODE"
  // (those codes, see diag_code.h); parsed into `strictness`. In `check`
  // the errors fail the run; while indexing a file with one is skipped.
  std::string strict;
  Strictness strictness;
  // --shard I/N: index only the articles whose id hashes to shard I of N
  // (shard_of), so N runs split a content tree into N indexes, each served
  // by a casebase-shard. shard_count 0: every article.
  int shard_index = 0;
  int shard_count = 0;
  // --changesets N: keep the changes of the last N updates beside the
  // index (Xapian's XAPIAN_MAX_CHANGESETS), so xapian-replicate sends
  // replicas only what changed. 0: none (a replica then copies it whole).
  int changesets = 0;
  int watch_interval_ms = 300;
  int watch_polls = 0;  // --watch stops after this many polls (for tests); 0 = runs until killed
  const std::atomic<bool>* watch_stop = nullptr;  // --watch stops when this turns true (for tests)
  bool help = false;  // --help was given; usage is in `usage`
  std::string usage;
};

// The shard (0..n-1) of an article id: FNV-1a (64 bit) of its bytes,
// modulo n. Stable across runs, machines and versions.
int shard_of(const std::string& id, int n);

// Parses argv. Errors are kInvalidArgument with the usage text in the message.
Result<Options> parse_args(int argc, const char* const* argv);

// Runs the command; writes results to `out` and diagnostics to `err`.
// Returns the process exit code: 0 ok, 1 some file failed (or check found
// errors), 2 usage, 3 could not open/commit the index (e.g. another indexer runs).
int run(const Options& opts, std::ostream& out, std::ostream& err);

// What `check` says of one article's text, as if it were the file `rel`
// of the content folder `o.content_dir` (links resolved against it): the
// diagnostics with their `check` severity, file names being `rel`. For
// texts that are no file yet (the server's submissions).
std::vector<Diagnostic> check_text(const Options& o, const Schema& schema, const std::string& text,
                                   const std::string& rel);

}  // namespace casebase::indexer
