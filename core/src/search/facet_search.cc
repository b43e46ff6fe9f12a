#include "search/facet_search.h"

#include <set>

#include "casebase/text.h"
#include "search/query_words.h"

namespace casebase::search {

namespace {

constexpr size_t kInsideWord = 4;  // typed text this long matches inside a word (compounds)

bool word_boundary(char c) { return c == ' ' || c == '-' || c == '/' || c == '(' || c == '\'' || c == '"' || c == ','; }

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::vector<std::string> synonym_expansions(Xapian::Database& db, const std::string& folded, size_t max_keys) {
  const std::string key = join_words(plain_words(folded));
  std::set<std::string> out;
  if (key.empty()) return {};
  try {
    size_t keys = 0;
    for (auto k = db.synonym_keys_begin(key); k != db.synonym_keys_end(key) && keys < max_keys; ++k, ++keys) {
      for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) {
        std::string term = *s;
        if (term.rfind(kSynonymPhrasePrefix, 0) == 0) {
          term.erase(0, std::string(kSynonymPhrasePrefix).size());
        } else if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) {
          continue;  // a stemmed or prefixed term, not a value's words
        }
        out.insert(normalize_keyword(term));
      }
    }
  } catch (const Xapian::UnimplementedError&) {
    return {};  // a remote database without synonym lists
  }
  return {out.begin(), out.end()};
}

bool starts_a_word(const std::string& text, const std::string& folded_prefix) {
  if (folded_prefix.empty()) return true;
  if (folded_prefix.size() >= kInsideWord) return text.find(folded_prefix) != std::string::npos;
  for (size_t i = 0; i + folded_prefix.size() <= text.size(); ++i) {
    if (i > 0 && !word_boundary(text[i - 1])) continue;
    if (text.compare(i, folded_prefix.size(), folded_prefix) == 0) return true;
  }
  return false;
}

bool value_matches(const FieldSpec& f, const std::string& value, const std::string& folded_prefix,
                   const std::vector<std::string>& expansions) {
  std::vector<std::string> names = {value};
  const std::string norm = normalize_keyword(value);
  for (const auto& a : f.allowed) {
    if (normalize_keyword(a.value) != norm) continue;
    names.insert(names.end(), a.aliases.begin(), a.aliases.end());
    for (const auto& [lang, label] : a.labels) names.push_back(label);
  }
  for (const auto& name : names) {
    const std::string folded = normalize_keyword(name);
    if (starts_a_word(folded, folded_prefix)) return true;
    for (const auto& e : expansions) {
      if (starts_a_word(folded, e)) return true;
    }
  }
  return false;
}

}  // namespace casebase::search
