// Private to the index writer: the Xapian documents of one prepared
// article (document_builder.cc builds them, index_writer.cc writes them).
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "casebase/index_writer.h"

namespace casebase {

struct PreparedArticle::Impl {
  std::string id;
  std::string path;
  std::vector<Xapian::Document> docs;  // the article first, then its items
  std::vector<std::pair<std::string, Xapian::termcount>> spelling;  // words of the article's text
};


// True for a term that belongs in the spelling data: a plain word of an
// article's text, not a field copy (prefixed), a stem (Z...), a boolean
// term or a word under three bytes. E.g. "gemeente" yes, "Zgemeent" no.
bool is_spelling_word(const std::string& term);

}  // namespace casebase
