// publish: writes an approved article into the content folder and, when
// that folder is in a git work tree, commits just that file with the
// contributor as author and the editor as committer. Git runs as a child
// process with an argument vector (no shell) and a bounded output.
//
// E.g. publish("content", "cases/x", text, {"anna", "anna@example.org"}, {"erik", ""}, "Add cases/x")
//      -> the commit's hash ("" when content is no git work tree).
#pragma once

#include <string>
#include <vector>

#include "casebase/status.h"

namespace casebase::contrib {

struct Person {
  std::string name;
  std::string email;  // may be empty
};

// Whether content_dir/article_id.md is a published article (a file).
bool article_exists(const std::string& content_dir, const std::string& article_id);
// The text of content_dir/article_id.md, "" when there is none.
std::string article_text(const std::string& content_dir, const std::string& article_id);

// Writes the file (atomically: a temporary file renamed over it) and
// commits it when the folder is in a git work tree. Returns the commit's
// hash, or "" when there is no git.
Result<std::string> publish(const std::string& content_dir, const std::string& article_id, const std::string& markdown,
                            const Person& author, const Person& committer, const std::string& message);

// The same for any file of the content folder (`relative` to it, e.g.
// "_synonyms.yaml"); the caller checks the path.
Result<std::string> publish_file(const std::string& content_dir, const std::string& relative, const std::string& text,
                                 const Person& author, const Person& committer, const std::string& message);

// The three-way merge of `mine` (written against `base`) into `current`
// (git merge-file): the merged text, with conflict markers where both
// changed the same lines, and whether there were none.
std::pair<std::string, bool> merge_texts(const std::string& base, const std::string& current, const std::string& mine);

// The unified diff (3 lines of context) from `before` to `after`, without
// file headers; "" when they are equal.
std::string text_diff(const std::string& before, const std::string& after);

struct HistoryEntry {
  std::string commit, author, committer, date;  // date: ISO 8601
  std::string subject;
};
// The git history of one article, newest first (at most `limit`); empty
// without git.
std::vector<HistoryEntry> article_history(const std::string& content_dir, const std::string& article_id, int limit);

}  // namespace casebase::contrib
