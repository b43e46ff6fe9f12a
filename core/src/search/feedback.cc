#include "search/feedback.h"

#include <algorithm>
#include <functional>
#include <map>

namespace casebase::search {

bool WordDecider::operator()(const std::string& term) const {
  if (term.empty()) return false;
  std::string t = term[0] == 'Z' ? term.substr(1) : term;
  if (t.empty() || !std::islower(static_cast<unsigned char>(t[0]))) return false;
  if (t.size() < 4 || stop_.count(t)) return false;
  return std::none_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

namespace {

// The relevance model of the k best documents: stemmed word -> weight.
std::map<std::string, double> relevance_model(const Xapian::MSet& top, const Xapian::Database& db,
                                              Xapian::doccount k, const WordDecider& decider) {
  std::map<std::string, double> model;
  double score_sum = 0;
  Xapian::doccount n = 0;
  for (auto it = top.begin(); it != top.end() && n < k; ++it, ++n) score_sum += std::max(it.get_weight(), 0.0);
  n = 0;
  for (auto it = top.begin(); it != top.end() && n < k && score_sum > 0; ++it, ++n) {
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    double len = 0;
    for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t) {
      const std::string term = *t;
      if (term.size() < 2 || term[0] != 'Z' || !std::islower(static_cast<unsigned char>(term[1]))) continue;
      len += t.get_wdf();  // the document's (stemmed) word count
      if (decider(term)) words.emplace_back(term, t.get_wdf());
    }
    if (len <= 0) continue;
    const double doc_w = std::max(it.get_weight(), 0.0) / score_sum;
    for (const auto& [term, wdf] : words) model[term] += doc_w * wdf / len;
  }
  return model;
}

}  // namespace

std::optional<Xapian::Query> rm3_expand(const Xapian::MSet& top, const Xapian::Database& db, const Xapian::Query& text,
                                        const std::vector<std::string>& words, const std::set<std::string>& stop,
                                        const RankingSpec& r) {
  const auto k = static_cast<Xapian::doccount>(std::max(r.prf_docs, 0));
  WordDecider decider(stop);
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [term, w] : relevance_model(top, db, k, decider)) ranked.emplace_back(w, term);
  const size_t nterms = std::min(ranked.size(), static_cast<size_t>(std::max(r.prf_terms, 0)));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(nterms), ranked.end(),
                    std::greater<>());
  ranked.resize(nterms);
  double mass = 0;
  for (const auto& [w, term] : ranked) mass += w;
  // The original query's words count 1 each: the feedback terms share
  // prf_weight of the combined weight, the original query the rest.
  std::set<std::string> qwords;
  for (const auto& w : words) {
    if (!stop.count(w)) qwords.insert(w);
  }
  const double lambda = std::clamp(r.prf_weight, 0.0, 1.0);
  const double scale = lambda * static_cast<double>(std::max<size_t>(qwords.size(), 1));
  std::vector<Xapian::Query> extra;
  for (const auto& [w, term] : ranked) {
    if (mass > 0 && w > 0) extra.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), scale * w / mass);
  }
  if (extra.empty() || lambda <= 0) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, text, 1 - lambda),
                       Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()));
}

std::optional<Xapian::Query> eset_expand(const Xapian::Enquire& enq, const Xapian::MSet& mset,
                                         const Xapian::Query& text, const std::set<std::string>& stop,
                                         const RankingSpec& r) {
  Xapian::RSet rset;
  Xapian::doccount k = 0;
  for (auto it = mset.begin(); it != mset.end() && k < static_cast<Xapian::doccount>(r.prf_docs); ++it, ++k) {
    rset.add_document(*it);
  }
  WordDecider decider(stop);
  Xapian::ESet eset = enq.get_eset(static_cast<Xapian::termcount>(r.prf_terms), rset, &decider);
  std::vector<Xapian::Query> extra;
  for (auto it = eset.begin(); it != eset.end(); ++it) extra.emplace_back(*it);
  if (extra.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_OR, text,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()), r.prf_weight));
}

}  // namespace casebase::search
