// query_words: the first stage of a search, the query text as words. No
// Xapian here: plain strings in and out.
//
// E.g. read_query("Hypothalamic ideeën", true) gives
//   folded "Hypothalamic ideeen", parse_text "hypothalamic ideeen",
//   words {"hypothalamic", "ideeen"}.
#pragma once

#include <cctype>
#include <string>
#include <vector>

namespace casebase::search {

// A byte of a word: an ASCII letter or digit, or any byte of a UTF-8 sequence.
inline bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

struct QueryWords {
  std::string folded;               // the query, accent-folded (fold_accents)
  std::string parse_text;           // what QueryParser reads (see lower_capitalised)
  std::vector<std::string> words;   // the plain words, lower-case, in order
};

// QueryParser leaves a capitalised word unstemmed (it reads it as a name),
// so a sentence's first word only matches its exact form. This lower-cases
// such words ("Hypothalamic", not "DNA", "mRNA" or the value in title:Foo)
// so they are stemmed like the others.
std::string lower_capitalised(std::string q);

// The words of `folded`: runs of letters, digits and non-ASCII bytes, lower-cased.
std::vector<std::string> plain_words(const std::string& folded);

// True for a boolean operator of the query syntax, written in capitals as
// QueryParser reads them: AND, OR, NOT, XOR, NEAR ("and" is a word).
inline bool is_query_operator(const std::string& word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR";
}

// The words of a query made only of excluded words ("-energie",
// "NOT energie", "-energie -afval"), without their signs, joined by
// spaces; "" for any other query (one with a positive word, quotes or
// parentheses). E.g. negated_words("-energie NOT afval") == "energie afval".
std::string negated_words(const std::string& q);

// True for a query of plain words only: no quotes, prefixes, parentheses,
// wildcards, signs or boolean operators, whose meaning a looser reading
// (compound parts, phrase synonyms) would change.
bool plain_query(const std::string& folded);

// All three at once; `stem_capitalised` is RankingSpec::stem_capitalised.
QueryWords read_query(const std::string& q, bool stem_capitalised);

}  // namespace casebase::search
