#include "search/shard_meta.h"

#include <charconv>

namespace casebase::search {

std::string serialise_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [a, b] : pairs) {
    out += std::to_string(a.size());
    out += ' ';
    out += a;
    out += std::to_string(b.size());
    out += ' ';
    out += b;
  }
  return out;
}

namespace {
bool read_one(std::string_view& in, std::string& out) {
  const size_t sp = in.find(' ');
  if (sp == std::string_view::npos || sp == 0 || sp > 10) return false;
  size_t n = 0;
  auto [p, ec] = std::from_chars(in.data(), in.data() + sp, n);
  if (ec != std::errc() || p != in.data() + sp || n > in.size() - sp - 1) return false;
  out.assign(in.substr(sp + 1, n));
  in.remove_prefix(sp + 1 + n);
  return true;
}
}  // namespace

std::vector<std::pair<std::string, std::string>> parse_pairs(std::string_view blob) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string a, b;
  while (!blob.empty() && read_one(blob, a) && read_one(blob, b)) out.emplace_back(a, b);
  return out;
}

void write_shard_meta(Xapian::WritableDatabase& db) {
  std::vector<std::pair<std::string, std::string>> syn, spell;
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
    for (auto v = db.synonyms_begin(*k); v != db.synonyms_end(*k); ++v) syn.emplace_back(*k, *v);
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    spell.emplace_back(*w, std::to_string(w.get_termfreq()));
  }
  db.set_metadata(kMetaSynonyms, serialise_pairs(syn));
  db.set_metadata(kMetaSpelling, serialise_pairs(spell));
}

void add_shard_meta(const Xapian::Database& part, Xapian::WritableDatabase& into) {
  for (const auto& [k, v] : parse_pairs(part.get_metadata(kMetaSynonyms))) into.add_synonym(k, v);
  for (const auto& [w, f] : parse_pairs(part.get_metadata(kMetaSpelling))) {
    Xapian::termcount n = 0;
    std::from_chars(f.data(), f.data() + f.size(), n);
    if (n > 0) into.add_spelling(w, n);
  }
}

}  // namespace casebase::search
