// Saved searches and e-mail alerts (issue 17): the store (own alerts only,
// limits, unsubscribe tokens), plan_digest's once-a-day rule, the SMTP
// client against a fake relay thread on 127.0.0.1 (dialogue,
// dot-stuffing, an error reply, a silent relay), header injection, the
// options, and the watcher with an injected clock and sender over a real
// index.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "alert_mail.h"
#include "alert_search.h"
#include "alert_watcher.h"
#include "alerts.h"
#include "casebase/schema.h"
#include "cli.h"
#include "secrets.h"
#include "server.h"
#include "smtp.h"
#include "store.h"
#include "test_util.h"

using namespace casebase;
using namespace casebase::contrib;

namespace {

// The store with two accounts (ids 1 and 2), anna with an address.
struct Data {
  test::TempDir tmp;
  std::unique_ptr<Store> store;
  std::unique_ptr<Alerts> alerts;
  Data() {
    auto s = Store::open(tmp.str());
    REQUIRE(s.ok());
    store = std::move(*s);
    REQUIRE(store->add_user({0, "anna", Role::kContributor, "anna@example.org", "x", false, 0}).ok());
    REQUIRE(store->add_user({0, "bob", Role::kContributor, "", "x", false, 0}).ok());
    auto a = Alerts::open(tmp.str());
    REQUIRE(a.ok());
    alerts = std::move(*a);
  }
  long long id(const char* name) { return store->user(name)->id; }
  Alert alert(const char* name, const std::string& query) {
    Alert a;
    a.user_id = id(name);
    a.query = query;
    a.label = query;
    a.lang = "nl";
    return a;
  }
};

constexpr long long kDay1 = 1714557600;  // 2024-05-01T10:00:00Z
constexpr long long kDay2 = kDay1 + 86400;

}  // namespace

TEST_CASE("alerts: an account sees and deletes only its own alerts") {
  Data d;
  auto a = d.alerts->add(d.alert("anna", "q=fiets"), {"cases/a", "cases/b"}, kDay1);
  REQUIRE(a.ok());
  CHECK(a->created == kDay1);
  CHECK(a->last_digest_day.empty());
  CHECK(d.alerts->known(a->id) == std::set<std::string>{"cases/a", "cases/b"});
  CHECK(d.alerts->list(d.id("anna")).size() == 1);
  CHECK(d.alerts->list(d.id("bob")).empty());
  CHECK(d.alerts->get(d.id("bob"), a->id) == std::nullopt);
  CHECK(d.alerts->remove(d.id("bob"), a->id).kind() == ErrorKind::kNotFound);
  CHECK(d.alerts->list(d.id("anna")).size() == 1);
  CHECK(d.alerts->remove(d.id("anna"), a->id).ok());
  CHECK(d.alerts->list(d.id("anna")).empty());
  CHECK(d.alerts->remove(d.id("anna"), a->id).kind() == ErrorKind::kNotFound);
}

TEST_CASE("alerts: limits per account and on the query's length") {
  Data d;
  for (int i = 0; i < kMaxAlertsPerUser; ++i) {
    REQUIRE(d.alerts->add(d.alert("anna", "q=w" + std::to_string(i)), {}, kDay1).ok());
  }
  auto over = d.alerts->add(d.alert("anna", "q=one-more"), {}, kDay1);
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().param() == "alerts");
  CHECK(d.alerts->add(d.alert("bob", "q=his"), {}, kDay1).ok());  // per account
  auto long_query = d.alerts->add(d.alert("bob", "q=" + std::string(kMaxAlertQueryBytes, 'x')), {}, kDay1);
  REQUIRE_FALSE(long_query.ok());
  CHECK(long_query.status().param() == "q");
}

