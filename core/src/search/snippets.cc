#include "search/snippets.h"

#include <algorithm>
#include <map>
#include <set>

#include "casebase/schema.h"
#include "casebase/text.h"
#include "search/query_words.h"

namespace casebase::search {

namespace {

std::unordered_map<std::string, std::string>& thread_cache(const std::string& name) {
  thread_local std::map<std::string, std::unordered_map<std::string, std::string>> caches;
  return caches[name];
}

constexpr size_t kNeedleMin = 3, kNeedleCut = 2;

}  // namespace

MemoStem::MemoStem(Xapian::Stem inner) : inner_(std::move(inner)), cache_(&thread_cache(inner_.get_description())) {}

std::string MemoStem::operator()(const std::string& word) {
  if (auto it = cache_->find(word); it != cache_->end()) return it->second;
  if (cache_->size() >= kMaxWords) cache_->clear();
  return cache_->emplace(word, inner_(word)).first->second;
}

std::vector<std::string> snippet_needles(const Xapian::Query& q) {
  std::set<std::string> out;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
    const std::string term = *t;
    if (term.rfind(kLanguagePrefix, 0) == 0) continue;  // the per-language filter, not a word
    size_t i = 0;
    while (i < term.size() && std::isupper(static_cast<unsigned char>(term[i]))) ++i;  // Xapian prefixes
    if (i < term.size() && term[i] == ':') ++i;
    const size_t n = term.size() - i;
    if (n > 0) out.insert(term.substr(i, n > kNeedleMin + kNeedleCut ? n - kNeedleCut : std::min(n, kNeedleMin)));
  }
  return {out.begin(), out.end()};
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

std::string windowed_snippet(const Xapian::MSet& mset, const std::string& text, size_t length,
                             const Xapian::Stem& stem, const std::vector<std::string>& needles) {
  constexpr size_t kLead = 60, kWindow = 480, kWindows = 3;
  // Neither SNIPPET_EXHAUSTIVE (it scores every window of the text: 40% of
  // a search) nor SNIPPET_BACKGROUND_MODEL (it looks up the frequency of
  // every other word: 25% of a search on 10k articles).
  constexpr unsigned kFlags = Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH;
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
      std::string sn = mset.snippet(text.substr(from, len), length, stem, kFlags, "<mark>", "</mark>", ellipsis);
      if (sn.empty()) continue;
      if (from > 0 && sn.rfind(ellipsis, 0) != 0) sn = ellipsis + sn;
      const bool ends = sn.size() >= ellipsis.size() &&
                        sn.compare(sn.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0;
      if (covered < text.size() && !ends) sn += ellipsis;
      return sn;
    }
  }
  return mset.snippet(text, length, stem, kFlags, "<mark>", "</mark>", ellipsis);
}

std::string browse_snippet(const std::string& text) {
  constexpr size_t kMax = 240;
  if (text.size() <= kMax) return html_escape(text);
  return html_escape(text.substr(0, utf8_floor(text, kMax)) + "…");
}

}  // namespace casebase::search
