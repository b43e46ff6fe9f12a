#include "casebase/stored.h"

#include <nlohmann/json.hpp>

namespace casebase {

namespace {

using nlohmann::json;

// JSON is the storage encoding: compact, and it reads back in any order.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json fields_json(const StoredFields& f) {
  json out = json::object();
  for (const auto& [k, v] : f) out[k] = v;
  return out;
}

StoredFields fields_of(const json& j) {
  StoredFields out;
  auto it = j.find("fields");
  if (it == j.end() || !it->is_object()) return out;
  for (const auto& [k, v] : it->items()) {
    std::vector<std::string> vals;
    if (v.is_array()) {
      for (const auto& x : v) {
        if (x.is_string()) vals.push_back(x.get<std::string>());
      }
    }
    out.emplace(k, std::move(vals));
  }
  return out;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json* array_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? &*it : nullptr;
}

Result<json> parse_object(std::string_view data, const json::parser_callback_t& cb = nullptr) {
  json j = json::parse(data.begin(), data.end(), cb, false);
  if (j.is_discarded() || !j.is_object()) return Status::internal("stored data is not a document");
  return j;
}

StoredArticle article_of(const json& j) {
  StoredArticle a;
  a.id = str(j, "id");
  a.path = str(j, "path");
  a.title = str(j, "title");
  a.summary = str(j, "summary");
  a.language = str(j, "language");
  a.type = str(j, "type");
  a.date = str(j, "date");
  a.fields = fields_of(j);
  if (const json* items = array_at(j, "items")) {
    for (const auto& it : *items) {
      if (it.is_object()) a.items.push_back({str(it, "type"), str(it, "anchor"), str(it, "text")});
    }
  }
  return a;
}

StoredItem item_of(const json& j) {
  StoredItem i;
  i.id = str(j, "id");
  i.case_id = str(j, "case_id");
  i.case_title = str(j, "case_title");
  i.anchor = str(j, "anchor");
  i.type = str(j, "type");
  i.section = str(j, "section");
  i.text = str(j, "text");
  i.language = str(j, "language");
  i.date = str(j, "date");
  i.fields = fields_of(j);
  return i;
}

}  // namespace

const std::string& stored_id(const StoredDoc& d) {
  return std::visit([](const auto& x) -> const std::string& { return x.id; }, d);
}

const std::string& stored_language(const StoredDoc& d) {
  return std::visit([](const auto& x) -> const std::string& { return x.language; }, d);
}

const StoredFields& stored_fields(const StoredDoc& d) {
  return std::visit([](const auto& x) -> const StoredFields& { return x.fields; }, d);
}

std::string encode_stored(const StoredArticle& a) {
  json items = json::array();
  for (const auto& it : a.items) items.push_back({{"type", it.type}, {"anchor", it.anchor}, {"text", it.text}});
  return dump({{"kind", "article"}, {"id", a.id}, {"path", a.path}, {"title", a.title}, {"summary", a.summary},
               {"language", a.language}, {"type", a.type}, {"date", a.date}, {"fields", fields_json(a.fields)},
               {"items", items}});
}

std::string encode_stored(const StoredItem& i) {
  return dump({{"kind", "item"}, {"id", i.id}, {"case_id", i.case_id}, {"case_title", i.case_title},
               {"anchor", i.anchor}, {"type", i.type}, {"section", i.section}, {"text", i.text},
               {"language", i.language}, {"date", i.date}, {"fields", fields_json(i.fields)}});
}

std::string encode_body(const StoredBody& b) {
  json sections = json::array();
  for (const auto& s : b.sections) {
    sections.push_back({{"name", s.name}, {"heading", s.heading}, {"anchor", s.anchor}, {"text", s.text}});
  }
  return dump({{"markdown", b.markdown}, {"body_line", b.body_line}, {"sections", sections}});
}

Result<StoredDoc> decode_stored(std::string_view data) {
  auto j = parse_object(data);
  if (!j.ok()) return j.status();
  if (str(*j, "kind") == "item") return StoredDoc{item_of(*j)};
  return StoredDoc{article_of(*j)};
}

Result<StoredBody> decode_body(std::string_view data) {
  auto j = parse_object(data);
  if (!j.ok()) return j.status();
  StoredBody b;
  b.markdown = str(*j, "markdown");
  auto line = j->find("body_line");
  if (line != j->end() && line->is_number_integer()) b.body_line = line->get<int>();
  if (const json* sections = array_at(*j, "sections")) {
    for (const auto& s : *sections) {
      if (s.is_object()) b.sections.push_back({str(s, "name"), str(s, "heading"), str(s, "anchor"), str(s, "text")});
    }
  }
  return b;
}

Result<StoredArticle> decode_article_title(std::string_view data) {
  // The parser drops the large members (items, fields) as it reads them.
  const json::parser_callback_t skip = [](int depth, json::parse_event_t ev, json& v) {
    return !(depth == 1 && ev == json::parse_event_t::key && (v == "items" || v == "fields"));
  };
  auto j = parse_object(data, skip);
  if (!j.ok()) return j.status();
  StoredArticle a;
  a.id = str(*j, "id");
  a.title = str(*j, "title");
  return a;
}

}  // namespace casebase
