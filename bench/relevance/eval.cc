// casebase-eval: runs every query of a BEIR collection through the real
// Searcher (the same code the server uses) and prints nDCG@10 and
// Recall@N (trec_eval definitions: graded gain, log2 discount, ideal DCG
// from the judged documents; recall over all judged-relevant documents).
// With --as-typed the queries go in as users typed them (quotes, prefixes
// and all) with the product's default request, and the number of queries
// that find nothing is counted; queries with a metadata.kind are also
// reported per kind. --min-ndcg makes it a test: exit 1 below that.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "casebase/schema.h"
#include "casebase/searcher.h"

using namespace casebase;

int main(int argc, char** argv) {
  std::string db, config, queries, qrels;
  double k1 = -1, b = -1;
  bool prf = false;
  CLI::App app{"casebase-eval: nDCG@10 and Recall@100 of Casebase on a BEIR collection"};
  app.add_option("--db", db, "index built by casebase-index")->required();
  app.add_option("--config", config, "schema used for the index");
  app.add_option("--queries", queries, "queries.jsonl")->required();
  app.add_option("--qrels", qrels, "qrels TSV (query-id, corpus-id, score)")->required();
  app.add_option("--k1", k1, "override BM25 k1");
  app.add_option("--b", b, "override BM25 b");
  app.add_flag("--prf", prf, "pseudo-relevance feedback (Xapian expand set of the top documents)");
  int prf_docs = -1, prf_terms = -1;
  double prf_weight = -1;
  app.add_option("--prf-docs", prf_docs, "override ranking.prf_docs");
  app.add_option("--prf-terms", prf_terms, "override ranking.prf_terms");
  app.add_option("--prf-weight", prf_weight, "override ranking.prf_weight");
  double prox = -1;
  int prox_window = -1;
  app.add_option("--proximity-weight", prox, "override ranking.proximity_weight");
  app.add_option("--proximity-window", prox_window, "override ranking.proximity_window");
  std::string scheme, prf_model;
  double lm_mu = -1, delta = -1, dfr_c = -1, k3 = -1;
  app.add_option("--scheme", scheme, "override ranking.scheme");
  app.add_option("--lm-mu", lm_mu, "override ranking.lm_mu");
  app.add_option("--delta", delta, "override ranking.delta");
  app.add_option("--c", dfr_c, "override ranking.c");
  app.add_option("--k3", k3, "override BM25 k3");
  app.add_option("--prf-model", prf_model, "override ranking.prf_model (eset, rm3)");
  // The BEIR corpus id of a document: the value of this field (the bench
  // schema stores it there), else the article id.
  std::string id_field = "source";
  app.add_option("--id-field", id_field, "field holding the collection's document id (default: source)");
  double other_lang = -1, compound_w = -1, some_parts_w = -1;
  app.add_option("--other-language-weight", other_lang, "override ranking.other_language_weight");
  app.add_option("--compound-weight", compound_w, "override ranking.compound_weight");
  app.add_option("--some-parts-weight", some_parts_w, "override ranking.some_parts_weight");
  std::vector<std::string> signals;
  app.add_option("--signal", signals, "override a field's signal: KEY=WEIGHT (repeatable; KEY may be a,b=WEIGHT)");
  std::string per_query;
  app.add_option("--per-query", per_query, "write each query's id, kind, nDCG@10 and Recall@N to this TSV file");
  bool stem_capitalised = false, dedupe = false, as_typed = false;
  size_t depth = 100;
  double min_ndcg = -1;
  app.add_flag("--as-typed", as_typed, "queries as typed, with the default request (no syntax stripping, no match=any)");
  app.add_option("--recall-depth", depth, "N of Recall@N (default 100)");
  app.add_option("--min-ndcg", min_ndcg, "exit 1 when nDCG@10 is below this");
  app.add_flag("--dedupe-words", dedupe, "experiment: drop repeated words from each query (case-insensitive)");
  app.add_flag("--stem-capitalised", stem_capitalised, "set ranking.stem_capitalised");
  CLI11_PARSE(app, argc, argv);

  Schema schema = default_schema();
  if (!config.empty()) {
    auto s = load_schema(config);
    if (!s.ok()) {
      std::cerr << s.status().to_string() << "\n";
      return 2;
    }
    schema = *s;
  }
  if (k1 >= 0) schema.ranking.bm25_k1 = k1;
  if (b >= 0) schema.ranking.bm25_b = b;
  if (prf_docs >= 0) schema.ranking.prf_docs = prf_docs;
  if (prf_terms >= 0) schema.ranking.prf_terms = prf_terms;
  if (prf_weight >= 0) schema.ranking.prf_weight = prf_weight;
  if (stem_capitalised) schema.ranking.stem_capitalised = true;
  if (!scheme.empty()) schema.ranking.scheme = scheme;
  if (!prf_model.empty()) schema.ranking.prf_model = prf_model;
  if (lm_mu >= 0) schema.ranking.lm_mu = lm_mu;
  if (delta >= 0) schema.ranking.bm25plus_delta = delta;
  if (dfr_c >= 0) schema.ranking.dfr_c = dfr_c;
  if (k3 >= 0) schema.ranking.bm25_k3 = k3;
  if (prox >= 0) schema.ranking.proximity_weight = prox;
  if (prox_window >= 0) schema.ranking.proximity_window = prox_window;
  if (other_lang >= 0) schema.ranking.other_language_weight = other_lang;
  if (compound_w >= 0) schema.ranking.compound_weight = compound_w;
  if (some_parts_w >= 0) schema.ranking.some_parts_weight = some_parts_w;
  for (const auto& spec : signals) {
    const size_t eq = spec.rfind('=');
    if (eq == std::string::npos) {
      std::cerr << "--signal wants KEY=WEIGHT, not " << spec << "\n";
      return 2;
    }
    const double w = std::stod(spec.substr(eq + 1));
    std::stringstream keys(spec.substr(0, eq));
    std::string key;
    while (std::getline(keys, key, ',')) {
      auto f = std::find_if(schema.fields.begin(), schema.fields.end(), [&](const FieldSpec& x) { return x.key == key; });
      if (f == schema.fields.end()) {
        std::cerr << "--signal: no field " << key << "\n";
        return 2;
      }
      f->signal = w;
    }
  }
  std::ofstream per_query_out;
  if (!per_query.empty()) {
    per_query_out.open(per_query);
    per_query_out << "query-id\tkind\tndcg10\trecall\n";
  }
  Limits limits;
  limits.max_query_bytes = 1 << 20;
  limits.max_query_terms = 1 << 20;
  Searcher searcher(db, schema, limits);

  std::map<std::string, std::map<std::string, int>> judged;
  {
    std::ifstream in(qrels);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      std::string q, d;
      int score = 0;
      if (ls >> q >> d >> score) judged[q][d] = score;
    }
  }
  struct Sum {
    double ndcg = 0, recall = 0;
    size_t n = 0, zero = 0;
    void add(double nd, double rc, bool none) {
      ndcg += nd;
      recall += rc;
      ++n;
      zero += none ? 1 : 0;
    }
  };
  Sum all;
  std::map<std::string, Sum> by_kind;
  std::vector<std::string> zero_ids;
  std::ifstream qin(queries);
  std::string line;
  while (std::getline(qin, line)) {
    auto j = nlohmann::json::parse(line);
    std::string qid = j["_id"];
    auto jt = judged.find(qid);
    if (jt == judged.end()) continue;
    SearchRequest req;
    std::string text = j["text"];
    if (!as_typed) {
      // Natural-language queries: strip query syntax so words are just words.
      for (char& c : text) {
        if (c == '"' || c == '(' || c == ')' || c == '*' || c == ':' || c == '+' || c == '-') c = ' ';
      }
    }
    if (dedupe) {
      std::istringstream ws(text);
      std::set<std::string> seen;
      std::string w, out;
      while (ws >> w) {
        std::string key = w;
        for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        while (!key.empty() && std::ispunct(static_cast<unsigned char>(key.back()))) key.pop_back();
        if (!seen.insert(key).second) continue;
        out += w + " ";
      }
      text = out;
    }
    req.q = text;
    if (!as_typed) req.match = MatchMode::kAny;
    req.prf = prf;
    req.per_page = std::max<size_t>(depth, 10);
    req.facet_size = 1;
    auto r = searcher.search(req);
    if (!r.ok()) {
      std::cerr << "query " << qid << ": " << r.status().message() << "\n";
      if (r.status().kind() != ErrorKind::kInvalidArgument) return 1;  // no index: nothing to measure
      continue;
    }
    std::vector<std::string> ranked;
    for (const auto& h : r->hits) {
      const StoredFields& f = stored_fields(h.doc);
      auto src = f.find(id_field);
      ranked.push_back(src != f.end() && !src->second.empty() ? src->second[0] : stored_id(h.doc));
    }
    double dcg = 0, idcg = 0;
    for (size_t i = 0; i < ranked.size() && i < 10; ++i) {
      auto it = jt->second.find(ranked[i]);
      if (it != jt->second.end()) dcg += it->second / std::log2(i + 2.0);
    }
    std::vector<int> gains;
    for (const auto& [d, g] : jt->second) gains.push_back(g);
    std::sort(gains.rbegin(), gains.rend());
    for (size_t i = 0; i < gains.size() && i < 10; ++i) idcg += gains[i] / std::log2(i + 2.0);
    size_t rel = 0, found = 0;
    for (const auto& [d, g] : jt->second) {
      if (g <= 0) continue;
      ++rel;
      auto end = ranked.begin() + static_cast<std::ptrdiff_t>(std::min(depth, ranked.size()));
      if (std::find(ranked.begin(), end, d) != end) ++found;
    }
    const double nd = idcg > 0 ? dcg / idcg : 0;
    const double rc = rel ? static_cast<double>(found) / rel : 0;
    const bool none = ranked.empty() && rel > 0;
    all.add(nd, rc, none);
    if (none) zero_ids.push_back(qid);
    std::string kind;
    if (j.contains("metadata") && j["metadata"].contains("kind")) kind = j["metadata"]["kind"].get<std::string>();
    if (!kind.empty()) by_kind[kind].add(nd, rc, none);
    if (per_query_out.is_open()) per_query_out << qid << '\t' << (kind.empty() ? "-" : kind) << '\t' << nd << '\t' << rc << '\n';
  }
  auto print = [&](const char* label, const Sum& s) {
    std::printf("%-10s queries %3zu  nDCG@10 %.4f  Recall@%zu %.4f  zero-result %zu\n", label, s.n, s.n ? s.ndcg / s.n : 0,
                depth, s.n ? s.recall / s.n : 0, s.zero);
  };
  print("all", all);
  for (const auto& [kind, s] : by_kind) print(kind.c_str(), s);
  if (!zero_ids.empty()) {
    std::printf("zero-result:");
    for (const auto& id : zero_ids) std::printf(" %s", id.c_str());
    std::printf("\n");
  }
  const double ndcg = all.n ? all.ndcg / all.n : 0;
  if (min_ndcg >= 0 && ndcg < min_ndcg) {
    std::fprintf(stderr, "casebase-eval: nDCG@10 %.4f is below %.4f\n", ndcg, min_ndcg);
    return 1;
  }
  return 0;
}
