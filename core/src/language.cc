#include "casebase/language.h"

namespace casebase {

const std::vector<std::string>& stop_words(const std::string& stemmer) {
  // Short, high-frequency function words only: content words such as
  // "inkoop" must never be dropped.
  static const std::vector<std::string> kDutch = {
      "de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan",
      "er", "om", "ook", "als", "bij", "of", "door", "maar", "uit", "tot", "dan", "wat", "die", "dit", "deze",
      "was", "werd", "wordt", "worden", "naar", "over", "nog", "al", "zo", "ze", "zij", "hij", "wij", "we",
      "je", "u", "ik", "hun", "haar", "zich", "wel", "kan", "kunnen", "heeft", "hebben", "had", "geen"};
  static const std::vector<std::string> kEnglish = {
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "of",
      "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
      "will", "with", "were", "which", "from", "has", "have", "had", "its", "we", "our"};
  static const std::vector<std::string> kNone;
  if (stemmer == "dutch" || stemmer == "kraaij_pohlmann" || stemmer == "nl") return kDutch;
  if (stemmer == "english" || stemmer == "porter" || stemmer == "en") return kEnglish;
  return kNone;
}

}  // namespace casebase
