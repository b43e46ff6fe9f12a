// The export of a result set (/export.csv, /export.json): every row of the
// search (up to kMaxExportRows) with the query that made it.
#include <algorithm>
#include <iostream>
#include <map>

#include "api.h"
#include "csv.h"
#include "layout.h"
#include "pages.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr int kMaxExportRows = 1000;

// The fixed CSV columns before the facet columns (generic article keys).
const std::vector<std::string> kCsvColumns = {"kind", "id",      "title", "type",    "date",
                                              "language", "summary", "text", "case_id", "case_title"};

Page json_error(int status, const std::string& code, const std::string& message) {
  Page p;
  p.status = status;
  p.content_type = "application/json";
  p.body = json{{"error", {{"code", code}, {"message", message}}}}.dump();
  return p;
}

Page error_for(const Status& st) {
  const int status = page_status(st);
  if (status == 400) return json_error(400, "bad_request", st.message());
  if (status == 503) return json_error(503, "busy", st.message());
  std::cerr << "casebase-serve: export: " << st.message() << "\n";
  return json_error(500, "internal", "internal error");
}

// The hits as export rows. Items carry only a snippet of their text and no
// fields: take both from their case (each case read once).
json export_rows(const Searcher& s, const json& hits, const std::string& base_url) {
  std::map<std::string, json> cases;
  auto case_of = [&](const std::string& id) -> const json& {
    auto it = cases.find(id);
    if (it == cases.end()) {
      auto a = s.get_article(id);
      it = cases.emplace(id, a.ok() ? article_json(id, *a) : json::object()).first;
    }
    return it->second;
  };
  json rows = json::array();
  for (json h : hits) {
    if (str(h, "kind") == "item") {
      const json& c = case_of(str(h, "case_id"));
      h["fields"] = c.value("fields", json::object());
      for (const auto& it : c.value("items", json::array())) {
        if (str(it, "anchor") == str(h, "anchor")) h["text"] = str(it, "text");
      }
      if (!h.contains("text")) h["text"] = snippet_text(str(h, "snippet"));
    }
    for (const char* k : {"snippet", "snippet_section", "score", "api_url"}) h.erase(k);
    h["url"] = base_url + str(h, "url");
    rows.push_back(std::move(h));
  }
  return rows;
}

std::string export_json(const SearchRequest& req, const json& rows, size_t total, const std::string& search_url) {
  json filters = json::object();
  for (const auto& [k, vs] : req.filters) filters[k] = vs;
  json query = {{"q", req.q},
                {"filters", filters},
                {"from", req.year_from ? json(req.year_from) : json(nullptr)},
                {"to", req.year_to ? json(req.year_to) : json(nullptr)},
                {"sort", to_string(req.sort)},
                {"scope", to_string(req.scope)}};
  json out = {{"query", query},
              {"search_url", search_url},
              {"total", total},
              {"count", rows.size()},
              {"truncated", total > rows.size()},
              {"results", rows}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// CSV (RFC 4180, with a BOM so spreadsheet programs read UTF-8): the fixed
// columns, one per keyword facet, and the URL.
std::string export_csv(const Schema& schema, const json& rows) {
  std::vector<std::string> facet_cols;
  for (const FieldSpec* f : schema.facets()) {
    const bool fixed = std::find(kCsvColumns.begin(), kCsvColumns.end(), f->key) != kCsvColumns.end();
    if (f->kind == FieldKind::kKeyword && !fixed) facet_cols.push_back(f->key);
  }
  std::vector<std::string> header = kCsvColumns;
  header.insert(header.end(), facet_cols.begin(), facet_cols.end());
  header.push_back("url");
  std::string csv = "\xEF\xBB\xBF" + csv_line(header);
  for (const auto& h : rows) {
    const json f = h.value("fields", json::object());
    std::vector<std::string> cells;
    for (const auto& col : kCsvColumns) cells.push_back(str(h, col.c_str()));
    for (const auto& k : facet_cols) cells.push_back(join(strings_of(f.value(k, json::array())), "; "));
    cells.push_back(str(h, "url"));
    csv += csv_line(cells);
  }
  return csv;
}

// The download's file name stem from the catalogue, kept to safe characters.
std::string file_stem(const Language& lang) {
  std::string stem = tr(lang, "export_filename");
  std::erase_if(stem, [](char c) {
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  });
  return stem.empty() ? "casebase" : stem;
}

}  // namespace

Page export_results(const Searcher& s, const PageRequest& pr, ExportFormat fmt) {
  auto lr = parse_page_request(pr.params, s.schema(), s.limits(), ListKind::kSearch);
  if (!lr.ok()) return json_error(400, "bad_request", lr.status().message());
  SearchRequest req = lr->req;
  const std::string qs = export_query(req);
  req.page = 1;
  req.per_page = kMaxExportRows;
  req.facet_size = 1;
  auto resp = s.search(req);
  if (!resp.ok()) return error_for(resp.status());
  const json body = search_json(req, *resp, HitForm::kFull);
  const json rows = export_rows(s, body["hits"], pr.base_url);
  const std::string stem = file_stem(*pr.lang);
  Page p;
  if (fmt == ExportFormat::kJson) {
    p.content_type = "application/json";
    p.body = export_json(lr->req, rows, body.value("total", size_t{0}), pr.base_url + "/" + (qs.empty() ? "" : "?" + qs));
    p.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stem + ".json\"");
  } else {
    p.content_type = "text/csv; charset=utf-8";
    p.body = export_csv(s.schema(), rows);
    p.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stem + ".csv\"");
  }
  return p;
}

}  // namespace casebase::serve
