// stemmer: the one way indexer and searcher make a stemmer for a language,
// so both stem every word alike (schema stemmers plus stem_overrides).
// Private to core: only the modules that include <xapian.h> use it.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>

#include "casebase/schema.h"

namespace casebase {

// The schema's stemmer for `lang` with its overrides; Xapian::Stem("none")
// (no stemming) when the schema names no stemmer for it. A new object each
// call: Xapian stemmers keep state and must not be shared across threads.
Xapian::Stem make_stemmer(const Schema& schema, const std::string& lang);

// A stemmer that remembers its answers: a Snowball stem costs far more than
// a hash lookup (stemming was a fifth of a search on 10k articles, and the
// indexer stems the same words millions of times). One cache per thread
// and stemmer, taken by the thread that makes the MemoStem (use it on that
// thread only), emptied when it grows past kMaxWords, so memory stays
// bounded whatever the vocabulary.
class MemoStem : public Xapian::StemImplementation {
 public:
  explicit MemoStem(Xapian::Stem inner);
  std::string operator()(const std::string& word) override;
  std::string get_description() const override { return "memo " + inner_.get_description(); }

 private:
  static constexpr size_t kMaxWords = 100000;
  Xapian::Stem inner_;
  std::unordered_map<std::string, std::string>* cache_;
};

}  // namespace casebase
