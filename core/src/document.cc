#include "casebase/document.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "casebase/text.h"

namespace casebase {

std::string Diagnostic::to_string() const {
  // Names and messages quote contributor text: printed escaped, one line each.
  return escape_controls(loc.file) + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " +
         (severity == Severity::kError ? "error" : "warning") + ": " + escape_controls(message) + " [" +
         diag_name(code) + "]";
}

std::string Diagnostic::to_string(const std::string& lang) const {
  const bool nl = lang == "nl";
  const char* sev = severity == Severity::kError ? (nl ? "fout" : "error") : (nl ? "waarschuwing" : "warning");
  return escape_controls(loc.file) + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " + sev + ": " +
         diag_explanation(code, lang) + " (" + escape_controls(message) + ") [" + diag_name(code) + "]";
}

Diagnostic make_diagnostic(DiagCode code, SourceLoc loc, std::string message) {
  // Field by field: GCC 12 warns (falsely) that a braced Diagnostic
  // temporary may be used uninitialised.
  Diagnostic d;
  d.loc = std::move(loc);
  d.severity = severity_of(code, false);
  d.message = std::move(message);
  d.code = code;
  return d;
}

Diagnostic diagnostic_from(const Status& st) {
  Diagnostic d = make_diagnostic(st.diag_code(), st.loc(), st.message());
  d.severity = Severity::kError;
  return d;
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

// An absolute http(s) URL with a host: "https://www.ede.nl/x", not "www.ede.nl".
bool absolute_http_url(const std::string& v) {
  size_t start = v.rfind("https://", 0) == 0 ? 8 : v.rfind("http://", 0) == 0 ? 7 : 0;
  if (start == 0 || start >= v.size()) return false;
  const size_t end = v.find_first_of("/?#", start);
  const std::string host = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return !host.empty() && host.find_first_of(" \t") == std::string::npos;
}

// Today in UTC as YYYY-MM-DD.
std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Building one article: each step reads plain data and either adds
// diagnostics to the article or returns the error that stops it.
class Builder {
 public:
  Builder(Article& a, const std::string& path, const Schema& schema, const BuildOptions& opts)
      : a_(a), path_(path), schema_(schema), opts_(opts) {}

  void diag(DiagCode code, int line, int col, std::string msg) {
    Diagnostic d = make_diagnostic(code, {path_, line, col}, std::move(msg));
    d.severity = severity_of(code, opts_.strict);
    a_.diagnostics.push_back(std::move(d));
  }

  // Ids become Xapian terms (at most 245 bytes, with a prefix and, for
  // lessons, an anchor): a longer one would be cut and could meet another.
  Status check_id() const {
    constexpr size_t kMaxIdBytes = 200;
    if (a_.id.empty()) return Status::content("cannot derive an id from the file name", {path_, 1, 1}, DiagCode::kBadPath);
    if (a_.id.size() <= kMaxIdBytes) return {};
    return Status::content("the path gives an id of " + std::to_string(a_.id.size()) + " bytes (limit " +
                               std::to_string(kMaxIdBytes) + "); use shorter folder or file names",
                           {path_, 1, 1}, DiagCode::kBadPath);
  }

  Status read_front_matter(const FrontMatter& fm) {
    std::map<std::string, int> first_line;  // field key -> line of its first entry
    for (const auto& v : fm.values) {
      const FieldSpec* f = schema_.field_for_front_matter_key(v.key);
      if (!f) {
        diag(DiagCode::kUnknownKey, v.line, v.col, "unknown key `" + v.key + "` (not in the schema; ignored)");
        continue;
      }
      if (auto [it, fresh] = first_line.emplace(f->key, v.line); !fresh) {
        diag(DiagCode::kDuplicateKey, v.line, v.col,
             "`" + v.key + "` is given twice (also on line " + std::to_string(it->second) +
                 "); write it once, with a list for several values");
      }
      if (v.is_map) {
        diag(DiagCode::kNestedMap, v.line, v.col,
             "`" + v.key + "` is a nested map; write a value or a list (`" + v.key + ": [a, b]`)");
        continue;
      }
      if (v.is_list && !f->multi && f->kind != FieldKind::kKeyword) {
        diag(DiagCode::kOneValue, v.line, v.col, "`" + v.key + "` takes one value, not a list");
      }
      auto& dest = a_.fields[f->key];
      for (const auto& raw : v.items) {
        if (Status st = read_value(v, *f, trim(raw), dest); !st.ok()) return st;
      }
    }
    return {};
  }

  // The body: there is one, and it holds no line the template wrote
  // (a section's example, the introduction's placeholder paragraphs).
  void check_body() {
    for (const auto& l : a_.md.links) {
      if (!l.described) {
        diag(DiagCode::kNoAltText, l.line, l.col,
             "image `" + l.url + "` has no description for people who cannot see it: write one, ![…](" + l.url + ")");
      }
    }
    if (trim(a_.markdown).empty()) {
      diag(DiagCode::kNoBody, a_.body_line, 1, "the article has no text after the front matter");
      return;
    }
    std::set<std::string> placeholders;
    auto add_lines = [&](const std::string& text) {
      size_t pos = 0;
      while (pos <= text.size()) {
        size_t e = text.find('\n', pos);
        if (e == std::string::npos) e = text.size();
        const std::string line = trim(text.substr(pos, e - pos));
        if (line.size() >= 8 && line[0] != '#') placeholders.insert(line);  // a subheading may stay
        pos = e + 1;
      }
    };
    for (const auto& sec : schema_.sections) {
      for (const auto& [lang, text] : sec.example) add_lines(text);
    }
    for (const auto& [lang, text] : schema_.template_intro) add_lines(text);
    if (placeholders.empty()) return;
    constexpr int kMaxReported = 10;
    int line = a_.body_line, reported = 0;
    size_t pos = 0;
    const std::string& md = a_.markdown;
    while (pos <= md.size() && reported < kMaxReported) {
      size_t e = md.find('\n', pos);
      if (e == std::string::npos) e = md.size();
      const std::string text = trim(md.substr(pos, e - pos));
      if (placeholders.count(text)) {
        diag(DiagCode::kTemplateText, line, 1, "still the template's text: `" + text + "`; write your own");
        ++reported;
      }
      pos = e + 1;
      ++line;
    }
  }

  // The generic article keys (the Hugo-compatible format): title, summary,
  // language, type and the first date field.
  Status set_article_keys() {
    a_.title = first("title");
    if (a_.title.empty()) a_.title = a_.md.title;
    if (a_.title.empty()) {
      return Status::content("no title: add `title:` to the front matter or a `# Heading` line", {path_, 1, 1},
                             DiagCode::kNoTitle);
    }
    a_.fields["title"] = {a_.title};
    a_.summary = first("summary");
    if (a_.summary.empty()) a_.summary = summary_from_intro(a_.md.intro);
    a_.language = first("language");
    if (a_.language.empty() || !schema_.stemmers.count(a_.language)) a_.language = schema_.default_language;
    a_.fields["language"] = {a_.language};
    a_.type = first("type");
    if (a_.type.empty()) a_.type = schema_.default_type;
    a_.fields["type"] = {a_.type};
    for (const auto& f : schema_.fields) {
      if (f.kind != FieldKind::kDate) continue;
      a_.date = first(f.key);
      if (!a_.date.empty()) a_.year = std::stoi(a_.date.substr(0, 4));
      break;
    }
    return {};
  }

  void check_required() {
    for (const auto& f : schema_.fields) {
      if (f.required && first(f.key).empty() && f.key != "title") {
        diag(DiagCode::kMissingRequired, 1, 1, "missing required key `" + f.key + "`");
      }
    }
  }

  // Empty sections and a bullets-only section without bullets are
  // reported; bullets of item sections become items.
  void read_sections() {
    std::map<std::string, int> first_line;  // section name -> line of its heading
    for (const auto& s : a_.md.sections) {
      if (s.name.empty()) continue;
      if (auto [it, fresh] = first_line.emplace(s.name, s.line); !fresh) {
        diag(DiagCode::kDuplicateSection, s.line, 1,
             "section `" + s.heading + "` appears twice (also on line " + std::to_string(it->second) +
                 "); merge them into one");
      }
      if (trim(s.text).empty()) diag(DiagCode::kEmptySection, s.line, 1, "section `" + s.heading + "` is empty");
      const SectionSpec* spec = schema_.section(s.name);
      if (!spec) continue;
      if (spec->require_bullets && s.bullets.empty() && !trim(s.text).empty()) {
        diag(DiagCode::kNoBullets, s.line, 1,
             "section `" + s.heading + "` has no bullets; write each " +
                 (spec->item_type.empty() ? "point" : spec->item_type) + " as a `- ` item");
      }
      if (spec->item_type.empty()) continue;
      for (const auto& b : s.bullets) a_.items.push_back({spec->item_type, s.name, b.anchor, b.text, b.line});
    }
  }

 private:
  std::string first(const std::string& key) const {
    auto it = a_.fields.find(key);
    return it != a_.fields.end() && !it->second.empty() ? it->second.front() : "";
  }

  // First sentences of the intro stand in for a missing summary.
  static std::string summary_from_intro(std::string intro) {
    if (intro.size() > 300) {
      size_t cut = intro.find_first_of(".!?", 120);
      intro = intro.substr(0, cut != std::string::npos && cut < 300 ? cut + 1 : 300);
    }
    return intro;
  }

  // One value of a front-matter entry, checked and canonicalised by its
  // field's kind; an invalid date or number stops the article.
  Status read_value(const FrontMatterValue& v, const FieldSpec& f, std::string item, std::vector<std::string>& dest) {
    if (item.empty()) return {};
    if (item.size() > f.max_length) {
      diag(DiagCode::kValueTooLong, v.line, v.col,
           "value of `" + v.key + "` is " + std::to_string(item.size()) + " bytes long (limit " +
               std::to_string(f.max_length) + ")");
      if (f.kind != FieldKind::kText) return {};
    }
    if (!f.example.empty() && (f.kind == FieldKind::kText || f.required || f.display == "link") &&
        normalize_keyword(item) == normalize_keyword(f.example)) {
      diag(DiagCode::kTemplateText, v.line, v.col,
           "`" + v.key + "` still has the template's example `" + item + "`; write your own");
    }
    if (f.display == "link" && !absolute_http_url(item)) {
      diag(DiagCode::kNotAUrl, v.line, v.col,
           "`" + v.key + "` must be a full web address starting with https:// or http://, not `" + item + "`");
    }
    if (f.kind == FieldKind::kDate) {
      std::string d = normalize_date(item);
      if (d.empty()) {
        return Status::content("`" + v.key + "` is not a date: `" + item + "` (use YYYY, YYYY-MM or YYYY-MM-DD)",
                               {path_, v.line, v.col}, DiagCode::kNotADate);
      }
      const std::string today = opts_.today.empty() ? today_utc() : opts_.today;
      if (d > today.substr(0, d.size())) {
        diag(DiagCode::kFutureDate, v.line, v.col, "`" + v.key + "` is in the future: `" + d + "`");
      }
      item = d;
    } else if (f.kind == FieldKind::kNumber) {
      char* end = nullptr;
      std::strtod(item.c_str(), &end);
      if (end == item.c_str() || *end != '\0') {
        return Status::content("`" + v.key + "` is not a number: `" + item + "`", {path_, v.line, v.col},
                               DiagCode::kNotANumber);
      }
    } else if (f.kind == FieldKind::kKeyword && !f.allowed.empty()) {
      if (auto canon = f.canonical(item)) {
        if (normalize_keyword(*canon) != normalize_keyword(item)) a_.written[f.key].push_back(item);
        item = *canon;
      } else {
        std::string near = closest_value(f, item);
        diag(DiagCode::kNotAllowedValue, v.line, v.col,
             "`" + item + "` is not an allowed value of `" + f.key + "`" +
                 (near.empty() ? "" : "; did you mean `" + near + "`?"));
      }
    }
    // Two ways of writing one value ("meeting the market" and
    // "marktverkenning" are both marktconsultatie) are that value once:
    // twice, a facet would count the article twice.
    if (f.kind == FieldKind::kKeyword && std::any_of(dest.begin(), dest.end(), [&](const std::string& d) {
          return normalize_keyword(d) == normalize_keyword(item);
        })) {
      return {};
    }
    dest.push_back(item);
    return {};
  }

  Article& a_;
  const std::string& path_;
  const Schema& schema_;
  const BuildOptions& opts_;
};

}  // namespace

Result<Article> build_article(const std::string& text, const std::string& path, const std::string& rel_path,
                              const Schema& schema, const BuildOptions& opts) {
  Article a;
  a.path = rel_path;
  a.id = id_from_path(rel_path);
  a.hash = content_hash(text);
  Builder b(a, path, schema, opts);
  if (Status st = b.check_id(); !st.ok()) return st;
  if (Status st = check_text_budget(text, 1, path, opts.budget); !st.ok()) return st;
  auto fm = parse_front_matter(text, path, opts.budget.front_matter);
  if (!fm.ok()) return fm.status();
  a.markdown = fm->body;
  a.body_line = fm->body_line;
  // The body is always the file's tail (front_matter.cc cuts it from the text).
  a.front_matter = text.substr(0, text.size() - fm->body.size());
  auto md = parse_markdown(fm->body, fm->body_line, path, schema, opts.budget);
  if (!md.ok()) return md.status();
  a.md = std::move(md).value();
  if (Status st = b.read_front_matter(*fm); !st.ok()) return st;
  if (Status st = b.set_article_keys(); !st.ok()) return st;
  b.check_required();
  b.read_sections();
  b.check_body();
  if (opts.strict) {
    for (const auto& d : a.diagnostics) {
      if (d.severity == Severity::kError) return Status::content(d.message, d.loc, d.code);
    }
  }
  return a;
}

}  // namespace casebase
