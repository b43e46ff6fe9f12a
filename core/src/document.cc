#include "casebase/document.h"

#include <cctype>
#include <cstdio>

#include "casebase/text.h"

namespace casebase {

std::string Diagnostic::to_string() const {
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " +
         (severity == Severity::kError ? "error" : "warning") + ": " + message;
}

std::string id_from_path(const std::string& rel_path) {
  std::string p = rel_path;
  size_t slash = p.rfind('/');
  size_t dot = p.rfind('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) p.erase(dot);
  std::string out;
  size_t pos = 0;
  while (pos <= p.size()) {
    size_t e = p.find('/', pos);
    if (e == std::string::npos) e = p.size();
    std::string part = slugify(p.substr(pos, e - pos));
    if (!part.empty()) {
      if (!out.empty()) out.push_back('/');
      out += part;
    }
    pos = e + 1;
  }
  return out;
}

std::string normalize_date(const std::string& raw_in) {
  std::string raw = trim(raw_in);
  auto digits = [&](size_t b, size_t n) {
    if (raw.size() < b + n) return false;
    for (size_t i = b; i < b + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(raw[i]))) return false;
    }
    return true;
  };
  if (!digits(0, 4)) return "";
  int y = std::stoi(raw.substr(0, 4));
  if (y < 1000 || y > 2999) return "";
  if (raw.size() == 4) return raw.substr(0, 4);
  if (raw[4] != '-' || !digits(5, 2)) return "";
  int m = std::stoi(raw.substr(5, 2));
  if (m < 1 || m > 12) return "";
  if (raw.size() == 7) return raw.substr(0, 7);
  if (raw[7] != '-' || !digits(8, 2)) return "";
  int d = std::stoi(raw.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d < 1 || d > kDays[m - 1]) return "";
  if (raw.size() > 10 && raw[10] != 'T' && raw[10] != ' ' && raw[10] != 't') return "";
  return raw.substr(0, 10);
}

std::string content_hash(const std::string& bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

// Suggests the closest allowed value for a near miss ("gemeentee" -> "gemeente").
std::string closest_value(const FieldSpec& f, const std::string& v) {
  std::string best;
  int best_d = 1 << 30;
  std::string nv = normalize_keyword(v);
  for (const auto& a : f.allowed) {
    for (const std::string& cand : [&] {
           std::vector<std::string> c = a.aliases;
           c.push_back(a.value);
           return c;
         }()) {
      int d = edit_distance(nv, normalize_keyword(cand));
      if (d < best_d) {
        best_d = d;
        best = a.value;
      }
    }
  }
  int limit = std::max<int>(2, static_cast<int>(nv.size()) / 3);
  return best_d <= limit ? best : "";
}

}  // namespace

