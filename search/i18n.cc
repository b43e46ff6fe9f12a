#include "i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace casebase::serve {

namespace {

// Every interface string, Dutch. Keys are shared with kEnglish below;
// `{name}` marks an argument filled in by format(). Strings are plain text:
// templates escape them.
const StringTable kDutch = {
    // Layout
    {"site_description", "Casebase: doorzoek praktijkcasussen en geleerde lessen over innovatief en maatschappelijk inkopen."},
    {"tagline", "Praktijkcasussen en geleerde lessen over innovatief en maatschappelijk inkopen"},
    {"skip_link", "Direct naar de inhoud"},
    {"nav_label", "Hoofdmenu"},
    {"nav_search", "Zoeken"},
    {"nav_lessons", "Geleerde lessen"},
    {"nav_contribute", "Bijdragen"},
    {"lang_switch_text", "English"},
    {"lang_switch_label", "Read this page in English"},
    {"footer_text", "Casebase – een doorzoekbare verzameling praktijkvoorbeelden voor inkopers bij gemeenten en andere overheden."},
    {"footer_feed", "Nieuwe casussen (Atom-feed)"},
    {"header_search_label", "Zoek in Casebase"},

    // Search page
    {"title_search", "Praktijkcasussen zoeken – Casebase"},
    {"title_search_q", "{q} – zoekresultaten – Casebase"},
    {"heading_search", "Zoek in praktijkcasussen"},
    {"search_label", "Zoek in casussen en lessen"},
    {"search_hint", "Bijvoorbeeld: marktconsultatie, circulair, zero-emissie of de naam van een gemeente."},
    {"search_button", "Zoeken"},
    {"suggestions_label", "Suggesties"},
    {"sort_label", "Sorteer op"},
    {"sort_relevance", "Relevantie"},
    {"sort_newest", "Nieuwste eerst"},
    {"sort_oldest", "Oudste eerst"},
    {"scope_label", "Zoek in"},
    {"scope_articles", "Casussen"},
    {"scope_lessons", "Lessen"},
    {"scope_items", "Lessen, voor- en nadelen"},
    {"scope_all", "Alles"},
    {"filters_heading", "Filters"},
    {"clear_all", "Wis alle filters"},
    {"apply_filters", "Filters toepassen"},
    {"years_legend", "Periode"},
    {"year_from", "Van"},
    {"year_to", "Tot en met"},
    {"year_any", "Alle jaren"},
    {"year_option", "{year} ({count})"},
    {"year_range", "{from}–{to}"},
    {"year_since", "vanaf {from}"},
    {"year_until", "tot en met {to}"},
    {"show_more", "Toon meer ({n})"},
    {"count_none", "Geen resultaten"},
    {"count_one", "1 resultaat"},
    {"count_many", "{n} resultaten"},
    {"count_for", "{count} voor ‘{q}’"},
    {"page_of", "pagina {page} van {pages}"},
    {"results_heading", "Resultaten"},
    {"did_you_mean", "Bedoelde u"},
    {"or_note", "Er zijn geen resultaten met al uw zoekwoorden. Hieronder staan resultaten met een of meer van de woorden."},
    {"active_filters", "Actieve filters"},
    {"remove_filter", "Verwijder filter {facet}: {value}"},
    {"ignored_param", "De ongeldige waarde bij ‘{param}’ is genegeerd."},
    {"error_query", "Deze zoekopdracht kan niet worden uitgevoerd. Pas de zoekwoorden aan en probeer het opnieuw."},
    {"error_wildcard", "Een zoekwoord met * past op te veel woorden. Maak het deel voor de * langer."},
    {"empty_heading", "Geen resultaten gevonden"},
    {"empty_intro", "Probeer het volgende:"},
    {"tip_suggestion", "Zoek op ‘{q}’"},
    {"tip_drop_filter", "Zoek zonder het filter {facet}: {value}"},
    {"tip_drop_years", "Zoek zonder de periode {years}"},
    {"tip_scope_all", "Zoek ook in lessen, voor- en nadelen"},
    {"tip_fewer_words", "Gebruik minder of algemenere zoekwoorden, of controleer de spelling."},
    {"tip_browse", "Bekijk alle casussen"},
    {"page_out_of_range", "Deze pagina bestaat niet (meer)."},
    {"first_page", "Naar de eerste pagina"},
    {"pagination_label", "Paginering"},
    {"prev", "Vorige"},
    {"next", "Volgende"},
    {"page_word", "Pagina"},
    {"prev_page", "Vorige pagina"},
    {"next_page", "Volgende pagina"},
    {"lesson_from", "Les uit"},
    {"pro_from", "Voordeel uit"},
    {"con_from", "Nadeel uit"},
    {"snippet_section.les", "Uit de lessen"},
    {"snippet_section.voordeel", "Uit de voordelen"},
    {"snippet_section.nadeel", "Uit de nadelen"},
    {"tools_heading", "Volgen en downloaden"},
    {"export_label", "Download deze resultaten:"},
    {"export_csv", "CSV (spreadsheet)"},
    {"export_json", "JSON"},
    {"feed_link", "Volg deze zoekopdracht (Atom-feed)"},
    {"feed_title", "Casebase: nieuwe casussen"},
    {"feed_title_q", "Casebase: nieuwe casussen over ‘{q}’"},
    {"feed_subtitle", "De nieuwste praktijkcasussen die bij deze zoekopdracht passen."},
    {"opensearch_description", "Zoek in praktijkcasussen en geleerde lessen over inkopen"},

    // Lessons page
    {"title_lessons", "Geleerde lessen – Casebase"},
    {"title_lessons_q", "{q} – geleerde lessen – Casebase"},
    {"heading_lessons", "Geleerde lessen"},
    {"lessons_intro", "Alle lessen uit de praktijkcasussen op een rij. Filter op thema, instrument of organisatie; elke les verwijst naar de casus waar hij uit komt."},
    {"lessons_search_label", "Zoek in de lessen"},
    {"lessons_hint", "Bijvoorbeeld: netbeheerder, budget of marktconsultatie."},

    // Article page
    {"title_article", "{title} – Casebase"},
    {"back_to_search", "Terug naar zoeken"},
    {"meta_heading", "Gegevens"},
    {"date_label", "Datum"},
    {"authors_label", "Auteurs"},
    {"source_label", "Bron"},
    {"source_text", "Oorspronkelijk artikel op {host}"},
    {"glance_heading", "In het kort"},
    {"lessons_heading", "Geleerde lessen"},
    {"pros_heading", "Voordelen"},
    {"cons_heading", "Nadelen"},
    {"related_heading", "Verwante casussen"},
    {"related_reason", "Overeenkomsten: {parts}."},
    {"related_words", "woorden"},

    // Error pages
    {"not_found_heading", "Pagina niet gevonden"},
    {"not_found_text", "Deze pagina bestaat niet (meer). Misschien is het adres niet helemaal goed overgenomen."},
    {"article_not_found_heading", "Casus niet gevonden"},
    {"article_not_found_text", "Deze casus bestaat niet (meer). Misschien is hij verplaatst of verwijderd."},
    {"error_heading", "Er ging iets mis"},
    {"error_text", "Er ging iets mis bij het maken van deze pagina. Probeer het later opnieuw."},
    {"unavailable_heading", "Casebase is nog niet beschikbaar"},
    {"unavailable_text", "De zoekindex wordt nog opgebouwd. Probeer het over een paar minuten opnieuw."},
    {"go_search", "Zoek in alle casussen"},
    {"go_lessons", "Bekijk de geleerde lessen"},

    // Contribute page
    {"title_contribute", "Een casus bijdragen – Casebase"},
    {"contribute_heading", "Een casus bijdragen"},
    {"contribute_intro", "Casebase groeit met de ervaringen van inkopers. Heeft u iets geleerd bij een inkooptraject? Schrijf het op, zodat collega’s elders er hun voordeel mee doen."},
    {"contribute_steps_heading", "Zo voegt u een casus toe"},
    {"contribute_step1", "Maak een nieuw bestand van het sjabloon:"},
    {"contribute_step2", "Vul de gegevens bovenaan en de tekst in. Schrijf lessen, voordelen en nadelen als opsommingstekens (‘- ’): elk punt wordt een eigen zoekresultaat dat naar uw casus verwijst."},
    {"contribute_step3", "Controleer het bestand. De controle noemt elke fout met bestand, regel en kolom:"},
    {"contribute_step4", "Stel de wijziging voor in de repository (een pull request). Zodra de index is bijgewerkt, staat uw casus in Casebase."},
    {"contribute_cmd_new", "casebase-index new \"Titel van de casus\""},
    {"contribute_cmd_check", "casebase-index check content/cases/titel-van-de-casus.md"},
    {"contribute_format_heading", "Het formaat"},
    {"contribute_format_intro", "Elk artikel is één Markdown-bestand in de map content/. Bovenaan staan de gegevens in YAML tussen twee regels ‘---’ (de front matter), daarna volgt de tekst in CommonMark. Deze velden kent Casebase:"},
    {"field_col_key", "Veld"},
    {"field_col_label", "Betekenis"},
    {"field_col_required", "Verplicht"},
    {"field_col_values", "Waarden"},
    {"yes", "ja"},
    {"no", "nee"},
    {"values_text", "vrije tekst"},
    {"values_list", "één waarde of een lijst"},
    {"values_one", "één waarde"},
    {"values_date", "JJJJ, JJJJ-MM of JJJJ-MM-DD"},
    {"values_number", "een getal"},
    {"contribute_sections_heading", "Herkende kopjes"},
    {"contribute_sections_intro", "Deze kopjes (Nederlands of Engels, hoofdletters maken niet uit) maken een deel van de tekst apart doorzoekbaar:"},
    {"section_col_heading", "Kopje"},
    {"section_col_query", "Zoeken met"},
    {"section_col_items", "Elk punt wordt"},
    {"contribute_template_heading", "Het sjabloon"},
    {"contribute_template",
     "---\n"
     "title: \"Titel van de casus\"\n"
     "summary: \"Eén of twee zinnen: wie kocht wat, en wat leverde het op?\"\n"
     "organisation: Gemeente Voorbeeld\n"
     "organisation_type: gemeente\n"
     "region: Zuid-Holland\n"
     "date: 2026-01\n"
     "language: nl\n"
     "type: case\n"
     "themes: [innovatie]\n"
     "instruments: [marktconsultatie]\n"
     "source: https://example.org/bron\n"
     "---\n\n"
     "Inleiding: de aanleiding en de vraag in een paar zinnen.\n\n"
     "## Doel\n\nWat wilde de organisatie bereiken?\n\n"
     "## Bijzonder\n\nWat maakt deze aanpak anders?\n\n"
     "## Voordelen\n\n- Eerste voordeel.\n\n"
     "## Nadelen\n\n- Eerste nadeel.\n\n"
     "## Geleerde lessen & tips\n\n- Eerste les, als volledige zin.\n- Tweede les.\n"},
    {"contribute_check_heading", "Controleren"},
    {"contribute_check_text", "De controle meldt elke fout als ‘pad:regel:kolom: error: melding’ en stopt met code 1 als er fouten zijn. Met --format json krijgt u de meldingen als JSON, bijvoorbeeld voor een editor of CI."},
    {"contribute_more", "Het volledige formaat, met de synoniemenlijst, staat in content/README.md in de repository."},

    // Facet values
    {"value.type.case", "Casus"},
    {"value.type.lesson", "Les"},
    {"value.type.pro", "Voordeel"},
    {"value.type.con", "Nadeel"},
    {"value.type.guide", "Handreiking"},
    {"value.type.news", "Nieuws"},
    {"value.language.nl", "Nederlands"},
    {"value.language.en", "Engels"},
    {"value.organisation_type.gemeente", "gemeente"},
    {"value.organisation_type.provincie", "provincie"},
    {"value.organisation_type.waterschap", "waterschap"},
    {"value.organisation_type.rijk", "rijk"},
    {"value.organisation_type.overheidsbedrijf", "overheidsbedrijf"},
    {"value.organisation_type.samenwerkingsverband", "samenwerkingsverband"},
    {"value.organisation_type.zorginstelling", "zorginstelling"},
    {"value.organisation_type.onderwijsinstelling", "onderwijsinstelling"},
    {"value.organisation_type.agentschap", "agentschap"},
    {"value.organisation_type.anders", "anders"},

    // Dates
    {"month_1", "januari"},
    {"month_2", "februari"},
    {"month_3", "maart"},
    {"month_4", "april"},
    {"month_5", "mei"},
    {"month_6", "juni"},
    {"month_7", "juli"},
    {"month_8", "augustus"},
    {"month_9", "september"},
    {"month_10", "oktober"},
    {"month_11", "november"},
    {"month_12", "december"},
    {"date_day_month_year", "{day} {month} {year}"},
    {"date_month_year", "{month} {year}"},

    // Strings for app.js (sent to the page as data-i18n)
    {"js_kind_title", "casus"},
    {"js_kind_term", "zoekterm"},
    {"js_kind_facet", "filter {facet}"},
    {"js_error", "De resultaten konden niet worden geladen. Probeer het opnieuw."},
    {"js_show_filters", "Toon filters"},
    {"js_hide_filters", "Verberg filters"},
    {"js_active_filters", "{n} actief"},
};

const StringTable kEnglish = {
    // Layout
    {"site_description", "Casebase: search case studies and lessons learned in innovative and responsible public procurement."},
    {"tagline", "Case studies and lessons learned in innovative and responsible public procurement"},
    {"skip_link", "Skip to content"},
    {"nav_label", "Main menu"},
    {"nav_search", "Search"},
    {"nav_lessons", "Lessons learned"},
    {"nav_contribute", "Contribute"},
    {"lang_switch_text", "Nederlands"},
    {"lang_switch_label", "Lees deze pagina in het Nederlands"},
    {"footer_text", "Casebase – a searchable collection of practical examples for buyers at municipalities and other public bodies."},
    {"footer_feed", "New cases (Atom feed)"},
    {"header_search_label", "Search Casebase"},

    // Search page
    {"title_search", "Search case studies – Casebase"},
    {"title_search_q", "{q} – search results – Casebase"},
    {"heading_search", "Search case studies"},
    {"search_label", "Search cases and lessons"},
    {"search_hint", "For example: market consultation, circular, zero emission or the name of a municipality."},
    {"search_button", "Search"},
    {"suggestions_label", "Suggestions"},
    {"sort_label", "Sort by"},
    {"sort_relevance", "Relevance"},
    {"sort_newest", "Newest first"},
    {"sort_oldest", "Oldest first"},
    {"scope_label", "Search in"},
    {"scope_articles", "Cases"},
    {"scope_lessons", "Lessons"},
    {"scope_items", "Lessons, pros and cons"},
    {"scope_all", "Everything"},
    {"filters_heading", "Filters"},
    {"clear_all", "Clear all filters"},
    {"apply_filters", "Apply filters"},
    {"years_legend", "Period"},
    {"year_from", "From"},
    {"year_to", "Up to and including"},
    {"year_any", "Any year"},
    {"year_option", "{year} ({count})"},
    {"year_range", "{from}–{to}"},
    {"year_since", "from {from}"},
    {"year_until", "up to {to}"},
    {"show_more", "Show more ({n})"},
    {"count_none", "No results"},
    {"count_one", "1 result"},
    {"count_many", "{n} results"},
    {"count_for", "{count} for ‘{q}’"},
    {"page_of", "page {page} of {pages}"},
    {"results_heading", "Results"},
    {"did_you_mean", "Did you mean"},
    {"or_note", "No results contain all your search words. Below are results with one or more of them."},
    {"active_filters", "Active filters"},
    {"remove_filter", "Remove filter {facet}: {value}"},
    {"ignored_param", "The invalid value of ‘{param}’ was ignored."},
    {"error_query", "This search cannot be run. Change the search words and try again."},
    {"error_wildcard", "A search word with * matches too many words. Make the part before the * longer."},
    {"empty_heading", "No results found"},
    {"empty_intro", "Try this:"},
    {"tip_suggestion", "Search for ‘{q}’"},
    {"tip_drop_filter", "Search without the filter {facet}: {value}"},
    {"tip_drop_years", "Search without the period {years}"},
    {"tip_scope_all", "Also search lessons, pros and cons"},
    {"tip_fewer_words", "Use fewer or more general search words, or check the spelling."},
    {"tip_browse", "Browse all cases"},
    {"page_out_of_range", "This page does not exist."},
    {"first_page", "Go to the first page"},
    {"pagination_label", "Pagination"},
    {"prev", "Previous"},
    {"next", "Next"},
    {"page_word", "Page"},
    {"prev_page", "Previous page"},
    {"next_page", "Next page"},
    {"lesson_from", "Lesson from"},
    {"pro_from", "Advantage from"},
    {"con_from", "Disadvantage from"},
    {"snippet_section.les", "From the lessons"},
    {"snippet_section.voordeel", "From the advantages"},
    {"snippet_section.nadeel", "From the disadvantages"},
    {"tools_heading", "Follow and download"},
    {"export_label", "Download these results:"},
    {"export_csv", "CSV (spreadsheet)"},
    {"export_json", "JSON"},
    {"feed_link", "Follow this search (Atom feed)"},
    {"feed_title", "Casebase: new cases"},
    {"feed_title_q", "Casebase: new cases about ‘{q}’"},
    {"feed_subtitle", "The newest case studies matching this search."},
    {"opensearch_description", "Search procurement case studies and lessons learned"},

    // Lessons page
    {"title_lessons", "Lessons learned – Casebase"},
    {"title_lessons_q", "{q} – lessons learned – Casebase"},
    {"heading_lessons", "Lessons learned"},
    {"lessons_intro", "All lessons from the case studies in one place. Filter by theme, instrument or organisation; each lesson links to the case it comes from."},
    {"lessons_search_label", "Search the lessons"},
    {"lessons_hint", "For example: grid operator, budget or market consultation."},

    // Article page
    {"title_article", "{title} – Casebase"},
    {"back_to_search", "Back to search"},
    {"meta_heading", "Details"},
    {"date_label", "Date"},
    {"authors_label", "Authors"},
    {"source_label", "Source"},
    {"source_text", "Original article on {host}"},
    {"glance_heading", "At a glance"},
    {"lessons_heading", "Lessons learned"},
    {"pros_heading", "Advantages"},
    {"cons_heading", "Disadvantages"},
    {"related_heading", "Related cases"},
    {"related_reason", "In common: {parts}."},
    {"related_words", "words"},

    // Error pages
    {"not_found_heading", "Page not found"},
    {"not_found_text", "This page does not exist (any more). Perhaps the address was not copied completely."},
    {"article_not_found_heading", "Case not found"},
    {"article_not_found_text", "This case does not exist (any more). It may have been moved or removed."},
    {"error_heading", "Something went wrong"},
    {"error_text", "Something went wrong while making this page. Please try again later."},
    {"unavailable_heading", "Casebase is not available yet"},
    {"unavailable_text", "The search index is still being built. Please try again in a few minutes."},
    {"go_search", "Search all cases"},
    {"go_lessons", "Browse the lessons learned"},

    // Contribute page
    {"title_contribute", "Contribute a case – Casebase"},
    {"contribute_heading", "Contribute a case"},
    {"contribute_intro", "Casebase grows with the experience of buyers. Did you learn something in a procurement? Write it down, so colleagues elsewhere can benefit."},
    {"contribute_steps_heading", "How to add a case"},
    {"contribute_step1", "Create a new file from the template:"},
    {"contribute_step2", "Fill in the details at the top and the text. Write lessons, advantages and disadvantages as bullets (‘- ’): each bullet becomes a search result of its own that links to your case."},
    {"contribute_step3", "Check the file. The checker names every error with file, line and column:"},
    {"contribute_step4", "Propose the change in the repository (a pull request). Once the index is updated, your case is in Casebase."},
    {"contribute_cmd_new", "casebase-index new \"Title of the case\""},
    {"contribute_cmd_check", "casebase-index check content/cases/title-of-the-case.md"},
    {"contribute_format_heading", "The format"},
    {"contribute_format_intro", "Each article is one Markdown file in the content/ folder. At the top are its details in YAML between two ‘---’ lines (the front matter), then the text in CommonMark. Casebase knows these fields:"},
    {"field_col_key", "Field"},
    {"field_col_label", "Meaning"},
    {"field_col_required", "Required"},
    {"field_col_values", "Values"},
    {"yes", "yes"},
    {"no", "no"},
    {"values_text", "free text"},
    {"values_list", "one value or a list"},
    {"values_one", "one value"},
    {"values_date", "YYYY, YYYY-MM or YYYY-MM-DD"},
    {"values_number", "a number"},
    {"contribute_sections_heading", "Recognised headings"},
    {"contribute_sections_intro", "These headings (Dutch or English, in any case) make part of the text searchable on its own:"},
    {"section_col_heading", "Heading"},
    {"section_col_query", "Search with"},
    {"section_col_items", "Each bullet becomes"},
    {"contribute_template_heading", "The template"},
    {"contribute_template",
     "---\n"
     "title: \"Title of the case\"\n"
     "summary: \"One or two sentences: who bought what, and what did it bring?\"\n"
     "organisation: City of Example\n"
     "organisation_type: gemeente\n"
     "country: NL\n"
     "date: 2026-01\n"
     "language: en\n"
     "type: case\n"
     "themes: [innovation]\n"
     "instruments: [market consultation]\n"
     "source: https://example.org/source\n"
     "---\n\n"
     "Introduction: the reason and the question in a few sentences.\n\n"
     "## Goal\n\nWhat did the organisation want to achieve?\n\n"
     "## What is special\n\nWhat makes this approach different?\n\n"
     "## Advantages\n\n- First advantage.\n\n"
     "## Disadvantages\n\n- First disadvantage.\n\n"
     "## Lessons learned\n\n- First lesson, as a full sentence.\n- Second lesson.\n"},
    {"contribute_check_heading", "Checking"},
    {"contribute_check_text", "The checker reports every error as ‘path:line:col: error: message’ and exits with code 1 when there are errors. With --format json you get the messages as JSON, for an editor or CI."},
    {"contribute_more", "The full format, with the list of synonyms, is in content/README.md in the repository."},

    // Facet values
    {"value.type.case", "Case"},
    {"value.type.lesson", "Lesson"},
    {"value.type.pro", "Advantage"},
    {"value.type.con", "Disadvantage"},
    {"value.type.guide", "Guide"},
    {"value.type.news", "News"},
    {"value.language.nl", "Dutch"},
    {"value.language.en", "English"},
    {"value.organisation_type.gemeente", "municipality"},
    {"value.organisation_type.provincie", "province"},
    {"value.organisation_type.waterschap", "water board"},
    {"value.organisation_type.rijk", "central government"},
    {"value.organisation_type.overheidsbedrijf", "public company"},
    {"value.organisation_type.samenwerkingsverband", "partnership"},
    {"value.organisation_type.zorginstelling", "healthcare provider"},
    {"value.organisation_type.onderwijsinstelling", "educational institution"},
    {"value.organisation_type.agentschap", "agency"},
    {"value.organisation_type.anders", "other"},

    // Dates
    {"month_1", "January"},
    {"month_2", "February"},
    {"month_3", "March"},
    {"month_4", "April"},
    {"month_5", "May"},
    {"month_6", "June"},
    {"month_7", "July"},
    {"month_8", "August"},
    {"month_9", "September"},
    {"month_10", "October"},
    {"month_11", "November"},
    {"month_12", "December"},
    {"date_day_month_year", "{day} {month} {year}"},
    {"date_month_year", "{month} {year}"},

    // Strings for app.js
    {"js_kind_title", "case"},
    {"js_kind_term", "search term"},
    {"js_kind_facet", "filter {facet}"},
    {"js_error", "The results could not be loaded. Please try again."},
    {"js_show_filters", "Show filters"},
    {"js_hide_filters", "Hide filters"},
    {"js_active_filters", "{n} active"},
};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim_view(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t e = s.find(sep, pos);
    out.push_back(trim_view(s.substr(pos, e == std::string_view::npos ? std::string_view::npos : e - pos)));
    if (e == std::string_view::npos) break;
    pos = e + 1;
  }
  return out;
}

}  // namespace

