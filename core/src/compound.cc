#include "casebase/compound.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <initializer_list>

namespace casebase {

namespace {

constexpr size_t kMinHead = 3;
constexpr size_t kMinTail = 4;
constexpr size_t kMinWord = 7;

bool in(std::string_view w, std::initializer_list<std::string_view> list) {
  for (auto x : list) {
    if (w == x) return true;
  }
  return false;
}

// Heads that are prefixes, not words, in compounds ("ver" + "keer",
// "samen" + "werking", "onder" + "zoek").
bool bare_prefix(std::string_view h) {
  return in(h, {"be", "ge", "ver", "ont", "her", "er", "aan", "op", "uit", "in", "af", "toe", "door", "mis", "on", "na",
                "mee", "om", "bij", "tegen", "voor", "over", "onder", "samen", "mede", "ter", "achter", "boven", "weder",
                "wan", "ana", "para", "pro", "con", "com", "re", "de", "dis", "ex", "im", "inter", "trans"});
}

// Tails that are suffixes of derivations, not words ("over" + "heid"), and
// agent nouns that make a role of their head ("opdracht" + "gever").
bool bare_suffix(std::string_view t) {
  return in(t, {"heid", "heden", "schap", "schappen", "baar", "baarheid", "lijk", "lijke", "lijkheid", "loos", "loze",
                "loosheid", "zaam", "zame", "achtig", "ing", "ingen", "isme", "tie", "ties", "erij", "schappelijk",
                "gever", "gevers", "nemer", "nemers", "houder", "houders", "werker", "werkers"});
}

// Three-letter words that are common parts (afvalbak, fietspad, wegdek).
bool short_part(std::string_view t) {
  return in(t, {"bak", "pad", "weg", "bus", "dak", "net", "bos", "dam", "zak", "kar", "hek", "wet", "tas", "pot",
                "hal", "gas", "vat", "rit", "tol", "wal", "zee", "dag", "jas", "zon", "oud", "dek", "kop", "vis"});
}

bool ascii_word(std::string_view w) {
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  return !w.empty();
}

}  // namespace

CompoundSplitter::CompoundSplitter(const std::string& word_list_path) {
  std::ifstream in(word_list_path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
  if (size <= 0 || size >= UINT32_MAX) return;  // offsets are 32-bit; no word list is that large
  list_.resize(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(list_.data(), size)) {
    list_.clear();
    return;
  }
  const size_t lines = static_cast<size_t>(std::count(list_.begin(), list_.end(), '\n')) + 1;
  size_t cap = 1;
  while (cap < 2 * lines) cap <<= 1;  // at most half full
  slots_.assign(cap, 0);
  for (size_t start = 0; start < list_.size();) {
    size_t end = list_.find('\n', start);
    if (end == std::string::npos) end = list_.size();
    const std::string_view w(list_.data() + start, end - start);
    if (w.size() >= kMinHead && w.size() <= 40 && ascii_word(w)) {
      const size_t i = slot_of(w);
      if (slots_[i] == 0) {
        slots_[i] = static_cast<uint32_t>(start + 1);
        ++count_;
      }
    }
    start = end + 1;
  }
}

size_t CompoundSplitter::slot_of(std::string_view w) const {
  const size_t mask = slots_.size() - 1;
  size_t i = std::hash<std::string_view>{}(w) & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    const size_t off = slots_[i] - 1;
    const size_t end = off + w.size();
    if (list_.compare(off, w.size(), w) == 0 && (end == list_.size() || list_[end] == '\n')) break;
  }
  return i;
}

bool CompoundSplitter::is_word(std::string_view w) const { return count_ != 0 && slots_[slot_of(w)] != 0; }

const CompoundSplitter& CompoundSplitter::dutch() {
  static const CompoundSplitter s("/usr/share/dict/nederlands");
  return s;
}

std::string CompoundSplitter::head_form(std::string_view h) const {
  if (h.size() < kMinHead || bare_prefix(h)) return "";
  if (h.size() == kMinHead && !short_part(h)) return "";
  // Linking letters first, so the head is the word itself: arbeid-s-markt,
  // leerling-en-vervoer, kind-er-opvang, and a doubled consonant before -e-
  // (zonn-e-panelen -> zon). A bare -e- after anything else is not taken
  // (zero-emissie is not zeroe + missie).
  for (std::string_view link : {"s", "en", "er", "n", "e"}) {
    if (h.size() < link.size() + kMinHead || h.substr(h.size() - link.size()) != link) continue;
    std::string base(h.substr(0, h.size() - link.size()));
    if (bare_prefix(base)) continue;
    if (link != "e" && is_word(base) && (base.size() > kMinHead || short_part(base))) return base;
    const size_t n = base.size();
    if (n >= kMinHead + 1 && base[n - 1] == base[n - 2]) {
      std::string single = base.substr(0, n - 1);
      if (is_word(single) && (single.size() > kMinHead || short_part(single))) return single;
    }
  }
  return is_word(h) ? std::string(h) : "";
}

bool CompoundSplitter::plain_word(std::string_view w) const {
  std::vector<std::string> ignored;
  return is_word(w) && !split_into(w, 1, ignored);
}

bool CompoundSplitter::split_into(std::string_view w, int depth, std::vector<std::string>& out) const {
  if (depth > 3 || w.size() < kMinHead + 3) return false;
  // A word of the list is often lexicalised (bestuur, onderhoud): cut it
  // only into a long tail. A word the list lacks is a new compound.
  const size_t min_tail = kMinTail;
  // Of every cut, the one with the fewest parts (a tail that is a word
  // counts as one), then the longest head: kantoor+meubelen, not
  // kant+oor+meubelen; verkeer-s-lichten, not verkeer+slichten.
  std::vector<std::string> best;
  bool best_tail_word = false;
  for (size_t i = kMinHead; i + 3 <= w.size(); ++i) {
    std::string head = head_form(w.substr(0, i));
    if (head.empty()) continue;
    std::string_view tail = w.substr(i);
    if (bare_suffix(tail) || (tail.size() < min_tail && !(tail.size() == 3 && short_part(tail)))) continue;
    std::vector<std::string> rest;
    const bool tail_word = is_word(tail);
    if (tail_word) {
      rest = {std::string(tail)};
    } else if (!split_into(tail, depth + 1, rest)) {
      continue;
    }
    if (!best.empty() && rest.size() + 1 > best.size()) continue;  // equal: the later cut has the longer head
    best.clear();
    best.push_back(std::move(head));
    best.insert(best.end(), rest.begin(), rest.end());
    best_tail_word = tail_word;
  }
  if (best.empty()) return false;
  // A head or tail that is a word may be a compound too:
  // afvalwater+zuivering -> afval+water+zuivering.
  std::vector<std::string> sub;
  if (best_tail_word && best.size() == 2 && best[1].size() >= kMinWord && split_into(best[1], depth + 1, sub)) {
    best.pop_back();
    best.insert(best.end(), sub.begin(), sub.end());
  }
  sub.clear();
  if (best[0].size() >= kMinWord && best.size() < 4 && split_into(best[0], depth + 1, sub)) {
    best.erase(best.begin());
    best.insert(best.begin(), sub.begin(), sub.end());
  }
  out = std::move(best);
  return true;
}

std::vector<std::string> CompoundSplitter::split(std::string_view word) const {
  std::vector<std::string> out;
  if (empty()) return out;
  if (word.find('-') != std::string_view::npos) {
    // zero-emissie, zonne-energie: each piece, a linking form as its word.
    for (size_t start = 0; start <= word.size();) {
      size_t dash = word.find('-', start);
      if (dash == std::string_view::npos) dash = word.size();
      std::string_view piece = word.substr(start, dash - start);
      if (!piece.empty()) {
        std::string head = head_form(piece);
        out.push_back(head.empty() ? std::string(piece) : head);
      }
      start = dash + 1;
    }
    if (out.size() < 2) out.clear();
    return out;
  }
  if (word.size() < kMinWord || !ascii_word(word)) return out;
  // An inflected form of a word that is no compound is none either:
  // kantoren -> kantoor, bedragen -> bedrag, beleggen -> beleg.
  for (std::string_view end : {"en", "s", "e"}) {
    if (word.size() <= end.size() + kMinHead || word.substr(word.size() - end.size()) != end) continue;
    std::string base(word.substr(0, word.size() - end.size()));
    const size_t n = base.size();
    std::vector<std::string> singulars = {base};
    if (n >= 2 && base[n - 1] == base[n - 2]) singulars.push_back(base.substr(0, n - 1));  // beleggen -> beleg
    if (n >= 2) {
      const char v = base[n - 2];
      if (v == 'a' || v == 'e' || v == 'o' || v == 'u') singulars.push_back(base.substr(0, n - 1) + v + base[n - 1]);  // kantor -> kantoor
    }
    for (const auto& s : singulars) {
      if (plain_word(s)) return out;
    }
  }
  if (!split_into(word, 0, out)) out.clear();
  if (out.size() > 4) out.clear();
  return out;
}

std::vector<std::string> compound_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() == '-') cur.pop_back();
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z') {
      cur.push_back(c);
    } else if (c == '-' && !cur.empty() && cur.back() != '-') {
      cur.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::vector<std::string> elliptic_compounds(std::string_view text, const CompoundSplitter& splitter) {
  std::vector<std::string> out, pending;  // pending: words written with a trailing hyphen
  std::string word;
  bool joined = false;  // "en"/"of"/"," seen after the pending words
  size_t i = 0;
  while (i <= text.size()) {
    char c = i < text.size() ? text[i] : ' ';  // a space ends the last word
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c == '-' && !word.empty() && i + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[i + 1])))) {
      word.push_back(c);
      ++i;
      continue;
    }
    if (c == '-' && !word.empty()) {  // "leerlingen-" before a space or comma
      pending.push_back(word);
      word.clear();
      joined = false;
      ++i;
      continue;
    }
    if (!word.empty()) {
      if (!pending.empty() && (word == "en" || word == "of" || word == "and" || word == "or")) {
        joined = true;
      } else {
        if (!pending.empty() && joined) {
          const std::vector<std::string> parts = splitter.split(word);
          const std::string& head = parts.empty() ? std::string() : parts.back();
          if (parts.size() >= 2 && word.size() > head.size() && word.compare(word.size() - head.size(), head.size(), head) == 0) {
            for (const auto& p : pending) out.push_back(p + head);
          }
        }
        pending.clear();
        joined = false;
      }
      word.clear();
    }
    if (c != ' ' && c != ',' && c != '\t' && c != '\n') pending.clear();
    ++i;
  }
  return out;
}

}  // namespace casebase
