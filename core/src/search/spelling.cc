#include "search/spelling.h"

#include <fstream>
#include <unordered_set>

#include "casebase/compound.h"
#include "casebase/schema.h"

namespace casebase::search {

namespace {

// Debian's English word list (wamerican), lower-cased; empty when absent.
const std::unordered_set<std::string>& english_words() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> out;
    std::ifstream in("/usr/share/dict/american-english");
    std::string w;
    while (std::getline(in, w)) {
      if (w.find('\'') != std::string::npos) continue;
      for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.insert(w);
    }
    return out;
  }();
  return words;
}

}  // namespace

bool known_word(const Xapian::Database& db, const TextParser& parser, const std::string& word) {
  if (db.term_exists(word)) return true;
  // A word of the language is no typo, though no article has it
  // ("elderly" is not turned into "elders").
  if (CompoundSplitter::dutch().is_word(word) || english_words().count(word)) return true;
  auto stem = parser.stems.find("nl");
  if (stem == parser.stems.end()) return false;
  const std::vector<std::string> parts = CompoundSplitter::dutch().split(word);
  if (parts.empty()) return false;
  for (const auto& p : parts) {
    if (!db.term_exists(p) && !db.term_exists(std::string(kCompoundPrefix) + stem->second(p))) return false;
  }
  return true;
}

std::string corrected_query(const Xapian::Database& db, const QueryWords& q, const TextParser& parser) {
  const std::string& text = q.folded;
  std::string out;
  bool changed = false;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
      out.push_back(text[i++]);
      continue;
    }
    size_t e = i;
    while (e < text.size() && is_word_byte(static_cast<unsigned char>(text[e]))) ++e;
    const std::string word = text.substr(i, e - i);
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool op = is_query_operator(word);
    const bool field = e < text.size() && text[e] == ':';
    std::string fix;
    if (!op && !field && lower.size() > 3 && !known_word(db, parser, lower)) {
      fix = db.get_spelling_suggestion(lower, lower.size() <= 5 ? 1 : 2);
    }
    if (!fix.empty() && fix != lower) {
      out += fix;
      changed = true;
    } else {
      out += word;
    }
    i = e;
  }
  return changed ? out : "";
}

}  // namespace casebase::search