TEST_CASE("alerts: an unsubscribe token is stored hashed and deletes its alert once") {
  Data d;
  auto a = d.alerts->add(d.alert("anna", "q=fiets"), {}, kDay1);
  REQUIRE(a.ok());
  const std::string token = random_hex(24);
  REQUIRE(d.alerts->add_token(a->id, token, kDay1).ok());
  CHECK(d.alerts->by_token(token)->id == a->id);
  CHECK(d.alerts->by_token("") == std::nullopt);
  CHECK(d.alerts->by_token(token + "0") == std::nullopt);
  // Not in the clear anywhere in the file.
  std::ifstream f(d.tmp.str() + "/casebase.sqlite", std::ios::binary);
  std::stringstream bytes;
  bytes << f.rdbuf();
  std::ifstream wal(d.tmp.str() + "/casebase.sqlite-wal", std::ios::binary);
  bytes << wal.rdbuf();
  CHECK(bytes.str().find(token) == std::string::npos);
  CHECK(bytes.str().find(sha256_hex(token)) != std::string::npos);
  CHECK(d.alerts->unsubscribe(token).ok());
  CHECK(d.alerts->list(d.id("anna")).empty());
  CHECK(d.alerts->unsubscribe(token).kind() == ErrorKind::kNotFound);
}

TEST_CASE("alerts: an account's alerts go with the account") {
  Data d;
  REQUIRE(d.alerts->add(d.alert("anna", "q=fiets"), {"cases/a"}, kDay1).ok());
  REQUIRE(d.alerts->all().size() == 1);
  CHECK(d.alerts->all()[0].email == "anna@example.org");
  REQUIRE(d.store->remove_user("anna").ok());
  CHECK(d.alerts->all().empty());
}

TEST_CASE("alerts: update records known ids and the digest day") {
  Data d;
  auto a = d.alerts->add(d.alert("anna", "q=fiets"), {"cases/a"}, kDay1);
  REQUIRE(a.ok());
  REQUIRE(d.alerts->update(a->id, {"cases/a", "cases/b"}, utc_day(kDay1), kDay1).ok());
  CHECK(d.alerts->known(a->id) == std::set<std::string>{"cases/a", "cases/b"});
  CHECK(d.alerts->get(d.id("anna"), a->id)->last_digest_day == "2024-05-01");
  CHECK(d.alerts->get(d.id("anna"), a->id)->last_sent == kDay1);
  REQUIRE(d.alerts->update(a->id, {"cases/b"}, "", kDay2).ok());  // pruned, no digest
  CHECK(d.alerts->known(a->id) == std::set<std::string>{"cases/b"});
  CHECK(d.alerts->get(d.id("anna"), a->id)->last_digest_day == "2024-05-01");
  CHECK(d.alerts->update(a->id + 100, {}, "", kDay2).kind() == ErrorKind::kNotFound);
}

TEST_CASE("plan_digest: news once a UTC day, held news not lost") {
  struct Row {
    const char* name;
    std::set<std::string> known;
    std::vector<std::string> matches;
    bool complete;
    const char* last_day;
    std::vector<std::string> fresh;
    bool send;
    std::set<std::string> known_after;
  };
  const Row rows[] = {
      {"nothing new", {"a"}, {"a"}, true, "", {}, false, {"a"}},
      {"first digest", {"a"}, {"b", "a"}, true, "", {"b"}, true, {"a", "b"}},
      {"a day later", {"a"}, {"b", "a"}, true, "2024-04-30", {"b"}, true, {"a", "b"}},
      {"same day: held", {"a"}, {"b", "a"}, true, "2024-05-01", {"b"}, false, {"a"}},
      {"gone from the matches: forgotten", {"a", "x"}, {"a"}, true, "", {}, false, {"a"}},
      {"cut matches: nothing forgotten", {"a", "x"}, {"a"}, false, "", {}, false, {"a", "x"}},
      {"duplicates once", {}, {"b", "b"}, true, "", {"b"}, true, {"b"}},
  };
  for (const Row& r : rows) {
    CAPTURE(r.name);
    DigestPlan p = plan_digest(r.known, r.matches, r.complete, r.last_day, "2024-05-01");
    CHECK(p.fresh == r.fresh);
    CHECK(p.send == r.send);
    CHECK(p.known == r.known_after);
    CHECK(p.changed == (r.known_after != r.known));
  }
  CHECK(utc_day(kDay1) == "2024-05-01");
  CHECK(utc_day(kDay1 + 14 * 3600) == "2024-05-02");  // midnight UTC
}

// ---------- SMTP ----------

namespace {

// A relay on 127.0.0.1 that answers each line of the client with the next
// reply of `script` ("" for a line that gets none: the DATA text), and
// records what it read. With `silent`, it never greets.
class FakeRelay {
 public:
  explicit FakeRelay(std::vector<std::string> script, bool silent = false) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    REQUIRE(::listen(fd_, 1) == 0);
    thread_ = std::thread([this, silent] { serve(silent); });
  }
  ~FakeRelay() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::string transcript() {
    thread_.join();
    thread_ = std::thread([] {});
    return got_;
  }

