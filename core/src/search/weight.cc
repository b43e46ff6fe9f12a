#include "search/weight.h"

namespace casebase::search {

std::unique_ptr<Xapian::Weight> make_weight(const RankingSpec& r) {
  const std::string& s = r.scheme;
  if (s == "bm25+") {
    return std::make_unique<Xapian::BM25PlusWeight>(r.bm25_k1, r.bm25_k2, r.bm25_k3, r.bm25_b, r.bm25_min_normlen,
                                                    r.bm25plus_delta);
  }
  if (s == "lm") {
    return std::make_unique<Xapian::LMWeight>(r.lm_param_log, Xapian::Weight::DIRICHLET_SMOOTHING, r.lm_mu, 0.0);
  }
  if (s == "dph") return std::make_unique<Xapian::DPHWeight>();
  if (s == "dlh") return std::make_unique<Xapian::DLHWeight>();
  if (s == "pl2") return std::make_unique<Xapian::PL2Weight>(r.dfr_c);
  if (s == "pl2+") return std::make_unique<Xapian::PL2PlusWeight>(r.dfr_c, r.bm25plus_delta);
  if (s == "inl2") return std::make_unique<Xapian::InL2Weight>(r.dfr_c);
  if (s == "ifb2") return std::make_unique<Xapian::IfB2Weight>(r.dfr_c);
  if (s == "ineb2") return std::make_unique<Xapian::IneB2Weight>(r.dfr_c);
  if (s == "bb2") return std::make_unique<Xapian::BB2Weight>(r.dfr_c);
  if (s == "tfidf") return std::make_unique<Xapian::TfIdfWeight>(r.tfidf_normalizations);
  return std::make_unique<Xapian::BM25Weight>(r.bm25_k1, r.bm25_k2, r.bm25_k3, r.bm25_b, r.bm25_min_normlen);
}

}  // namespace casebase::search
