#include "casebase/language.h"

namespace casebase {

const std::vector<std::string>& stop_words(const std::string& stemmer) {
  // Short, high-frequency function words only: content words such as
  // "inkoop" must never be dropped.
  static const std::vector<std::string> kDutch = {
      "de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan",
      "er", "om", "ook", "als", "bij", "of", "door", "maar", "uit", "tot", "dan", "wat", "die", "dit", "deze",
      "was", "werd", "wordt", "worden", "naar", "over", "nog", "al", "zo", "ze", "zij", "hij", "wij", "we",
      "je", "u", "ik", "hun", "haar", "zich", "wel", "kan", "kunnen", "heeft", "hebben", "had", "geen",
      // question words and what questions are made of (issue 13): a question
      // matches on its content words only
      "wie", "waar", "wanneer", "waarom", "hoe", "welke", "welk", "waarmee", "waarvoor", "eens", "ooit",
      "iemand", "iets", "kun", "kunt", "moet", "moeten", "mijn", "ons", "onze", "jullie", "zou", "zouden",
      "heb", "hebt", "ben", "bent", "doe", "doet", "doen", "gaat", "gaan"};
  static const std::vector<std::string> kEnglish = {
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "of",
      "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
      "will", "with", "were", "which", "from", "has", "have", "had", "its", "we", "our",
      // question words (issue 13)
      "who", "what", "where", "when", "why", "how", "whom", "whose", "do", "does", "did", "can", "could",
      "should", "would", "anyone", "someone", "ever", "i", "you", "my", "me", "been"};
  static const std::vector<std::string> kNone;
  if (stemmer == "dutch" || stemmer == "kraaij_pohlmann" || stemmer == "nl") return kDutch;
  if (stemmer == "english" || stemmer == "porter" || stemmer == "en") return kEnglish;
  return kNone;
}

const StemOverrides& default_stem_overrides() {
  // stem -> its forms. Each noun here collides with an unrelated word under
  // kraaij_pohlmann (in brackets); participles (geleerd, gebouwd) are left
  // to the stemmer, which rightly joins them with their verb.
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kDutch = {
      {"gemeente", {"gemeente", "gemeenten", "gemeentes"}},          // menen, mening
      {"gebied", {"gebied", "gebieden"}},                            // bieden, bieding
      {"gezondheid", {"gezondheid"}},                                // zon
      {"gezin", {"gezin", "gezinnen"}},                              // zin
      {"gelijk", {"gelijk", "gelijke"}},                             // lijk
      {"gelijkheid", {"gelijkheid"}},                                // lijk
      {"gemiddeld", {"gemiddeld", "gemiddelde", "gemiddelden"}},     // middel, middelen
      {"gevel", {"gevel", "gevels"}},                                // vel
      {"getal", {"getal", "getallen"}},                              // tal
      {"gegevens", {"gegevens"}},                                    // geven
      {"geval", {"geval", "gevallen"}},                              // vallen
      {"geest", {"geest", "geesten"}},                               // es
      {"gewas", {"gewas", "gewassen"}},                              // was
      {"gerecht", {"gerecht", "gerechten"}},                         // recht
      {"gevaar", {"gevaar"}},                                        // varen
      {"gelegenheid", {"gelegenheid", "gelegenheden"}},              // legen
  };
  static const StemOverrides kAll = [] {
    StemOverrides all;
    for (const auto& [stem, forms] : kDutch) {
      for (const auto& f : forms) all["nl"][f] = stem;
    }
    return all;
  }();
  return kAll;
}

}  // namespace casebase
