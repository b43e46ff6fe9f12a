// snippets: the marked-up excerpt of a hit. Xapian's MSet::snippet stems
// every word it scans, so on a long body it is the dearest part of a
// search; these helpers keep that cheap: a guess at where a match starts
// (needles) and snippets of short windows there, stemmed by a memoising
// stemmer (MemoStem, stemmer.h).
//
// E.g. windowed_snippet(mset, "… de gemeente Den Haag …", 200, stem, {"gemeen"})
// gives "… de <mark>gemeente</mark> Den Haag …".
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace casebase::search {

// Where a snippet can start. A word that matches a query term (same stem)
// starts, in Dutch and English, with the term's stem but for its last
// letters (huis/huizen, loop/lopen, happi/happy): the query's terms without
// prefixes, cut by two bytes (kept at three at least). E.g. "XTITLEgemeente"
// gives "gemeent"; language filter terms give nothing.
std::vector<std::string> snippet_needles(const Xapian::Query& q);

// The query's terms without prefixes, whole: what a word of a snippet must
// be (accent-folded, lower-cased, or its stem) to be marked by mark_words.
// E.g. "ZSinnovatieprogramma" gives "innovatieprogramma", "Zideeen" "ideeen".
std::set<std::string> snippet_forms(const Xapian::Query& q);

// Marks, in Xapian's snippet HTML, the words that are one of `forms` once
// accent-folded and lower-cased, or whose stem is: the matches Xapian's
// snippet does not see (it compares unfolded words with unprefixed terms,
// so "ideeën" and a title: match stay unmarked). Tags, entities and
// words already marked are left alone.
std::string mark_words(const std::string& html, const std::set<std::string>& forms, const Xapian::Stem& stem);

// True when a word of plain `text`, accent-folded and lower-cased, or its
// stem is one of `forms` (the test mark_words marks by).
bool mentions(const std::string& text, const std::set<std::string>& forms, const Xapian::Stem& stem);

// What a snippet looks for: where to start (needles) and what to mark.
struct SnippetTerms {
  std::vector<std::string> needles;
  std::set<std::string> forms;
};

// Offsets (ascending, at most `max`) where a word of `text` starts with a
// needle, compared accent-folded and lower-cased. Folding can shorten the
// text, so an offset is a lower bound, which is all a window start needs.
std::vector<size_t> snippet_candidates(const std::string& text, const std::vector<std::string>& needles, size_t max);

// MSet::snippet of `text`, tried first on short windows from the first
// candidate words (Xapian then stems a few dozen words instead of the whole
// body), then on the whole text when no window held a match; "" when there
// is no match or no candidate at all. A wrong guess only costs a scan.
// Where Xapian marks nothing, mark_words may (accents, fields).
std::string windowed_snippet(const Xapian::MSet& mset, const std::string& text, size_t length,
                             const Xapian::Stem& stem, const SnippetTerms& terms);

// The excerpt of a hit when browsing (no query): `text` HTML-escaped, cut
// to 240 bytes on a character boundary with "…".
std::string browse_snippet(const std::string& text);

}  // namespace casebase::search
