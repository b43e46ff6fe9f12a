// The contribution pages: log in, password, the article form with preview
// and the checker's messages beside the fields, the list of submissions
// (and the editors' queue), one submission with its review forms.
#include <ctime>

#include "casebase/document.h"
#include "dates.h"
#include "layout.h"
#include "pages.h"
#include "publish.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

Page contrib_page(const Templates& tp, const PageRequest& pr, const std::string& title_key, const std::string& url,
                  const std::string& tmpl, json view, int status) {
  return account_page(tp, pr, Nav::kContribute, title_key, url, tmpl, std::move(view), status);
}

json account_json(const Account& a) {
  return {{"user", a.user}, {"role", a.role}, {"csrf", a.csrf}, {"reviewer", a.reviewer}};
}

std::string status_text(const Language& lang, const std::string& status) { return tr(lang, "status_" + status); }

json diagnostic_json(const Language& lang, const Diagnostic& d) {
  return {{"line", d.loc.line},
          {"column", d.loc.col},
          {"severity", tr(lang, d.severity == Severity::kError ? "severity_error" : "severity_warning")},
          {"error", d.severity == Severity::kError},
          {"code", diag_name(d.code)},
          // The mistake in the interface language; the detail (which value,
          // which key) as the checker words it.
          {"explanation", diag_explanation(d.code, lang.code)},
          {"message", d.message}};
}

// The title, summary and safe HTML body of Markdown, as the article page
// shows them; empty when it cannot be built.
json preview_json(const Schema& schema, const std::string& markdown, const std::string& id) {
  auto a = build_article(markdown, "preview.md", (id.empty() ? "preview" : id) + ".md", schema);
  if (!a.ok()) return nullptr;
  return {{"title", a->title}, {"summary", a->summary}, {"html", a->md.html}};
}

json submission_row(const Language& lang, const contrib::Submission& s) {
  return {{"id", s.id},
          {"article_id", s.article_id},
          {"author", s.author},
          {"status", s.status},
          {"status_text", status_text(lang, s.status)},
          {"edit", s.edit},
          {"updated", contrib::utc_day(s.updated)},
          {"updated_label", format_date(lang, contrib::utc_day(s.updated))},
          {"url", "/submissions/" + std::to_string(s.id)}};
}

// The Markdown of a submission as the form's Markdown mode shows it.
json diff_lines(const std::string& diff) {
  json out = json::array();
  size_t start = 0;
  while (start < diff.size()) {
    size_t nl = diff.find('\n', start);
    if (nl == std::string::npos) nl = diff.size();
    const std::string line = diff.substr(start, nl - start);
    start = nl + 1;
    const char k = line.empty() ? ' ' : line[0];
    out.push_back({{"text", line}, {"kind", k == '+' ? "add" : k == '-' ? "del" : k == '@' ? "hunk" : "same"}});
  }
  return out;
}

}  // namespace

Page login_page(const Templates& tp, const PageRequest& pr, const std::string& user, const std::string& error, int status) {
  json view = {{"user", user}, {"error", error.empty() ? "" : tr(*pr.lang, error)}};
  return contrib_page(tp, pr, "title_login", "/login", "login", view, status);
}

Page password_page(const Templates& tp, const PageRequest& pr, const Account& a, bool required, const std::string& error,
                   int status) {
  json view = {{"account", account_json(a)}, {"required", required}, {"error", error.empty() ? "" : tr(*pr.lang, error)}};
  return contrib_page(tp, pr, "title_password", "/account/password", "password", view, status);
}

