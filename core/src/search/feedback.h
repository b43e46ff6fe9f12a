// feedback: pseudo-relevance feedback, the query expanded with terms of
// its best matches. Two models (RankingSpec::prf_model): "eset" (Xapian's
// expand set, every term at prf_weight) and "rm3" (a relevance model: each
// stemmed word's share of a top document's words times the document's
// share of the top scores; the query keeps 1 - prf_weight).
//
// E.g. rm3_expand(top, db, "fiets", {"fiets"}, stop, ranking) may give
// (fiets * 0.7) OR (Zfiet * w1 OR Zstall * w2 …).
#pragma once

#include <xapian.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "casebase/schema.h"

namespace casebase::search {

// Keeps expansion terms that are plain words (unprefixed or stemmed), of
// four bytes or more, not stop words and not numbers: the vocabulary that
// makes documents "related". E.g. "Zgemeent" yes, "XTHEMEenergie" no.
class WordDecider : public Xapian::ExpandDecider {
 public:
  explicit WordDecider(const std::set<std::string>& stop) : stop_(stop) {}
  bool operator()(const std::string& term) const override;

 private:
  const std::set<std::string>& stop_;
};

// The expanded text query from the prf_docs best documents of `top`
// (ranked by relevance), or nullopt when nothing is added. `words` are the
// query's plain words, `stop` every language's stop words.
std::optional<Xapian::Query> rm3_expand(const Xapian::MSet& top, const Xapian::Database& db, const Xapian::Query& text,
                                        const std::vector<std::string>& words, const std::set<std::string>& stop,
                                        const RankingSpec& r);

// The expanded text query from the expand set of the first prf_docs of
// `mset` (a run of `enq`), or nullopt when nothing is added.
std::optional<Xapian::Query> eset_expand(const Xapian::Enquire& enq, const Xapian::MSet& mset,
                                         const Xapian::Query& text, const std::set<std::string>& stop,
                                         const RankingSpec& r);

}  // namespace casebase::search
