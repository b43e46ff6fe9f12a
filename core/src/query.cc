#include "casebase/query.h"

#include <algorithm>
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

// The query text, within its limits of bytes, terms and nesting.
Result<std::string> read_query(const std::string& value, const Limits& limits) {
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
  return trim(value);
}

Status read_int(const std::string& name, const std::string& value, int lo, int hi, int& dest) {
  auto v = parse_int(name, value, lo, hi);
  if (!v.ok()) return v.status();
  dest = *v;
  return {};
}

// One of the fixed parameters; `known` is false for any other name (a facet).
Status read_fixed(const std::string& name, const std::string& value, const Limits& limits, SearchRequest& r,
                  bool& scope_given, bool& known) {
  known = true;
  if (name == "q") {
    auto q = read_query(value, limits);
    if (!q.ok()) return q.status();
    r.q = *q;
  } else if (name == "page") {
    return read_int(name, value, 1, limits.max_page, r.page);
  } else if (name == "per_page") {
    return read_int(name, value, 1, limits.max_per_page, r.per_page);
  } else if (name == "facet_size") {
    return read_int(name, value, 1, limits.max_facet_size, r.facet_size);
  } else if (name == "from" || name == "to") {
    if (!value.empty()) return read_int(name, value, 1000, 2999, name == "from" ? r.year_from : r.year_to);
  } else if (name == "sort") {
    auto s = value.empty() ? std::optional<SortOrder>(SortOrder::kRelevance) : parse_sort(value);
    if (!s) return Status::invalid_argument("unknown sort `" + value.substr(0, 40) + "` (relevance, newest, oldest)", "sort");
    r.sort = *s;
  } else if (name == "scope") {
    scope_given = true;
    auto s = value.empty() ? std::optional<Scope>(Scope::kArticles) : parse_scope(value);
    if (!s) {
      return Status::invalid_argument("unknown scope `" + value.substr(0, 40) + "` (articles, lessons, items, all)",
                                      "scope");
    }
    r.scope = *s;
  } else if (name == "match") {
    if (value == "any") {
      r.match = MatchMode::kAny;
    } else if (value == "all") {
      r.match = MatchMode::kAll;
    } else if (value == "last" || value.empty()) {
      r.match = MatchMode::kLast;
    } else {
      return Status::invalid_argument("unknown match `" + value.substr(0, 40) + "` (last, all, any)", "match");
    }
  } else if (name == "items") {
    if (value == "matching" || value.empty()) {
      r.items = ItemsDetail::kMatching;
    } else if (value == "all") {
      r.items = ItemsDetail::kAll;
    } else if (value == "none") {
      r.items = ItemsDetail::kNone;
    } else {
      return Status::invalid_argument("unknown items `" + value.substr(0, 40) + "` (matching, all, none)", "items");
    }
  } else if (name == "correct") {
    r.correct = value != "0" && value != "false";
  } else if (name == "or_fallback") {
    r.or_fallback = value != "0" && value != "false";
  } else if (name != "lang" && name != "format") {  // presentation parameters, used by the web layer
    known = false;
  }
  return {};
}

// A filter on the facet whose API key is `name`.
Status read_filter(const std::string& name, const std::string& value, const Schema& schema, const Limits& limits,
                   size_t& filter_count, SearchRequest& r) {
  const FieldSpec* facet = schema.facet_by_api_key(name);
  if (!facet) return Status::invalid_argument("unknown facet `" + name.substr(0, 60) + "`", name);
  if (value.empty()) return {};
  // A date facet's values are years, and `unknown` for the undated.
  const bool year = value.size() == 4 && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (facet->kind == FieldKind::kDate && !year && value != "unknown") {
    return Status::invalid_argument("`" + name + "` takes a year (YYYY) or `unknown`", name);
  }
  if (++filter_count > limits.max_filter_values) {
    return Status::invalid_argument("more than " + std::to_string(limits.max_filter_values) + " filter values", name);
  }
  if (value.size() > 300) return Status::invalid_argument("filter value is too long", name);
  r.filters[name].push_back(value);
  return {};
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
    bool known = false;
    if (Status st = read_fixed(name, value, limits, r, scope_given, known); !st.ok()) return st;
    if (known) continue;
    if (Status st = read_filter(name, value, schema, limits, filter_count, r); !st.ok()) return st;
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
  for (const auto& [k, v] : to_params(r)) out += (out.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return out;
}

std::vector<std::pair<std::string, std::string>> to_params(const SearchRequest& r) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const std::string& k, const std::string& v) { out.emplace_back(k, v); };
  if (!r.q.empty()) add("q", r.q);
  for (const auto& [k, vs] : r.filters) {
    for (const auto& v : vs) add(k, v);
  }
  if (r.year_from) add("from", std::to_string(r.year_from));
  if (r.year_to) add("to", std::to_string(r.year_to));
  if (r.sort != SortOrder::kRelevance) add("sort", to_string(r.sort));
  if (r.scope != Scope::kArticles) add("scope", to_string(r.scope));
  if (r.match == MatchMode::kAny) add("match", "any");
  if (r.match == MatchMode::kAll) add("match", "all");
  if (!r.correct) add("correct", "0");
  if (r.items == ItemsDetail::kAll) add("items", "all");
  if (r.items == ItemsDetail::kNone) add("items", "none");
  if (r.per_page != 10) add("per_page", std::to_string(r.per_page));
  if (r.page != 1) add("page", std::to_string(r.page));
  return out;
}

}  // namespace casebase