const char* lang_code(Lang lang) { return lang == Lang::kEn ? "en" : "nl"; }

std::optional<Lang> parse_lang(std::string_view code) {
  std::string c = lower_ascii(trim_view(code));
  std::string primary = c.substr(0, c.find_first_of("-_"));
  if (primary == "nl") return Lang::kNl;
  if (primary == "en") return Lang::kEn;
  return std::nullopt;
}

Lang negotiate_lang(std::string_view param, std::string_view cookie_header, std::string_view accept_language) {
  if (auto l = parse_lang(param)) return *l;
  for (const auto& part : split(cookie_header, ';')) {
    size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == kLangCookie) {
      if (auto l = parse_lang(part.substr(eq + 1))) return *l;
    }
  }
  std::optional<Lang> best;
  double best_q = 0;
  for (const auto& range : split(accept_language, ',')) {
    auto params = split(range, ';');
    auto l = parse_lang(params[0]);
    if (!l) continue;
    double q = 1.0;
    for (size_t i = 1; i < params.size(); ++i) {
      if (params[i].rfind("q=", 0) == 0) q = std::strtod(params[i].c_str() + 2, nullptr);
    }
    if (q > best_q) {
      best_q = q;
      best = l;
    }
  }
  return best.value_or(Lang::kNl);
}

