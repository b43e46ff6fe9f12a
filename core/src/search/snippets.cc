#include "search/snippets.h"

#include <algorithm>
#include <map>
#include <set>

#include "casebase/schema.h"
#include "casebase/text.h"
#include "search/query_words.h"

namespace casebase::search {

namespace {

constexpr size_t kNeedleMin = 3, kNeedleCut = 2;

// True when `word`, accent-folded and lower-cased, or its stem is one of `forms`.
bool is_form(const std::string& word, const std::set<std::string>& forms, const Xapian::Stem& stem) {
  std::string low = fold_accents(word);
  for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return forms.count(low) || forms.count(stem(low));
}

}  // namespace

namespace {

// A query term without its Xapian prefix ("ZSgemeente" -> "gemeente"); ""
// for the per-language filter, which is not a word.
std::string unprefixed(const std::string& term) {
  if (term.rfind(kLanguagePrefix, 0) == 0) return "";
  size_t i = 0;
  while (i < term.size() && std::isupper(static_cast<unsigned char>(term[i]))) ++i;
  if (i < term.size() && term[i] == ':') ++i;
  return term.substr(i);
}

}  // namespace

std::vector<std::string> snippet_needles(const Xapian::Query& q) {
  std::set<std::string> out;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
    const std::string w = unprefixed(*t);
    const size_t n = w.size();
    if (n > 0) out.insert(w.substr(0, n > kNeedleMin + kNeedleCut ? n - kNeedleCut : std::min(n, kNeedleMin)));
  }
  return {out.begin(), out.end()};
}

std::set<std::string> snippet_forms(const Xapian::Query& q) {
  std::set<std::string> out;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
    const std::string w = unprefixed(*t);
    if (!w.empty() && w.find(' ') == std::string::npos) out.insert(w);  // a phrase synonym is no word
  }
  return out;
}

std::string mark_words(const std::string& html, const std::set<std::string>& forms, const Xapian::Stem& stem) {
  static const std::string open = "<mark>", close = "</mark>";
  std::string out;
  out.reserve(html.size() + 32);
  size_t i = 0;
  while (i < html.size()) {
    const unsigned char c = static_cast<unsigned char>(html[i]);
    if (html.compare(i, open.size(), open) == 0) {  // already marked: copy through its end
      size_t e = html.find(close, i);
      e = e == std::string::npos ? html.size() : e + close.size();
      out.append(html, i, e - i);
      i = e;
    } else if (c == '<' || c == '&') {  // a tag or an entity
      size_t e = html.find(c == '<' ? '>' : ';', i);
      e = e == std::string::npos ? html.size() : e + 1;
      out.append(html, i, e - i);
      i = e;
    } else if (html.compare(i, 3, "…") == 0) {  // Xapian's ellipsis, not a word
      out.append(html, i, 3);
      i += 3;
    } else if (is_word_byte(c)) {
      size_t e = i;
      while (e < html.size() && is_word_byte(static_cast<unsigned char>(html[e])) && html.compare(e, 3, "…") != 0) ++e;
      const std::string word = html.substr(i, e - i);
      if (is_form(word, forms, stem)) {
        out += open + word + close;
      } else {
        out += word;
      }
      i = e;
    } else {
      out.push_back(html[i++]);
    }
  }
  return out;
}

bool mentions(const std::string& text, const std::set<std::string>& forms, const Xapian::Stem& stem) {
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "…") == 0) {  // not a word
      i += 3;
      continue;
    }
    if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < text.size() && is_word_byte(static_cast<unsigned char>(text[e])) && text.compare(e, 3, "…") != 0) ++e;
    if (is_form(text.substr(i, e - i), forms, stem)) return true;
    i = e;
  }
  return false;
}

std::vector<size_t> snippet_candidates(const std::string& text, const std::vector<std::string>& needles, size_t max) {
  std::string low = fold_accents(text);
  for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<size_t> out;
  for (const auto& n : needles) {
    size_t found = 0;
    for (size_t at = low.find(n); at != std::string::npos && found < max; at = low.find(n, at + 1)) {
      if (at == 0 || !is_word_byte(static_cast<unsigned char>(low[at - 1]))) {
        out.push_back(at);
        ++found;
      }
    }
  }
  std::sort(out.begin(), out.end());
  if (out.size() > max) out.resize(max);
  return out;
}

namespace {

// Xapian's snippet of `text`; when it marks nothing, its plain snippet
// marked by mark_words, or "" when that marks nothing either.
std::string marked_snippet(const Xapian::MSet& mset, const std::string& text, size_t length, const Xapian::Stem& stem,
                           const SnippetTerms& terms, const std::string& ellipsis) {
  std::string sn = mset.snippet(text, length, stem, Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH, "<mark>", "</mark>", ellipsis);
  if (!sn.empty() || terms.forms.empty()) return sn;
  sn = mark_words(mset.snippet(text, length, stem, 0, "<mark>", "</mark>", ellipsis), terms.forms, stem);
  return sn.find("<mark>") != std::string::npos ? sn : std::string();
}

}  // namespace

std::string windowed_snippet(const Xapian::MSet& mset, const std::string& text, size_t length,
                             const Xapian::Stem& stem, const SnippetTerms& terms) {
  const std::vector<std::string>& needles = terms.needles;
  constexpr size_t kLead = 60, kWindow = 480, kWindows = 3;
  // Neither SNIPPET_EXHAUSTIVE (it scores every window of the text: 40% of
  // a search) nor SNIPPET_BACKGROUND_MODEL (it looks up the frequency of
  // every other word: 25% of a search on 10k articles).
  const std::string ellipsis = "…";
  const std::vector<size_t> cands = snippet_candidates(text, needles, kWindows);
  if (cands.empty()) return "";
  if (text.size() > kWindow) {
    size_t covered = 0;
    for (size_t cand : cands) {
      if (cand < covered) continue;  // inside the previous window
      const size_t from = utf8_floor(text, cand > kLead ? cand - kLead : 0);
      const size_t len = utf8_ceil(text, from + std::min(kWindow, text.size() - from)) - from;
      covered = from + len;
      std::string sn = marked_snippet(mset, text.substr(from, len), length, stem, terms, ellipsis);
      if (sn.empty()) continue;
      if (from > 0 && sn.rfind(ellipsis, 0) != 0) sn = ellipsis + sn;
      const bool ends = sn.size() >= ellipsis.size() &&
                        sn.compare(sn.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0;
      if (covered < text.size() && !ends) sn += ellipsis;
      return sn;
    }
  }
  return marked_snippet(mset, text, length, stem, terms, ellipsis);
}

std::string browse_snippet(const std::string& text) {
  constexpr size_t kMax = 240;
  if (text.size() <= kMax) return html_escape(text);
  return html_escape(text.substr(0, utf8_floor(text, kMax)) + "…");
}

}  // namespace casebase::search
