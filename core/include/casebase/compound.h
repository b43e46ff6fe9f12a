// compound: splits Dutch compound words into their parts, so that
// "afvalinzameling" is found by "afval" and "zonnepanelen" shares "zon"
// with "zonne-energie". Parts are looked up in Debian's Dutch word list
// (wdutch, /usr/share/dict/nederlands, 413,000 words). A split is taken
// only when every part is a word of the list (the head after removing a
// linking -s-, -e-, -en-, -er- and a doubled consonant: "zonne" -> "zon"),
// the head is no bare prefix (be-, ver-, aan-, ...) and the tail no bare
// suffix (-heid, -schap, ...); a word whose singular is in the list and
// cannot be split itself is no compound ("kantoren" is kantoor + -en, not
// kant + oren). Hyphenated words ("zero-emissie") split at the hyphens.
// The index adds the parts as terms (kCompoundPrefix) next to the whole
// word, and a query word finds them with less weight than the word itself.
// Precision and recall on tests/data/compounds.tsv: docs/RELEVANCE.md.
//
// E.g. CompoundSplitter::dutch().split("leerlingenvervoer") == {"leerling", "vervoer"}.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace casebase {

class CompoundSplitter {
 public:
  // Over a word list (lower case, one word a line); an empty splitter when
  // it cannot be read.
  explicit CompoundSplitter(const std::string& word_list_path);
  // Over the given words (tests).
  explicit CompoundSplitter(std::unordered_set<std::string> words);

  // The Dutch splitter over wdutch, loaded once (thread-safe); empty when
  // the package is not installed.
  static const CompoundSplitter& dutch();

  bool empty() const { return words_.empty(); }
  bool is_word(std::string_view w) const { return words_.count(std::string(w)) > 0; }

  // The parts of a lower-case word (ASCII letters after accent folding, and
  // '-'), or an empty vector when it is no compound. At most 4 parts.
  std::vector<std::string> split(std::string_view word) const;

 private:
  bool split_into(std::string_view w, int depth, std::vector<std::string>& out) const;
  std::string head_form(std::string_view h) const;  // the word a head stands for, or ""
  bool plain_word(std::string_view w) const;         // a word of the list that cannot be split
  std::unordered_set<std::string> words_;
};

// The words of accent-folded text as the splitter reads them: runs of ASCII
// letters with single inner hyphens, lower-cased ("Zonne-energie," ->
// "zonne-energie"). E.g. compound_tokens("De Zero-emissie bus") ==
// {"de", "zero-emissie", "bus"}.
std::vector<std::string> compound_tokens(std::string_view folded);

// The compounds that elliptic forms of accent-folded text leave out: in
// "leerlingen- en zwemvervoer" the first word stands for
// "leerlingenvervoer", the head of the last word ("vervoer", as `splitter`
// splits it) completing each word written with a trailing hyphen; lists
// ("fiets-, auto- en zwemvervoer") and "of" work the same. Lower case.
std::vector<std::string> elliptic_compounds(std::string_view folded, const CompoundSplitter& splitter);

}  // namespace casebase
