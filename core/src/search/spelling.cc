#include "search/spelling.h"

namespace casebase::search {

bool wants_suggestion(const Xapian::Database& db, size_t total, const std::vector<std::string>& words) {
  if (total >= 3) return false;
  bool unknown_word = total == 0;
  for (size_t i = 0; !unknown_word && i < words.size(); ++i) unknown_word = !db.term_exists(words[i]);
  return unknown_word;
}

std::string spelling_suggestion(const TextParser& parser, const QueryWords& q, const std::string& query_lang) {
  std::string out;
  try {
    (void)parser.parse(q, query_lang, Xapian::Query::OP_AND, &out);
  } catch (const Xapian::Error&) {
    out.clear();
  }
  return out == q.folded ? "" : out;
}

}  // namespace casebase::search