Page submit_page(const Schema& schema, const Templates& tp, const PageRequest& pr, const Account& a, const SubmitView& v,
                 int status) {
  const Language& lang = *pr.lang;
  // Each diagnostic beside its field or section; the rest on top.
  std::map<std::string, json> by_owner;
  json general = json::array();
  size_t errors = 0;
  for (const auto& d : v.diagnostics) {
    if (d.severity == Severity::kError) ++errors;
    const std::string owner = v.mode == "form" ? contrib::owner_of(d, v.assembled, schema) : "";
    if (owner.empty()) {
      general.push_back(diagnostic_json(lang, d));
    } else {
      by_owner[owner].push_back(diagnostic_json(lang, d));
    }
  }
  auto problems = [&](const std::string& owner) { return by_owner.count(owner) ? by_owner[owner] : json::array(); };
  json fields = json::array();
  for (const auto& ff : contrib::form_fields(schema)) {
    const FieldSpec& f = *ff.spec;
    auto it = v.input.fields.find(f.key);
    const std::vector<std::string> values = it != v.input.fields.end() ? it->second : std::vector<std::string>{};
    std::string joined;
    for (const auto& x : values) joined += (joined.empty() ? "" : ", ") + x;
    json options = json::array();
    std::vector<std::string> known;
    for (const auto& av : f.allowed) {
      const bool on = std::find(values.begin(), values.end(), av.value) != values.end();
      options.push_back({{"value", av.value}, {"label", f.value_label(av.value, lang.code)}, {"selected", on}});
      known.push_back(av.value);
    }
    const json errs = problems("f:" + f.key);
    std::string hint;
    if (ff.input == contrib::InputKind::kList) {
      hint = known.empty() ? tr(lang, "form_hint_list")
                           : format(tr(lang, "form_hint_list_known"), {{"values", join(known, ", ")}});
    } else if (ff.input == contrib::InputKind::kDate) {
      hint = tr(lang, "form_hint_date");
    } else if (!f.example.empty() && ff.input != contrib::InputKind::kChoice) {
      hint = format(tr(lang, "form_hint_example"), {{"example", f.example}});
    }
    fields.push_back({{"key", f.key},
                      {"label", f.label(lang.code)},
                      {"required", f.required || f.key == "title"},
                      {"value", ff.input == contrib::InputKind::kList ? joined : (values.empty() ? "" : values.front())},
                      {"hint", hint},
                      {"options", options},
                      {"problems", errs},
                      {"invalid", !errs.empty()},
                      {"is_line", ff.input == contrib::InputKind::kLine || ff.input == contrib::InputKind::kList ||
                                      ff.input == contrib::InputKind::kDate},
                      {"is_text", ff.input == contrib::InputKind::kText},
                      {"is_choice", ff.input == contrib::InputKind::kChoice},
                      {"is_choices", ff.input == contrib::InputKind::kChoices}});
  }
  json sections = json::array();
  for (const auto& s : schema.sections) {
    auto it = v.input.sections.find(s.name);
    const json errs = problems("s:" + s.name);
    sections.push_back({{"name", s.name},
                        {"heading", contrib::section_heading(s, lang.code)},
                        {"text", it != v.input.sections.end() ? it->second : ""},
                        {"items", !s.item_type.empty()},
                        {"problems", errs},
                        {"invalid", !errs.empty()}});
  }
  const json intro_errs = problems("intro");
  const std::string markdown = v.mode == "form" ? v.assembled.markdown : v.markdown;
  json preview = v.preview && !markdown.empty() ? preview_json(schema, markdown, v.id) : json(nullptr);
  json view = {{"account", account_json(a)},
               {"form_mode", v.mode == "form"},
               {"mode", v.mode},
               {"other_mode", v.mode == "form" ? "markdown" : "form"},
               {"id", v.id},
               {"draft", v.draft > 0 ? std::to_string(v.draft) : ""},
               {"heading", tr(lang, v.id.empty() ? "submit_heading_new" : "submit_heading_edit")},
               {"fields", fields},
               {"sections", sections},
               {"intro", v.input.intro},
               {"intro_problems", intro_errs},
               {"intro_invalid", !intro_errs.empty()},
               {"markdown", v.mode == "markdown" ? v.markdown : ""},
               {"general", general},
               {"has_general", !general.empty()},
               {"has_problems", !v.diagnostics.empty() || !v.error.empty()},
               {"error", v.error},
               {"problem_count", format(tr(lang, errors == 1 ? "form_errors_one" : "form_errors_many"),
                                        {{"n", std::to_string(errors)}})},
               {"has_errors", errors > 0},
               {"preview", preview},
               {"has_preview", preview.is_object()},
               {"preview_failed", v.preview && !preview.is_object()}};
  return contrib_page(tp, pr, v.id.empty() ? "submit_heading_new" : "submit_heading_edit", "/submit", "submit", view,
                      status);
}

