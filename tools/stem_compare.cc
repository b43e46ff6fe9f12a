// stem-compare: numbers for choosing a Dutch stemmer. For each stemmer it
// reports, over the Dutch Markdown files under the given folders:
//  - conflation: distinct words vs distinct stems (how much the index shrinks);
//  - under-stemming on a list of Dutch word families of the domain (forms of
//    one word that should share a stem but do not), and over-stemming
//    (words of different families that collide on one stem);
//  - speed (stems per second).
// Usage: stem-compare FOLDER... (accent folding as in the indexer)
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "casebase/text.h"

namespace fs = std::filesystem;

namespace {

// Families of inflected and derived forms in procurement Dutch. Each line
// should ideally map to one stem; no two lines should share one.
const std::vector<std::vector<std::string>> kFamilies = {
    {"inkoop", "inkopen", "inkoper", "inkopers", "inkoopt"},
    {"aanbesteding", "aanbestedingen"},
    {"aanbesteden", "aanbesteedt", "aanbestedende"},
    {"innovatie", "innovaties"},
    {"innovatief", "innovatieve"},
    {"gemeente", "gemeenten", "gemeentes"},
    {"gemeentelijk", "gemeentelijke"},
    {"leverancier", "leveranciers"},
    {"duurzaam", "duurzame", "duurzamer"},
    {"duurzaamheid"},
    {"circulair", "circulaire"},
    {"les", "lessen"},
    {"ervaring", "ervaringen"},
    {"opdrachtgever", "opdrachtgevers"},
    {"oplossing", "oplossingen"},
    {"ondernemer", "ondernemers"},
    {"markt", "markten"},
    {"marktpartij", "marktpartijen"},
    {"consultatie", "consultaties"},
    {"samenwerking", "samenwerkingen"},
    {"samenwerken", "samenwerkt"},
    {"contract", "contracten"},
    {"voordeel", "voordelen"},
    {"nadeel", "nadelen"},
    {"risico", "risico's", "risicos"},
    {"provincie", "provincies"},
    {"waterschap", "waterschappen"},
    {"algoritme", "algoritmes", "algoritmen"},
    {"algoritmisch", "algoritmische"},
    {"gegeven", "gegevens"},
    {"ontwikkeling", "ontwikkelingen"},
    {"ontwikkelen", "ontwikkelt", "ontwikkeld"},
    {"beslissing", "beslissingen"},
    {"toets", "toetsen", "toetst", "getoetst"},
    {"maatregel", "maatregelen"},
    {"vereiste", "vereisten"},
    {"organisatie", "organisaties"},
    {"organiseren", "organiseert", "georganiseerd"},
    {"mobiliteit"},
    {"energie"},
    {"bewoner", "bewoners"},
    {"criterium", "criteria"},
};

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : casebase::fold_accents(text) + " ") {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u) || u >= 0x80) {
      w.push_back(static_cast<char>(std::tolower(u)));
    } else if (!w.empty()) {
      if (w.size() >= 2) out.push_back(w);
      w.clear();
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: stem-compare FOLDER...\n";
    return 2;
  }
  std::map<std::string, size_t> vocab;
  size_t tokens = 0, files = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& e : fs::recursive_directory_iterator(argv[i])) {
      if (!e.is_regular_file() || (e.path().extension() != ".md" && e.path().extension() != ".mdx")) continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      if (text.find("language: en") != std::string::npos) continue;  // Dutch only
      ++files;
      for (auto& w : words_of(text)) {
        ++vocab[w];
        ++tokens;
      }
    }
  }
  std::printf("files %zu, tokens %zu, distinct words %zu\n\n", files, tokens, vocab.size());
  std::printf("%-16s %10s %10s %10s %12s %12s %12s\n", "stemmer", "stems", "words/stem", "under", "over-pairs",
              "tokens->stem", "Mstems/s");
  for (const char* name : {"dutch", "kraaij_pohlmann", "none"}) {
    Xapian::Stem stem(name);
    std::set<std::string> stems;
    auto t0 = std::chrono::steady_clock::now();
    size_t n = 0;
    for (int rep = 0; rep < 3; ++rep) {
      for (const auto& [w, c] : vocab) {
        std::string s = stem(w);
        if (rep == 0) stems.insert(s);
        ++n;
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Under-stemming: extra stems per family beyond one.
    size_t under = 0;
    std::map<std::string, std::set<size_t>> owner;
    for (size_t f = 0; f < kFamilies.size(); ++f) {
      std::set<std::string> fs_;
      for (const auto& w : kFamilies[f]) {
        std::string s = stem(casebase::fold_accents(w));
        fs_.insert(s);
        owner[s].insert(f);
      }
      under += fs_.size() - 1;
    }
    size_t over = 0;
    for (const auto& [s, fams] : owner) over += fams.size() * (fams.size() - 1) / 2;
    // Token-weighted conflation: share of running words whose stem differs from the word.
    size_t changed = 0;
    for (const auto& [w, c] : vocab) {
      if (stem(w) != w) changed += c;
    }
    std::printf("%-16s %10zu %10.2f %10zu %12zu %11.1f%% %12.2f\n", name, stems.size(),
                static_cast<double>(vocab.size()) / stems.size(), under, over, 100.0 * changed / tokens,
                n / secs / 1e6);
  }
  std::printf("\nunder: extra stems within %zu word families (0 is best); over: pairs of families sharing a stem (0 is best)\n",
              kFamilies.size());
  // Show where the two disagree on the families.
  Xapian::Stem a("dutch"), b("kraaij_pohlmann");
  std::printf("\nfamily forms: dutch | kraaij_pohlmann\n");
  for (const auto& fam : kFamilies) {
    std::set<std::string> sa, sb;
    for (const auto& w : fam) {
      sa.insert(a(w));
      sb.insert(b(w));
    }
    if (sa.size() == 1 && sb.size() == 1) continue;
    std::printf("  %-14s", fam[0].c_str());
    for (const auto& w : fam) std::printf(" %s=%s|%s", w.c_str(), a(w).c_str(), b(w).c_str());
    std::printf("\n");
  }
  return 0;
}
