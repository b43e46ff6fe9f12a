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

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebase {

class CompoundSplitter {
 public:
  // Over a word list (lower case, one word a line); an empty splitter when
  // it cannot be read.
  explicit CompoundSplitter(const std::string& word_list_path);

  // The Dutch splitter over wdutch, loaded once (thread-safe); empty when
  // the package is not installed.
  static const CompoundSplitter& dutch();

  bool empty() const { return count_ == 0; }
  bool is_word(std::string_view w) const;

  // The parts of a lower-case word (ASCII letters after accent folding, and
  // '-'), or an empty vector when it is no compound. At most 4 parts.
  std::vector<std::string> split(std::string_view word) const;

 private:
  bool split_into(std::string_view w, int depth, std::vector<std::string>& out) const;
  std::string head_form(std::string_view h) const;  // the word a head stands for, or ""
  bool plain_word(std::string_view w) const;         // a word of the list that cannot be split
  size_t slot_of(std::string_view w) const;          // w's slot in slots_, or the free slot it would take
  // The list as read, and an open-addressing table of the kept words'
  // offsets in it (offset + 1; 0 is a free slot). Loading it is one read
  // and one pass with no allocation per word: a 1-file update of the index
  // pays it, and a set of 413,000 strings took half of such a run.
  std::string list_;
  std::vector<uint32_t> slots_;
  size_t count_ = 0;
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