const StringTable& strings(Lang lang) { return lang == Lang::kEn ? kEnglish : kDutch; }

std::string tr(Lang lang, std::string_view key) {
  const StringTable& t = strings(lang);
  auto it = t.find(key);
  // A missing key is a programmer error caught by the completeness test;
  // in production the key is shown rather than nothing.
  return it != t.end() ? it->second : std::string(key);
}

std::string format(std::string_view pattern, const std::map<std::string, std::string>& args) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        auto it = args.find(std::string(pattern.substr(i + 1, close - i - 1)));
        if (it != args.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(pattern[i++]);
  }
  return out;
}

std::string format_date(Lang lang, std::string_view date) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (date.size() < 7 || date[4] != '-' || !digits(date.substr(0, 4)) || !digits(date.substr(5, 2))) {
    return std::string(date);
  }
  int month = std::atoi(std::string(date.substr(5, 2)).c_str());
  if (month < 1 || month > 12) return std::string(date);
  std::map<std::string, std::string> args = {{"year", std::string(date.substr(0, 4))},
                                             {"month", tr(lang, "month_" + std::to_string(month))}};
  if (date.size() >= 10 && date[7] == '-' && digits(date.substr(8, 2))) {
    args["day"] = std::to_string(std::atoi(std::string(date.substr(8, 2)).c_str()));
    return format(tr(lang, "date_day_month_year"), args);
  }
  return format(tr(lang, "date_month_year"), args);
}

std::string value_label(Lang lang, std::string_view facet, const std::string& value) {
  std::string key = "value." + std::string(facet) + "." + lower_ascii(value);
  const StringTable& t = strings(lang);
  auto it = t.find(key);
  return it != t.end() ? it->second : value;
}

}  // namespace casebase::serve
