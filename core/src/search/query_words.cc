#include "search/query_words.h"

#include <cctype>
#include <sstream>

#include "casebase/text.h"

namespace casebase::search {

std::string lower_capitalised(std::string q) {
  auto word_char = [](char c) { return is_word_byte(static_cast<unsigned char>(c)); };
  for (size_t i = 0; i < q.size();) {
    if (!word_char(q[i])) {
      ++i;
      continue;
    }
    size_t e = i;
    bool rest_lower = true;
    while (e < q.size() && word_char(q[e])) {
      if (e > i && std::isupper(static_cast<unsigned char>(q[e]))) rest_lower = false;
      ++e;
    }
    const bool at_word_start = i == 0 || q[i - 1] != ':';  // not a prefix's value like title:Foo
    if (at_word_start && rest_lower && e - i > 1 && std::isupper(static_cast<unsigned char>(q[i]))) {
      q[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(q[i])));
    }
    i = e;
  }
  return q;
}

std::string negated_words(const std::string& q) {
  if (q.find_first_of("\"()") != std::string::npos) return "";
  std::string out;
  bool after_not = false;
  size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && q[i] == ' ') ++i;
    size_t e = q.find(' ', i);
    if (e == std::string::npos) e = q.size();
    std::string tok = q.substr(i, e - i);
    i = e;
    if (tok.empty()) continue;
    if (tok == "NOT") {
      after_not = true;
      continue;
    }
    if (tok[0] == '-' && tok.size() > 1) {
      tok.erase(0, 1);
    } else if (!after_not) {
      return "";  // a word that is not excluded
    }
    after_not = false;
    out += (out.empty() ? "" : " ") + tok;
  }
  return after_not ? "" : out;
}

std::vector<std::string> plain_words(const std::string& folded) {
  std::vector<std::string> out;
  std::string w;
  for (char c : folded + " ") {
    if (is_word_byte(static_cast<unsigned char>(c))) {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  return out;
}

bool plain_query(const std::string& folded) {
  if (folded.find_first_of("\":()*") != std::string::npos) return false;
  for (size_t i = 0; i < folded.size(); ++i) {
    const bool start = i == 0 || folded[i - 1] == ' ';
    if (start && (folded[i] == '-' || folded[i] == '+')) return false;
  }
  std::istringstream words(folded);
  std::string w;
  while (words >> w) {
    if (is_query_operator(w)) return false;
  }
  return true;
}

QueryWords read_query(const std::string& q, bool stem_capitalised) {
  QueryWords out;
  out.folded = fold_accents(q);
  out.parse_text = stem_capitalised ? lower_capitalised(out.folded) : out.folded;
  out.words = plain_words(out.folded);
  return out;
}

}  // namespace casebase::search
