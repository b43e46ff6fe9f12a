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

// An item's own data only: an index holds seven or so items per article,
// and repeating the case's fields and text in each was a sixth of its size.
std::string encode_stored(const StoredItem& i) {
  return dump({{"kind", "item"}, {"id", i.id}, {"case_id", i.case_id}, {"anchor", i.anchor}, {"type", i.type},
               {"section", i.section}});
}

void complete_item(StoredItem& item, const StoredArticle& c) {
  item.case_title = c.title;
  item.language = c.language;
  item.date = c.date;
  item.fields = c.fields;
  for (const auto& ref : c.items) {
    if (ref.anchor == item.anchor) item.text = ref.text;
  }
}

// Article data: the article's JSON, NUL, the body's JSON (body line,
// sections, the text's length, the front matter), NUL, the text, then the Markdown. JSON
// never holds a raw NUL (it is escaped), so the first two NULs are the
// separators whatever the text and Markdown contain.
std::string encode_stored(const StoredArticle& a, const StoredBody& b) {
  json sections = json::array();
  for (const auto& s : b.sections) {
    sections.push_back({{"name", s.name}, {"heading", s.heading}, {"anchor", s.anchor}, {"text", s.text}});
  }
  std::string out = encode_stored(a);
  out.push_back('\0');
  out += dump({{"body_line", b.body_line},
               {"sections", sections},
               {"text_bytes", b.text.size()},
               {"front_matter", b.front_matter}});
  out.push_back('\0');
  out += b.text;
  out += b.markdown;
  return out;
}

namespace {

// The JSON document at the start of `data` (all of an item's data).
std::string_view head_of(std::string_view data) { return data.substr(0, data.find('\0')); }

}  // namespace

Result<StoredDoc> decode_stored(std::string_view data) {
  auto j = parse_object(head_of(data));
  if (!j.ok()) return j.status();
  if (str(*j, "kind") == "item") return StoredDoc{item_of(*j)};
  return StoredDoc{article_of(*j)};
}

Result<StoredBody> decode_body(std::string_view data, bool markdown) {
  const size_t a = data.find('\0');
  const size_t b = a == std::string_view::npos ? a : data.find('\0', a + 1);
  if (b == std::string_view::npos) return Status::internal("stored data has no body");
  auto j = parse_object(data.substr(a + 1, b - a - 1));
  if (!j.ok()) return j.status();
  StoredBody out;
  auto line = j->find("body_line");
  if (line != j->end() && line->is_number_integer()) out.body_line = line->get<int>();
  if (const json* sections = array_at(*j, "sections")) {
    for (const auto& s : *sections) {
      if (s.is_object()) out.sections.push_back({str(s, "name"), str(s, "heading"), str(s, "anchor"), str(s, "text")});
    }
  }
  size_t text_bytes = 0;
  auto tb = j->find("text_bytes");
  if (tb != j->end() && tb->is_number_unsigned()) text_bytes = tb->get<size_t>();
  const std::string_view rest = data.substr(b + 1);
  if (text_bytes > rest.size()) return Status::internal("stored body is cut short");
  out.text = std::string(rest.substr(0, text_bytes));
  if (markdown) {
    out.markdown = std::string(rest.substr(text_bytes));
    out.front_matter = str(*j, "front_matter");
  }
  return out;
}

}  // namespace casebase