Page submissions_page(const Templates& tp, const PageRequest& pr, const Account& a,
                      const std::vector<contrib::Submission>& mine, const std::vector<contrib::Submission>& queue,
                      const std::string& notice) {
  const Language& lang = *pr.lang;
  json m = json::array(), q = json::array();
  for (const auto& s : mine) m.push_back(submission_row(lang, s));
  for (const auto& s : queue) q.push_back(submission_row(lang, s));
  json view = {{"account", account_json(a)},
               {"mine", m},
               {"has_mine", !m.empty()},
               {"queue", q},
               {"has_queue", !q.empty()},
               {"notice", notice.empty() ? "" : tr(lang, notice)}};
  return contrib_page(tp, pr, "title_submissions", "/submissions", "submissions", view, 200);
}

Page submission_page(const Schema& schema, const Templates& tp, const PageRequest& pr, const Account& a,
                     const contrib::Submission& s, const std::string& published, const std::string& notice,
                     const std::string& merge, int status) {
  const Language& lang = *pr.lang;
  json preview = preview_json(schema, s.markdown, s.article_id);
  const std::string diff = s.edit && s.status != "published" ? contrib::text_diff(published, s.markdown) : "";
  const bool own = a.user == s.author;
  json view = {{"account", account_json(a)},
               {"submission", submission_row(lang, s)},
               {"comment", s.comment},
               {"reviewer", s.reviewer},
               {"preview", preview},
               {"has_preview", preview.is_object()},
               {"diff", diff_lines(diff)},
               {"has_diff", !diff.empty()},
               {"can_review", a.reviewer && s.status == "pending"},
               {"can_revise", own && (s.status == "changes_requested" || s.status == "rejected" || s.status == "draft")},
               {"is_draft", s.status == "draft"},
               {"published_url", s.status == "published" ? "/articles/" + s.article_id : ""},
               {"notice", notice.empty() ? "" : tr(lang, notice)},
               {"merge", merge},
               {"has_merge", !merge.empty()}};
  return contrib_page(tp, pr, "title_submission", "/submissions/" + std::to_string(s.id), "submission", view, status);
}

namespace {

json insight_rows(const std::vector<contrib::QueryStat>& list, bool gap) {
  json out = json::array();
  for (const auto& q : list) {
    json row = {{"text", q.text}, {"visitors", q.visitors}, {"searches", q.searches}, {"results", q.results},
                {"opens", q.opens}, {"search_url", "/?q=" + url_encode(q.text)}};
    if (gap) row["write_url"] = "/submit?title=" + url_encode(q.text);
    out.push_back(row);
  }
  return out;
}

}  // namespace

Page insights_page(const Templates& tp, const PageRequest& pr, const Account& a,
                   const std::vector<contrib::WeekInsights>& weeks,
                   const std::vector<contrib::SynonymCandidate>& candidates, int k, int retention_days,
                   const std::string& notice) {
  const Language& lang = *pr.lang;
  json ws = json::array();
  for (const auto& w : weeks) {
    ws.push_back({{"week", w.week},
                  {"searches", w.searches},
                  {"zero_results", insight_rows(w.zero_results, true)},
                  {"has_zero_results", !w.zero_results.empty()},
                  {"never_opened", insight_rows(w.never_opened, true)},
                  {"has_never_opened", !w.never_opened.empty()},
                  {"top_queries", insight_rows(w.top_queries, false)},
                  {"has_top_queries", !w.top_queries.empty()},
                  {"top_filters", insight_rows(w.top_filters, false)},
                  {"has_top_filters", !w.top_filters.empty()}});
  }
  json cs = json::array();
  for (const auto& c : candidates) {
    cs.push_back({{"from", c.from}, {"to", c.to}, {"visitors", c.visitors}, {"results", c.results}});
  }
  std::string rule = tr(lang, "insights_rule");
  auto put = [&rule](const std::string& key, const std::string& value) {
    const size_t at = rule.find(key);
    if (at != std::string::npos) rule.replace(at, key.size(), value);
  };
  put("{k}", std::to_string(k));
  put("{days}", std::to_string(retention_days));
  json view = {{"account", account_json(a)},
               {"weeks", ws},
               {"candidates", cs},
               {"has_candidates", !cs.empty()},
               {"rule", rule},
               {"notice", notice.empty() ? "" : tr(lang, notice)}};
  return contrib_page(tp, pr, "title_insights", "/insights", "insights", view, 200);
}

}  // namespace casebase::serve