Result<Article> build_article(const std::string& text, const std::string& path, const std::string& rel_path,
                              const Schema& schema, const BuildOptions& opts) {
  Article a;
  a.path = rel_path;
  a.id = id_from_path(rel_path);
  a.hash = content_hash(text);
  if (a.id.empty()) return Status::content("cannot derive an id from the file name", {path, 1, 1});
  // Ids become Xapian terms (at most 245 bytes, with a prefix and, for
  // lessons, an anchor): a longer one would be cut and could meet another.
  constexpr size_t kMaxIdBytes = 200;
  if (a.id.size() > kMaxIdBytes) {
    return Status::content("the path gives an id of " + std::to_string(a.id.size()) + " bytes (limit " +
                               std::to_string(kMaxIdBytes) + "); use shorter folder or file names",
                           {path, 1, 1});
  }

  auto fm = parse_front_matter(text, path);
  if (!fm.ok()) return fm.status();
  a.markdown = fm->body;
  a.body_line = fm->body_line;
  auto md = parse_markdown(fm->body, fm->body_line, path, schema);
  if (!md.ok()) return md.status();
  a.md = std::move(md).value();

  auto diag = [&](Severity s, int line, int col, std::string msg) {
    a.diagnostics.push_back({{path, line, col}, s, std::move(msg)});
  };

  for (const auto& v : fm->values) {
    const FieldSpec* f = schema.field_for_front_matter_key(v.key);
    if (!f) {
      diag(Severity::kWarning, v.line, v.col, "unknown key `" + v.key + "` (not in the schema; ignored)");
      continue;
    }
    if (v.is_map) {
      diag(Severity::kWarning, v.line, v.col, "`" + v.key + "` is a nested map; only plain values and lists are indexed");
      continue;
    }
    if (v.is_list && !f->multi && f->kind != FieldKind::kKeyword) {
      diag(Severity::kWarning, v.line, v.col, "`" + v.key + "` takes one value, not a list");
    }
    auto& dest = a.fields[f->key];
    for (const auto& raw : v.items) {
      std::string item = trim(raw);
      if (item.empty()) continue;
      if (item.size() > f->max_length) {
        diag(opts.strict ? Severity::kError : Severity::kWarning, v.line, v.col,
             "value of `" + v.key + "` is " + std::to_string(item.size()) + " bytes long (limit " +
                 std::to_string(f->max_length) + ")");
        if (f->kind != FieldKind::kText) continue;
      }
      if (f->kind == FieldKind::kDate) {
        std::string d = normalize_date(item);
        if (d.empty()) {
          return Status::content("`" + v.key + "` is not a date: `" + item + "` (use YYYY, YYYY-MM or YYYY-MM-DD)",
                                 {path, v.line, v.col});
        }
        item = d;
      } else if (f->kind == FieldKind::kNumber) {
        char* end = nullptr;
        std::strtod(item.c_str(), &end);
        if (end == item.c_str() || *end != '\0') {
          return Status::content("`" + v.key + "` is not a number: `" + item + "`", {path, v.line, v.col});
        }
      } else if (f->kind == FieldKind::kKeyword && !f->allowed.empty()) {
        auto canon = f->canonical(item);
        if (!canon) {
          std::string near = closest_value(*f, item);
          std::string msg = "`" + item + "` is not an allowed value of `" + f->key + "`" +
                            (near.empty() ? "" : "; did you mean `" + near + "`?");
          diag(opts.strict ? Severity::kError : Severity::kWarning, v.line, v.col, msg);
        } else {
          item = *canon;
        }
      }
      dest.push_back(item);
    }
  }

  auto first = [&](const std::string& key) -> std::string {
    auto it = a.fields.find(key);
    return it != a.fields.end() && !it->second.empty() ? it->second.front() : "";
  };
  a.title = first("title");
  if (a.title.empty()) a.title = a.md.title;
  if (a.title.empty()) {
    return Status::content("no title: add `title:` to the front matter or a `# Heading` line", {path, 1, 1});
  }
  a.fields["title"] = {a.title};
  a.summary = first("summary");
  if (a.summary.empty()) {
    // First sentences of the intro stand in for a missing summary.
    std::string intro = a.md.intro;
    if (intro.size() > 300) {
      size_t cut = intro.find_first_of(".!?", 120);
      intro = intro.substr(0, cut != std::string::npos && cut < 300 ? cut + 1 : 300);
    }
    a.summary = intro;
  }
  a.language = first("language");
  if (a.language.empty() || !schema.stemmers.count(a.language)) a.language = schema.default_language;
  a.fields["language"] = {a.language};
  a.type = first("type");
  if (a.type.empty()) a.type = schema.default_type;
  a.fields["type"] = {a.type};
  for (const auto& f : schema.fields) {
    if (f.kind == FieldKind::kDate) {
      a.date = first(f.key);
      if (!a.date.empty()) a.year = std::stoi(a.date.substr(0, 4));
      break;
    }
  }

  for (const auto& f : schema.fields) {
    if (f.required && first(f.key).empty() && f.key != "title") {
      diag(opts.strict ? Severity::kError : Severity::kWarning, 1, 1, "missing required key `" + f.key + "`");
    }
  }

  // Sections: empty ones and a lessons section without bullets are reported;
  // bullets of item sections become items.
  for (const auto& s : a.md.sections) {
    if (s.name.empty()) continue;
    if (trim(s.text).empty()) diag(Severity::kWarning, s.line, 1, "section `" + s.heading + "` is empty");
    const SectionSpec* spec = schema.section(s.name);
    if (!spec || spec->item_type.empty()) continue;
    if (s.bullets.empty() && !trim(s.text).empty() && spec->item_type == "lesson") {
      diag(Severity::kWarning, s.line, 1, "section `" + s.heading + "` has no bullets; write each lesson as a `- ` item");
    }
    for (const auto& b : s.bullets) a.items.push_back({spec->item_type, s.name, b.anchor, b.text, b.line});
  }
  if (opts.strict) {
    for (const auto& d : a.diagnostics) {
      if (d.severity == Severity::kError) return Status::content(d.message, d.loc);
    }
  }
  return a;
}

}  // namespace casebase
