#include "search/filters.h"

#include <set>

namespace casebase::search {

Result<Xapian::Query> facet_filter(const Schema& schema, const std::string& key,
                                   const std::vector<std::string>& values) {
  const FieldSpec* f = schema.facet_by_api_key(key);
  if (!f) return Status::invalid_argument("unknown facet `" + key + "`", key);
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(filter_term(f->filter_prefix(), f->canonical(v).value_or(v)));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::vector<Xapian::Query> scope_filters(Scope scope, const Schema& schema) {
  const std::string kind = kItemTypePrefix;
  switch (scope) {
    case Scope::kArticles: return {Xapian::Query(kind + "article")};
    case Scope::kLessons: return {Xapian::Query(kind + "lesson")};
    case Scope::kItems: {
      std::vector<Xapian::Query> t;
      std::set<std::string> seen;
      for (const auto& s : schema.sections) {
        if (!s.item_type.empty() && seen.insert(s.item_type).second) t.emplace_back(kind + s.item_type);
      }
      return {Xapian::Query(Xapian::Query::OP_OR, t.begin(), t.end())};
    }
    case Scope::kAll: break;
  }
  return {};
}

Xapian::Query undated_query(const FieldSpec& date_field) {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(std::string()),
                       Xapian::Query(Xapian::Query::OP_VALUE_RANGE, date_field.slot, "0000", "9999"));
}

Result<Filters> plan_filters(const SearchRequest& req, const Schema& schema) {
  Filters out;
  const FieldSpec* date_field = nullptr;
  for (const auto& f : schema.fields) {
    if (f.kind == FieldKind::kDate && f.facet) {
      date_field = &f;
      break;
    }
  }
  out.date_field = date_field;
  const std::string year_key = date_field ? facet_api_key(*date_field) : "";
  // The date facet's selections are one: a year range, years as values
  // and the undated, each widening it (ORed), as values of a facet are.
  std::vector<Xapian::Query> dates;
  for (const auto& [key, values] : req.filters) {
    if (key == year_key) {
      std::vector<std::string> years;
      for (const auto& v : values) {
        if (v == kUnknownYear) {
          out.undated_selected = true;
        } else {
          years.push_back(v);
        }
      }
      if (!years.empty()) {
        auto q = facet_filter(schema, key, years);
        if (!q.ok()) return q.status();
        dates.push_back(*q);
      }
      continue;
    }
    auto q = facet_filter(schema, key, values);
    if (!q.ok()) return q.status();
    out.facets[key] = *q;
  }
  out.base = scope_filters(req.scope, schema);
  if (!date_field) return out;
  if (req.year_from || req.year_to) {
    std::string lo = req.year_from ? std::to_string(req.year_from) : "0000";
    std::string hi = req.year_to ? std::to_string(req.year_to) : "9999";
    dates.emplace_back(Xapian::Query::OP_VALUE_RANGE, date_field->slot, lo, hi);
  }
  if (out.undated_selected) dates.push_back(undated_query(*date_field));
  if (!dates.empty()) {
    out.range = dates.size() == 1 ? dates.front() : Xapian::Query(Xapian::Query::OP_OR, dates.begin(), dates.end());
    out.range_key = year_key;
  }
  return out;
}

Xapian::Query apply_filters(const Xapian::Query& text, const Filters& f, const std::string& except) {
  Xapian::Query q = text;
  for (const auto& bf : f.base) q = Xapian::Query(Xapian::Query::OP_FILTER, q, bf);
  for (const auto& [key, fq] : f.facets) {
    if (key != except) q = Xapian::Query(Xapian::Query::OP_FILTER, q, fq);
  }
  if (!f.range.empty() && (except.empty() || f.range_key != except)) {
    q = Xapian::Query(Xapian::Query::OP_FILTER, q, f.range);
  }
  return q;
}

bool only_scope(const Filters& f, const std::string& except) {
  for (const auto& [key, q] : f.facets) {
    if (key != except) return false;
  }
  return f.range.empty() || (!except.empty() && f.range_key == except);
}

size_t selections(const Filters& f) { return f.facets.size() + (f.range.empty() ? 0 : 1); }

}  // namespace casebase::search