 private:
  void serve(bool silent) {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    auto say = [&](const std::string& s) { (void)!::write(c, (s + "\r\n").data(), s.size() + 2); };
    std::string buf;
    size_t next = 0;
    if (silent) {
      char tmp[256];
      while (::read(c, tmp, sizeof tmp) > 0) {
      }
      ::close(c);
      return;
    }
    say(script_[next++]);
    bool in_data = false;
    char tmp[4096];
    for (;;) {
      ssize_t n = ::read(c, tmp, sizeof tmp);
      if (n <= 0) break;
      buf.append(tmp, static_cast<size_t>(n));
      got_.append(tmp, static_cast<size_t>(n));
      size_t nl;
      while ((nl = buf.find("\r\n")) != std::string::npos) {
        const std::string line = buf.substr(0, nl);
        buf.erase(0, nl + 2);
        if (in_data && line != ".") continue;
        in_data = false;
        if (next >= script_.size()) break;
        const std::string reply = script_[next++];
        say(reply);
        if (reply.rfind("354", 0) == 0) in_data = true;
        if (reply.rfind("221", 0) == 0) {
          ::close(c);
          return;
        }
      }
    }
    ::close(c);
  }

  std::vector<std::string> script_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string got_;
};

Mail test_mail() {
  Mail m;
  m.from = "casebase@example.org";
  m.to = "anna@example.org";
  m.subject = "Nieuw: één artikel";
  m.body = "Eerste regel\n.begint met een punt\n..twee punten\nlaatste\n";
  m.headers = {{"List-Unsubscribe", "<http://x/alerts/unsubscribe?token=t>"}};
  return m;
}

}  // namespace

TEST_CASE("smtp: the dialogue, with dot-stuffing") {
  FakeRelay relay({"220 fake ESMTP", "250-fake\r\n250 8BITMIME", "250 ok", "250 ok", "354 go on", "250 queued",
                   "221 bye"});
  SmtpRelay r{"127.0.0.1", relay.port(), 2000, "casebase.test"};
  Status st = send_mail(r, test_mail(), kDay1);
  REQUIRE_MESSAGE(st.ok(), st.message());
  const std::string t = relay.transcript();
  CHECK(t.find("EHLO casebase.test\r\n") == 0);
  CHECK(t.find("MAIL FROM:<casebase@example.org>\r\n") != std::string::npos);
  CHECK(t.find("RCPT TO:<anna@example.org>\r\n") != std::string::npos);
  CHECK(t.find("\r\nSubject: =?UTF-8?B?") != std::string::npos);
  CHECK(t.find("\r\nDate: Wed, 01 May 2024 10:00:00 +0000\r\n") != std::string::npos);
  CHECK(t.find("\r\n..begint met een punt\r\n") != std::string::npos);
  CHECK(t.find("\r\n...twee punten\r\n") != std::string::npos);
  CHECK(t.find("\r\nlaatste\r\n.\r\nQUIT\r\n") != std::string::npos);
}

TEST_CASE("smtp: a refusal is an error value naming the step and the reply") {
  FakeRelay relay({"220 fake", "250 hi", "250 ok", "550 5.1.1 no such user"});
  SmtpRelay r{"127.0.0.1", relay.port(), 2000, "localhost"};
  Status st = send_mail(r, test_mail(), kDay1);
  REQUIRE_FALSE(st.ok());
  CHECK(st.kind() == ErrorKind::kIo);
  CHECK(st.message() == "RCPT TO: 550 5.1.1 no such user");
}

TEST_CASE("smtp: EHLO refused, HELO taken") {
  FakeRelay relay({"220 fake", "502 no EHLO here", "250 hi", "250 ok", "250 ok", "354 go", "250 ok", "221 bye"});
  SmtpRelay r{"127.0.0.1", relay.port(), 2000, "localhost"};
  Status st = send_mail(r, test_mail(), kDay1);
  CHECK_MESSAGE(st.ok(), st.message());
  CHECK(relay.transcript().find("HELO localhost\r\n") != std::string::npos);
}

