#include "article_form.h"

#include <cctype>

#include "article_template.h"

namespace casebase::contrib {

namespace {

// One line of form text: line breaks and surrounding blanks dropped.
std::string one_line(const std::string& v) {
  std::string out;
  for (char c : v) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  const size_t b = out.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return out.substr(b, out.find_last_not_of(' ') - b + 1);
}

// A scalar inside a flow list: quoted when a comma or bracket would end it.
std::string flow_scalar(const std::string& v) {
  if (v.find_first_of(",[]{}") != std::string::npos) return indexer::yaml_quoted(v);
  return indexer::yaml_scalar(v);
}

std::string normalised_text(const std::string& t) {
  std::string out;
  for (char c : t) {
    if (c != '\r') out.push_back(c);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  size_t b = 0;
  while (b < out.size() && out[b] == '\n') ++b;
  return out.substr(b);
}

}  // namespace

std::vector<FormField> form_fields(const Schema& schema) {
  std::vector<FormField> out;
  for (const auto& f : schema.fields) {
    if (!(f.key == "title" || f.required || f.facet || f.kind == FieldKind::kText || !f.example.empty())) continue;
    FormField ff;
    ff.spec = &f;
    const bool closed = !f.allowed.empty() && !f.open_values;
    if (f.kind == FieldKind::kDate) {
      ff.input = InputKind::kDate;
    } else if (closed) {
      ff.input = f.multi ? InputKind::kChoices : InputKind::kChoice;
    } else if (f.multi) {
      ff.input = InputKind::kList;
    } else if (f.kind == FieldKind::kText && f.key != "title") {
      ff.input = InputKind::kText;
    }
    out.push_back(ff);
  }
  return out;
}

std::string section_heading(const SectionSpec& s, const std::string& lang) {
  if (!s.labels.empty()) return s.label(lang);
  std::string h = s.headings.empty() ? s.name : s.headings.front();
  if (!h.empty()) h[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(h[0])));
  return h;
}

AssembledArticle assemble_markdown(const Schema& schema, const FormInput& in, const std::string& lang) {
  AssembledArticle a;
  int line = 1;
  auto emit = [&](const std::string& text, const std::string& owner) {
    a.markdown += text + "\n";
    if (!owner.empty()) a.line_owner[line] = owner;
    ++line;
  };
  emit("---", "");
  for (const FormField& ff : form_fields(schema)) {
    const FieldSpec& f = *ff.spec;
    auto it = in.fields.find(f.key);
    std::vector<std::string> values;
    if (it != in.fields.end()) {
      for (const auto& raw : it->second) {
        if (ff.input == InputKind::kList) {
          // "energie, water" is two values.
          size_t start = 0;
          while (start <= raw.size()) {
            size_t comma = raw.find(',', start);
            if (comma == std::string::npos) comma = raw.size();
            const std::string v = one_line(raw.substr(start, comma - start));
            if (!v.empty()) values.push_back(v);
            start = comma + 1;
          }
        } else if (const std::string v = one_line(raw); !v.empty()) {
          values.push_back(v);
        }
      }
    }
    if (values.empty()) continue;  // the checker reports a missing required field
    if (f.multi) {
      std::string list;
      for (const auto& v : values) list += (list.empty() ? "" : ", ") + flow_scalar(v);
      emit(f.key + ": [" + list + "]", "f:" + f.key);
    } else {
      emit(f.key + ": " + (f.key == "title" || f.kind == FieldKind::kText ? indexer::yaml_quoted(values.front())
                                                                           : indexer::yaml_scalar(values.front())),
           "f:" + f.key);
    }
  }
  emit("---", "");
  auto block = [&](const std::string& text, const std::string& owner) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      emit(text.substr(start, nl - start), owner);
      start = nl + 1;
    }
  };
  if (const std::string intro = normalised_text(in.intro); !intro.empty()) {
    emit("", "");
    block(intro, "intro");
  }
  for (const auto& s : schema.sections) {
    auto it = in.sections.find(s.name);
    if (it == in.sections.end()) continue;
    std::string text = normalised_text(it->second);
    if (text.empty()) continue;
    if (!s.item_type.empty()) {
      // One item a line; a line without a bullet gets one.
      std::string bullets;
      size_t start = 0;
      while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        std::string l = text.substr(start, nl - start);
        start = nl + 1;
        const size_t b = l.find_first_not_of(' ');
        if (b == std::string::npos) continue;
        l = l.substr(b);
        if (l.rfind("- ", 0) != 0 && l.rfind("* ", 0) != 0) l = "- " + l;
        bullets += (bullets.empty() ? "" : "\n") + l;
      }
      text = bullets;
    }
    emit("", "");
    emit("## " + section_heading(s, lang), "s:" + s.name);
    emit("", "s:" + s.name);
    block(text, "s:" + s.name);
  }
  return a;
}

std::string owner_of(const Diagnostic& d, const AssembledArticle& a, const Schema& schema) {
  // A message that names a key belongs to its field.
  for (const auto& f : schema.fields) {
    if (d.message.find("`" + f.key + "`") != std::string::npos) return "f:" + f.key;
  }
  auto it = a.line_owner.find(d.loc.line);
  return it != a.line_owner.end() ? it->second : "";
}

}  // namespace casebase::contrib
