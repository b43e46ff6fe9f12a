#include "casebase/query.h"

#include <charconv>

#include "casebase/text.h"

namespace casebase {

const char* to_string(SortOrder s) {
  switch (s) {
    case SortOrder::kRelevance: return "relevance";
    case SortOrder::kNewest: return "newest";
    case SortOrder::kOldest: return "oldest";
  }
  return "relevance";
}

const char* to_string(Scope s) {
  switch (s) {
    case Scope::kArticles: return "articles";
    case Scope::kLessons: return "lessons";
    case Scope::kItems: return "items";
    case Scope::kAll: return "all";
  }
  return "articles";
}

std::optional<SortOrder> parse_sort(std::string_view name) {
  for (SortOrder s : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    if (name == to_string(s)) return s;
  }
  return std::nullopt;
}

std::optional<Scope> parse_scope(std::string_view name) {
  for (Scope s : {Scope::kArticles, Scope::kLessons, Scope::kItems, Scope::kAll}) {
    if (name == to_string(s)) return s;
  }
  return std::nullopt;
}

namespace {

Result<int> parse_int(const std::string& name, const std::string& v, int lo, int hi) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) {
    return Status::invalid_argument("`" + name + "` must be a whole number, not `" + v.substr(0, 40) + "`", name);
  }
  if (out < lo || out > hi) {
    return Status::invalid_argument("`" + name + "` must be between " + std::to_string(lo) + " and " +
                                        std::to_string(hi) + ", not " + v.substr(0, 40),
                                    name);
  }
  return out;
}

size_t count_terms(const std::string& q) {
  size_t n = 0;
  bool in = false;
  for (char c : q) {
    bool sep = std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '"';
    if (!sep && !in) ++n;
    in = !sep;
  }
  return n;
}

}  // namespace

Result<SearchRequest> parse_search_request(const std::vector<std::pair<std::string, std::string>>& params,
                                           const Schema& schema, const Limits& limits) {
  SearchRequest r;
  size_t filter_count = 0;
  bool scope_given = false;
  for (const auto& [name, value] : params) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value)) {
      return Status::invalid_argument("parameter `" + std::string(is_valid_utf8(name) ? name : "?") +
                                          "` is not valid UTF-8",
                                      is_valid_utf8(name) ? name : "");
    }
    if (name == "q") {
      if (value.size() > limits.max_query_bytes) {
        return Status::invalid_argument("query is longer than " + std::to_string(limits.max_query_bytes) + " bytes", "q");
      }
      if (count_terms(value) > limits.max_query_terms) {
        return Status::invalid_argument("query has more than " + std::to_string(limits.max_query_terms) + " terms", "q");
      }
      size_t depth = 0, max_depth = 0;
      for (char c : value) {
        if (c == '(') max_depth = std::max(max_depth, ++depth);
        if (c == ')' && depth > 0) --depth;
      }
      if (max_depth > 8) return Status::invalid_argument("query nests parentheses deeper than 8", "q");
      r.q = trim(value);
    } else if (name == "page") {
      auto v = parse_int(name, value, 1, limits.max_page);
      if (!v.ok()) return v.status();
      r.page = *v;
    } else if (name == "per_page") {
      auto v = parse_int(name, value, 1, limits.max_per_page);
      if (!v.ok()) return v.status();
      r.per_page = *v;
    } else if (name == "facet_size") {
      auto v = parse_int(name, value, 1, limits.max_facet_size);
      if (!v.ok()) return v.status();
      r.facet_size = *v;
    } else if (name == "from" || name == "to") {
      if (value.empty()) continue;
      auto v = parse_int(name, value, 1000, 2999);
      if (!v.ok()) return v.status();
      (name == "from" ? r.year_from : r.year_to) = *v;
    } else if (name == "sort") {
      if (value.empty()) {
        r.sort = SortOrder::kRelevance;
      } else if (auto s = parse_sort(value)) {
        r.sort = *s;
      } else {
        return Status::invalid_argument("unknown sort `" + value.substr(0, 40) + "` (relevance, newest, oldest)", "sort");
      }
    } else if (name == "scope") {
      scope_given = true;
      if (value.empty()) {
        r.scope = Scope::kArticles;
      } else if (auto s = parse_scope(value)) {
        r.scope = *s;
      } else {
        return Status::invalid_argument("unknown scope `" + value.substr(0, 40) + "` (articles, lessons, items, all)",
                                        "scope");
      }
    } else if (name == "match") {
      if (value == "any") {
        r.match_any = true;
      } else if (value != "all" && !value.empty()) {
        return Status::invalid_argument("unknown match `" + value.substr(0, 40) + "` (all, any)", "match");
      }
    } else if (name == "or_fallback") {
      r.or_fallback = value != "0" && value != "false";
    } else if (name == "lang" || name == "format") {
      // presentation parameters, used by the web layer
    } else {
      const FieldSpec* facet = nullptr;
      for (const FieldSpec* f : schema.facets()) {
        if (facet_api_key(*f) == name) facet = f;
      }
      if (!facet) return Status::invalid_argument("unknown facet `" + name.substr(0, 60) + "`", name);
      if (value.empty()) continue;
      if (++filter_count > limits.max_filter_values) {
        return Status::invalid_argument("more than " + std::to_string(limits.max_filter_values) + " filter values", name);
      }
      if (value.size() > 300) return Status::invalid_argument("filter value is too long", name);
      r.filters[name].push_back(value);
    }
  }
  if (r.year_from && r.year_to && r.year_from > r.year_to) {
    return Status::invalid_argument("`from` is after `to`", "from");
  }
  // Asking for lesson/pro/con types without a scope means: search items too.
  if (!scope_given && r.filters.count("type")) r.scope = Scope::kAll;
  return r;
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string to_query_string(const SearchRequest& r) {
  std::string out;
  auto add = [&](const std::string& k, const std::string& v) {
    out += (out.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  };
  if (!r.q.empty()) add("q", r.q);
  for (const auto& [k, vs] : r.filters) {
    for (const auto& v : vs) add(k, v);
  }
  if (r.year_from) add("from", std::to_string(r.year_from));
  if (r.year_to) add("to", std::to_string(r.year_to));
  if (r.sort != SortOrder::kRelevance) add("sort", to_string(r.sort));
  if (r.scope != Scope::kArticles) add("scope", to_string(r.scope));
  if (r.match_any) add("match", "any");
  if (r.per_page != 10) add("per_page", std::to_string(r.per_page));
  if (r.page != 1) add("page", std::to_string(r.page));
  return out;
}

}  // namespace casebase