TEST_CASE("smtp: a relay that never answers times out") {
  FakeRelay relay({}, true);
  SmtpRelay r{"127.0.0.1", relay.port(), 300, "localhost"};
  const auto t0 = std::chrono::steady_clock::now();
  Status st = send_mail(r, test_mail(), kDay1);
  const auto took = std::chrono::steady_clock::now() - t0;
  REQUIRE_FALSE(st.ok());
  CHECK(st.message().find("timeout") != std::string::npos);
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("smtp: nothing can add a header or a recipient") {
  struct Row {
    const char* name;
    Mail mail;
    const char* param;
  };
  Mail base = test_mail();
  auto with = [&](auto change) {
    Mail m = base;
    change(m);
    return m;
  };
  const Row rows[] = {
      {"CRLF in the subject", with([](Mail& m) { m.subject = "Hoi\r\nBcc: eve@example.org"; }), "subject"},
      {"LF in the subject", with([](Mail& m) { m.subject = "Hoi\nBcc: eve@example.org"; }), "subject"},
      {"CRLF in the recipient", with([](Mail& m) { m.to = "anna@example.org\r\nBcc: eve@example.org"; }), "to"},
      {"two recipients", with([](Mail& m) { m.to = "anna@example.org>,<eve@example.org"; }), "to"},
      {"a space in the sender", with([](Mail& m) { m.from = "x y@example.org"; }), "from"},
      {"CR in a header value", with([](Mail& m) { m.headers = {{"List-Unsubscribe", "<a>\rBcc: e"}}; }), "headers"},
      {"a colon in a header name", with([](Mail& m) { m.headers = {{"Bcc: e\r\nX", "y"}}; }), "headers"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.name);
    auto text = format_mail(r.mail, kDay1, "id@example.org");
    REQUIRE_FALSE(text.ok());
    CHECK(text.status().param() == r.param);
  }
  // Refused before any connection (port 1: nothing listens).
  Status st = send_mail({"127.0.0.1", 1, 2000, "localhost"}, rows[0].mail, kDay1);
  CHECK(st.kind() == ErrorKind::kInvalidArgument);
}

TEST_CASE("smtp: addresses, relays and quoted-printable") {
  const std::pair<const char*, bool> addresses[] = {
      {"anna@example.org", true}, {"a.b+c@sub.example.org", true}, {"", false},       {"anna", false},
      {"@example.org", false},    {"anna@", false},                {"a@b@c", false},  {"<a@b>", false},
      {"a b@c", false},           {"a@b\r\n", false},              {"ä@example.org", false},
  };
  for (const auto& [a, ok] : addresses) {
    CAPTURE(a);
    CHECK(valid_address(a) == ok);
  }
  struct RelayRow {
    const char* spec;
    const char* host;
    int port;
  };
  const RelayRow relays[] = {{"127.0.0.1:25", "127.0.0.1", 25},
                             {"mail.example.org:2525", "mail.example.org", 2525},
                             {"[::1]:587", "::1", 587},
                             {"localhost", nullptr, 0},
                             {"localhost:0", nullptr, 0},
                             {"localhost:65536", nullptr, 0},
                             {":25", nullptr, 0},
                             {"a\r\nb:25", nullptr, 0}};
  for (const auto& r : relays) {
    CAPTURE(r.spec);
    auto got = parse_relay(r.spec);
    CHECK(got.ok() == (r.host != nullptr));
    if (got.ok()) {
      CHECK(got->host == r.host);
      CHECK(got->port == r.port);
    }
  }
  const std::pair<std::string, std::string> qp[] = {
      {"plain", "plain\r\n"},
      {"a=b", "a=3Db\r\n"},
      {"één", "=C3=A9=C3=A9n\r\n"},
      {"trailing \nx", "trailing=20\r\nx\r\n"},
      {std::string(80, 'x'), std::string(75, 'x') + "=\r\n" + std::string(5, 'x') + "\r\n"},
  };
  for (const auto& [in, out] : qp) {
    CAPTURE(in);
    CHECK(quoted_printable(in) == out);
  }
  CHECK(dot_stuff(".a\r\nb.\r\n.\r\n") == "..a\r\nb.\r\n..\r\n");
}

TEST_CASE("serve options: --smtp, --mail-from and --alert-interval are checked") {
  struct Row {
    std::vector<const char*> args;
    bool ok;
  };
  const Row rows[] = {
      {{"casebase-serve", "--data", "d", "--smtp", "127.0.0.1:2525", "--alert-interval", "1"}, true},
      {{"casebase-serve", "--data", "d", "--smtp", "127.0.0.1:2525", "--mail-from", "cb@example.org"}, true},
      {{"casebase-serve", "--smtp", "127.0.0.1:2525"}, false},  // no --data
      {{"casebase-serve", "--data", "d", "--smtp", "127.0.0.1"}, false},
      {{"casebase-serve", "--data", "d", "--smtp", "127.0.0.1:99999"}, false},
      {{"casebase-serve", "--mail-from", "x\r\nBcc: e@example.org"}, false},
      {{"casebase-serve", "--alert-interval", "0"}, false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.args.back());
    auto o = serve::parse_args(static_cast<int>(r.args.size()), r.args.data());
    CHECK(o.ok() == r.ok);
  }
  auto o = serve::parse_args(1, std::vector<const char*>{"casebase-serve"}.data());
  REQUIRE(o.ok());
  CHECK(o->smtp.empty());
  CHECK(o->mail_from == "casebase@localhost");
  CHECK(o->alert_interval == 60);
}

// ---------- the watcher over a real index ----------

namespace {

std::string article(const std::string& title, const std::string& org, const std::string& word) {
  return "---\ntitle: \"" + title + "\"\nsummary: \"Een test.\"\norganisation: " + org +
         "\norganisation_type: gemeente\ncountry: NL\ndate: 2024-03\nlanguage: nl\ntype: case\nthemes: [water]\n---\n\n"
         "De gemeente kocht " + word + ".\n\n## Doel\n\nTesten.\n";
}

struct Library {
  test::TempDir tmp;
  std::string content = tmp.str() + "/content", db = tmp.str() + "/db";
  Library() { std::filesystem::create_directories(content + "/cases"); }
  void add(const std::string& slug, const std::string& text) {
    std::ofstream(content + "/cases/" + slug + ".md") << text;
    indexer::Options o;
    o.content_dir = content;
    o.db_path = db;
    o.quiet = true;
    std::ostringstream out, err;
    REQUIRE(indexer::run(o, out, err) == 0);
  }
};

}  // namespace

TEST_CASE("alert watcher: one mail for new matches, none for the rest, one a day, held news the next day") {
  Library lib;
  lib.add("old", article("Oude luchtschiphaven", "Gemeente Oud", "luchtschiphaven"));
  Data d;
  Searcher searcher(lib.db, default_schema());
  auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
  REQUIRE(site.ok());
  auto sites = std::make_shared<serve::SiteSlot>(std::make_shared<const serve::Site>(std::move(*site)));

  // Saved as the handlers do: the matches of now are known.
  auto saved = serve::saved_search({{"q", "luchtschiphaven"}}, searcher.schema(), searcher.limits());
  REQUIRE(saved.ok());
  CHECK(saved->query == "q=luchtschiphaven");
  auto now_matches = serve::alert_matches(searcher, *saved);
  REQUIRE(now_matches.ok());
  CHECK(serve::match_ids(*now_matches) == std::vector<std::string>{"cases/old"});
  Alert a = d.alert("anna", saved->query);
  a.label = saved->label;
  REQUIRE(d.alerts->add(a, serve::match_ids(*now_matches), kDay1).ok());
  REQUIRE(d.alerts->add(d.alert("anna", "q=olifantenpaadje"), {}, kDay1).ok());
  REQUIRE(d.alerts->add(d.alert("bob", "q=luchtschiphaven"), {"cases/old"}, kDay1).ok());  // no address

  std::vector<Mail> sent;
  bool fail = false;
  serve::AlertSettings settings;
  settings.base_url = "https://casebase.example";
  settings.from = "casebase@example.org";
  serve::AlertWatcher w(searcher, *d.alerts, sites, settings, [&](const Mail& m, long long) {
    if (fail) return Status::io("relay down");
    sent.push_back(m);
    return Status{};
  });

  CHECK(w.check(kDay1).ran);
  CHECK(sent.empty());
  CHECK_FALSE(w.check(kDay1 + 60).ran);  // same revision, same day

  lib.add("new", article("Nieuwe luchtschiphaven", "Gemeente Nieuw", "luchtschiphaven"));
  fail = true;  // the relay is down: retried
  auto r = w.check(kDay1 + 120);
  CHECK(r.failed == 1);
  CHECK(sent.empty());
  fail = false;
  r = w.check(kDay1 + 180);
  CHECK(r.sent == 1);
  REQUIRE(sent.size() == 1);
  const Mail& m = sent[0];
  CHECK(m.to == "anna@example.org");
  CHECK(m.from == "casebase@example.org");
  CHECK(m.subject.find("1 nieuw artikel") != std::string::npos);
  CHECK(m.body.find("- Nieuwe luchtschiphaven (Gemeente Nieuw)\n  https://casebase.example/articles/cases/new\n") !=
        std::string::npos);
  CHECK(m.body.find("Oude luchtschiphaven") == std::string::npos);
  CHECK(m.body.find("https://casebase.example/?q=luchtschiphaven") != std::string::npos);
  const std::string header = m.headers.at(0).second;
  REQUIRE(header.rfind("<https://casebase.example/alerts/unsubscribe?token=", 0) == 0);
  const std::string token = header.substr(header.find("token=") + 6, header.size() - header.find("token=") - 7);
  CHECK(m.body.find(token) != std::string::npos);
  CHECK(d.alerts->by_token(token)->query == "q=luchtschiphaven");

  // The same day: the next article waits.
  lib.add("newer", article("Derde luchtschiphaven", "Gemeente Drie", "luchtschiphaven"));
  r = w.check(kDay1 + 240);
  CHECK(r.ran);
  CHECK(r.sent == 0);
  CHECK(sent.size() == 1);
  // The next day it comes, alone.
  r = w.check(kDay2);
  CHECK(r.sent == 1);
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].body.find("Derde luchtschiphaven") != std::string::npos);
  CHECK(sent[1].body.find("Nieuwe luchtschiphaven") == std::string::npos);
  CHECK_FALSE(w.check(kDay2 + 60).ran);
}

