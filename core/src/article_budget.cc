#include "casebase/article_budget.h"

#include <algorithm>

namespace casebase {

namespace {

std::string kib(size_t bytes) { return std::to_string((bytes + 1023) / 1024) + " KiB"; }

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

int char_column(std::string_view line, size_t offset) {
  int col = 1;
  for (size_t i = 0; i < std::min(offset, line.size()); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

Status check_text_budget(std::string_view text, int first_line, const std::string& path, const ArticleBudget& b) {
  if (text.size() > b.max_file_bytes) {
    return Status::content("file is " + kib(text.size()) + ", over the budget of " + kib(b.max_file_bytes),
                           {path, first_line, 1}, DiagCode::kFileTooLarge);
  }
  int line = first_line;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size() || text[i] == '\n' || text[i] == '\r';
    if (!end) continue;
    if (i - start > b.max_line_bytes) {
      std::string_view l = text.substr(start, i - start);
      return Status::content("line " + std::to_string(line) + " is " + kib(l.size()) + ", over the budget of " +
                                 kib(b.max_line_bytes) + " per line",
                             {path, line, char_column(l, b.max_line_bytes)}, DiagCode::kMarkdownLimit);
    }
    if (i < text.size() && text[i] == '\n') ++line;
    start = i + 1;
  }
  return Status();
}

Status check_markdown_text_budget(std::string_view body, int body_line, const std::string& path,
                                  const ArticleBudget& b) {
  size_t brackets = 0;
  int line = body_line;
  for (size_t i = 0; i < body.size();) {
    size_t eol = body.find('\n', i);
    if (eol == std::string_view::npos) eol = body.size();
    const std::string_view l = body.substr(i, eol - i);
    auto over = [&](size_t at, const std::string& what, int depth, int limit) {
      return Status::content(what + " nested " + std::to_string(depth) + " deep at the start of the line, over the budget of " +
                                 std::to_string(limit),
                             {path, line, char_column(l, at)}, DiagCode::kMarkdownLimit);
    };
    int quotes = 0, lists = 0;
    size_t p = 0;
    while (p < l.size()) {
      const char c = l[p];
      if (c == ' ' || c == '\t') {
        ++p;
        continue;
      }
      if (c == '>') {
        if (++quotes > b.max_quote_depth) return over(p, "block quotes", quotes, b.max_quote_depth);
      } else if ((c == '-' || c == '*' || c == '+') && (p + 1 == l.size() || is_blank(l[p + 1]))) {
        if (++lists > b.max_list_depth) return over(p, "lists", lists, b.max_list_depth);
      } else if (c >= '0' && c <= '9') {
        size_t e = p;
        while (e < l.size() && e - p < 9 && l[e] >= '0' && l[e] <= '9') ++e;
        if (e == l.size() || (l[e] != '.' && l[e] != ')') || (e + 1 < l.size() && !is_blank(l[e + 1]))) break;
        if (++lists > b.max_list_depth) return over(p, "lists", lists, b.max_list_depth);
        p = e;
      } else {
        break;
      }
      if (quotes + lists > b.max_block_depth) return over(p, "block quotes and lists", quotes + lists, b.max_block_depth);
      ++p;
    }
    for (size_t q = l.find('['); q != std::string_view::npos; q = l.find('[', q + 1)) {
      if (++brackets > b.max_brackets) {
        return Status::content("more than " + std::to_string(b.max_brackets) + " `[` brackets, over the budget",
                               {path, line, char_column(l, q)}, DiagCode::kMarkdownLimit);
      }
    }
    i = eol + 1;
    ++line;
  }
  return Status();
}

}  // namespace casebase
