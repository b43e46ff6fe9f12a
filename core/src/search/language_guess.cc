#include "search/language_guess.h"

#include <algorithm>

namespace casebase::search {

std::string guess_language(const Xapian::Database& db, const Schema& schema, const std::vector<std::string>& words) {
  if (schema.stemmers.size() < 2) return "";
  std::vector<std::string> prefixes;
  for (const auto& f : schema.fields) {
    if (f.kind == FieldKind::kText && !f.prefix.empty()) prefixes.push_back(f.prefix);
  }
  for (const auto& sec : schema.sections) {
    if (!sec.prefix.empty()) prefixes.push_back(sec.prefix);
  }
  std::vector<Xapian::Query> terms;
  for (const auto& w : words) {
    for (const auto& p : prefixes) terms.emplace_back(p + w);
  }
  std::string lang_out;
  double best = 0;
  for (const auto& [lang, stemmer] : schema.stemmers) {
    const std::string lt = std::string(kLanguagePrefix) + lang;
    double n = db.get_termfreq(lt);
    if (n == 0 || terms.empty()) continue;
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                              Xapian::Query(lt)));
    e.set_weighting_scheme(Xapian::BoolWeight());
    double share = e.get_mset(0, 0, 1000).get_matches_estimated() / n;
    if (share > best * 1.5) {
      best = share;
      lang_out = lang;
    } else if (share * 1.5 > best) {
      lang_out.clear();  // too close to call
      best = std::max(best, share);
    }
  }
  return lang_out;
}

}  // namespace casebase::search