TEST_CASE("alert watcher: a full rebuild with the same revision is looked at") {
  Library lib;
  lib.add("old", article("Oude zeppelinwerf", "Gemeente Oud", "zeppelinwerf"));
  Data d;
  Searcher searcher(lib.db, default_schema());
  auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
  REQUIRE(site.ok());
  auto sites = std::make_shared<serve::SiteSlot>(std::make_shared<const serve::Site>(std::move(*site)));
  REQUIRE(d.alerts->add(d.alert("anna", "q=zeppelinwerf"), {"cases/old"}, kDay1).ok());
  std::vector<Mail> sent;
  serve::AlertWatcher w(searcher, *d.alerts, sites, serve::AlertSettings{}, [&](const Mail& m, long long) {
    sent.push_back(m);
    return Status{};
  });
  CHECK(w.check(kDay1).ran);
  const unsigned before = searcher.stats()->second;
  // --full: a new generation, built in one commit, as the first was.
  std::ofstream(lib.content + "/cases/new.md") << article("Nieuwe zeppelinwerf", "Gemeente Nieuw", "zeppelinwerf");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a later run time
  indexer::Options o;
  o.content_dir = lib.content;
  o.db_path = lib.db;
  o.quiet = true;
  o.full = true;
  std::ostringstream out, err;
  REQUIRE(indexer::run(o, out, err) == 0);
  REQUIRE(searcher.stats()->first == 2);
  CHECK(searcher.stats()->second == before);  // the case this guards
  CHECK(w.check(kDay1 + 60).sent == 1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body.find("Nieuwe zeppelinwerf") != std::string::npos);
}

TEST_CASE("alert watcher: start and stop") {
  Library lib;
  lib.add("old", article("Oud", "Gemeente Oud", "woord"));
  Data d;
  Searcher searcher(lib.db, default_schema());
  auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
  REQUIRE(site.ok());
  auto sites = std::make_shared<serve::SiteSlot>(std::make_shared<const serve::Site>(std::move(*site)));
  serve::AlertSettings settings;
  settings.interval_seconds = 3600;
  serve::AlertWatcher w(searcher, *d.alerts, sites, settings, [](const Mail&, long long) { return Status{}; });
  w.start();
  const auto t0 = std::chrono::steady_clock::now();
  w.stop();  // wakes the hour's wait
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  w.stop();
}
