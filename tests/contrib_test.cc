// Contributions (issue 14) without HTTP: accounts, sessions, throttling,
// submissions checked as `check` does, review, publishing with git, and
// casebase-admin. Each case works on its own temp folders.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "admin.h"
#include "casebase/searcher.h"
#include "casebase/stored.h"
#include "cli.h"
#include "contributions.h"
#include "publish.h"
#include "secrets.h"
#include "test_util.h"

using namespace casebase;
using namespace casebase::contrib;

namespace {

const char* kArticle = R"(---
title: "Gemeente Zwartewaal koopt warmtepompen voor sporthallen"
summary: "Een kleine gemeente kocht warmtepompen voor drie sporthallen via een marktconsultatie."
organisation: Gemeente Zwartewaal
organisation_type: gemeente
country: NL
region: Zuid-Holland
date: 2024-05
language: nl
type: case
themes: [energie]
source: https://www.zwartewaal.nl/warmtepompen
---

De gemeente Zwartewaal verving de gasketels van drie sporthallen door warmtepompen.

## Doel

Sporthallen aardgasvrij maken.
)";

const char* kSeed = R"(---
title: "Bestaand artikel over fietsenstallingen"
summary: "Een provincie kocht slimme fietsenstallingen."
organisation: Provincie Utrecht
organisation_type: provincie
country: NL
region: Utrecht
date: 2023
language: nl
type: case
themes: [mobiliteit]
source: https://www.provincie-utrecht.nl/stallingen
---

De provincie kocht slimme fietsenstallingen bij stations.

## Doel

Meer mensen op de fiets.
)";

int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

// A content folder in a git work tree with one article, its index, and a
// Contributions over a fresh data folder with three accounts.
struct Fixture {
  test::TempDir tmp;
  std::string content = tmp.str() + "/content", db = tmp.str() + "/db";
  std::unique_ptr<Contributions> c;
  std::map<std::string, std::string> passwords;

  explicit Fixture(bool git = true) {
    std::filesystem::create_directories(content + "/cases");
    std::ofstream(content + "/cases/fietsenstallingen.md") << kSeed;
    if (git) {
      REQUIRE(sh("cd '" + content + "' && git init -q && git -c user.name=seed -c user.email=seed@example.org add -A && " +
                 "git -c user.name=seed -c user.email=seed@example.org commit -qm seed") == 0);
    }
    indexer::Options o;
    o.content_dir = content;
    o.db_path = db;
    o.quiet = true;
    std::ostringstream out, err;
    REQUIRE(indexer::run(o, out, err) == 0);
    auto store = Store::open(tmp.str() + "/data");
    REQUIRE(store.ok());
    for (auto [name, role] : {std::pair{"anna", Role::kContributor}, {"erik", Role::kEditor}, {"bob", Role::kContributor}}) {
      const std::string pw = std::string(name) + "-long-password";
      REQUIRE((*store)->add_user({0, name, role, std::string(name) + "@example.org", hash_password(pw).value(), false, 0}).ok());
      passwords[name] = pw;
    }
    Settings s;
    s.content_dir = content;
    s.db_path = db;
    c = std::make_unique<Contributions>(std::move(*store), default_schema(), s);
  }
  Actor as(const std::string& name) {
    auto in = c->login(name, passwords[name], "client");
    REQUIRE(in.ok());
    auto a = c->authenticate(in->token);
    REQUIRE(a);
    return *a;
  }
  size_t hits(const std::string& q) {
    Searcher s(db, default_schema());
    SearchRequest r;
    r.q = q;
    auto resp = s.search(r);
    REQUIRE(resp.ok());
    return resp->total;
  }
  std::string git(const std::string& args) {
    const std::string out = tmp.str() + "/git.out";
    sh("cd '" + content + "' && git " + args + " > '" + out + "' 2>&1");
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

}  // namespace

TEST_CASE("contrib: passwords are argon2id and tokens random") {
  auto h = hash_password("correct horse battery");
  REQUIRE(h.ok());
  CHECK(h->rfind("$argon2id$", 0) == 0);
  CHECK(verify_password(*h, "correct horse battery"));
  CHECK_FALSE(verify_password(*h, "correct horse batterz"));
  CHECK_FALSE(verify_password("plain", "plain"));
  CHECK(random_hex(32).size() == 64);
  CHECK(random_hex(32) != random_hex(32));
  CHECK(one_time_password().size() == 20);
  CHECK(same_secret("abc", "abc"));
  CHECK_FALSE(same_secret("abc", "abd"));
  CHECK_FALSE(same_secret("abc", "ab"));
}

TEST_CASE("contrib: names and ids") {
  CHECK(valid_account_name("anna"));
  CHECK(valid_account_name("a.b_c-1"));
  CHECK_FALSE(valid_account_name(""));
  CHECK_FALSE(valid_account_name("Anna"));
  CHECK_FALSE(valid_account_name(".anna"));
  CHECK_FALSE(valid_account_name("an na"));
  CHECK_FALSE(valid_account_name(std::string(65, 'a')));
  CHECK(valid_article_id("cases/x-1"));
  CHECK_FALSE(valid_article_id("../etc/passwd"));
  CHECK_FALSE(valid_article_id("cases//x"));
  CHECK_FALSE(valid_article_id("/cases/x"));
  CHECK_FALSE(valid_article_id("cases/x/"));
  CHECK_FALSE(valid_article_id("_synonyms"));
}

TEST_CASE("contrib: login answers the same for a wrong name and a wrong password, and is throttled") {
  Fixture f;
  auto wrong_pw = f.c->login("anna", "nope", "client-1");
  auto no_user = f.c->login("nobody", "nope", "client-1");
  REQUIRE_FALSE(wrong_pw.ok());
  REQUIRE_FALSE(no_user.ok());
  CHECK(wrong_pw.refusal().http == 401);
  CHECK(no_user.refusal().http == 401);
  CHECK(wrong_pw.refusal().message == no_user.refusal().message);
  // 5 failures for one account: the next try waits, even with the right password.
  for (int i = 0; i < 4; ++i) CHECK(f.c->login("anna", "nope", "client-2").refusal().http == 401);
  auto throttled = f.c->login("anna", f.passwords["anna"], "client-3");
  REQUIRE_FALSE(throttled.ok());
  CHECK(throttled.refusal().http == 429);
  CHECK(throttled.refusal().retry_after > 0);
  // Another account is not affected.
  CHECK(f.c->login("bob", f.passwords["bob"], "client-3").ok());
  // Sessions: a token authenticates; after logout it does not.
  auto in = f.c->login("bob", f.passwords["bob"], "client-3");
  REQUIRE(in.ok());
  CHECK(f.c->authenticate(in->token));
  CHECK_FALSE(f.c->authenticate(std::string(64, '0')));
  f.c->logout(in->token);
  CHECK_FALSE(f.c->authenticate(in->token));
}

TEST_CASE("contrib: a one-time password must be changed before anything else") {
  Fixture f;
  REQUIRE(f.c->store().set_password("bob", hash_password("one-time-pw").value(), true).ok());
  auto in = f.c->login("bob", "one-time-pw", "c");
  REQUIRE(in.ok());
  CHECK(in->user.must_change);
  auto bob = *f.c->authenticate(in->token);
  CHECK(f.c->submit(bob, kArticle, "").refusal().code == "password_change_required");
  CHECK(f.c->change_password(bob, "one-time-pw", "short").refusal().code == "weak_password");
  CHECK(f.c->change_password(bob, "wrong", "a-much-longer-password").refusal().http == 403);
  auto changed = f.c->change_password(bob, "one-time-pw", "a-much-longer-password");
  REQUIRE(changed.ok());
  CHECK_FALSE(f.c->authenticate(in->token));  // the old session ended
  auto bob2 = *f.c->authenticate(changed->token);
  CHECK_FALSE(bob2.user.must_change);
  CHECK(f.c->submit(bob2, kArticle, "").ok());
}

TEST_CASE("contrib: a submission with mistakes gets every diagnostic with line and code") {
  Fixture f;
  auto anna = f.as("anna");
  std::string bad = kArticle;
  bad.replace(bad.find("country: NL"), 11, "country: Nederlandia");
  bad.replace(bad.find("https://www.zwartewaal.nl/warmtepompen"), 38, "www.zwartewaal.nl");
  auto s = f.c->submit(anna, bad, "");
  REQUIRE_FALSE(s.ok());
  CHECK(s.refusal().http == 422);
  std::set<std::string> codes;
  for (const auto& d : s.refusal().diagnostics) {
    codes.insert(diag_name(d.code));
    CHECK(d.loc.line > 0);
  }
  CHECK(codes.count("not-a-url"));
  CHECK(codes.size() >= 2);
  CHECK(f.c->store().submissions(0, "pending", 10).empty());
}

TEST_CASE("contrib: submit, review and publish with git, searchable at once") {
  Fixture f;
  auto anna = f.as("anna");
  auto bob = f.as("bob");
  auto erik = f.as("erik");
  CHECK(f.hits("warmtepompen") == 0);
  auto s = f.c->submit(anna, kArticle, "");
  REQUIRE(s.ok());
  CHECK(s->status == "pending");
  CHECK(s->article_id == "cases/gemeente-zwartewaal-koopt-warmtepompen-voor-sporthallen");
  // The same title again gets a free id.
  auto twin = f.c->submit(bob, kArticle, "");
  REQUIRE(twin.ok());
  CHECK(twin->article_id == s->article_id + "-2");
  // Visibility: contributors see theirs; a stranger's is not found.
  CHECK(f.c->list(anna, "", false)->size() == 1);
  CHECK(f.c->list(erik, "", false)->size() == 2);
  CHECK(f.c->get(bob, s->id).refusal().http == 404);
  // Contributors do not review.
  CHECK(f.c->approve(anna, s->id).refusal().http == 403);
  CHECK(f.c->reject(bob, s->id, "").refusal().http == 403);
  auto ok = f.c->approve(erik, s->id);
  REQUIRE(ok.ok());
  CHECK(ok->status == "published");
  CHECK(ok->commit.size() == 40);
  CHECK(f.c->last_index_ok());
  CHECK(f.hits("warmtepompen") == 1);
  CHECK(f.git("log -1 --format='%an <%ae>|%cn <%ce>'").find("anna <anna@example.org>|erik <erik@example.org>") == 0);
  CHECK(f.git("status --porcelain").empty());
  auto history = article_history(f.content, s->article_id, 10);
  REQUIRE(history.size() == 1);
  CHECK(history[0].author == "anna");
  // Approved once only.
  CHECK(f.c->approve(erik, s->id).refusal().http == 409);
  // Request changes needs a comment; reject does not.
  CHECK(f.c->request_changes(erik, twin->id, "").refusal().code == "comment_required");
  auto asked = f.c->request_changes(erik, twin->id, "Dit artikel bestaat al");
  REQUIRE(asked.ok());
  CHECK(asked->status == "changes_requested");
  CHECK(asked->comment == "Dit artikel bestaat al");
  CHECK(f.c->reject(erik, twin->id, "").refusal().http == 409);
  // The audit log holds each step.
  std::set<std::string> actions;
  for (const auto& e : f.c->store().audit_log(100)) actions.insert(e.action);
  for (const char* a : {"login", "submit", "approve", "request-changes"}) CHECK(actions.count(a));
}

TEST_CASE("contrib: an edit against an old version is a conflict with a merge, never an overwrite") {
  Fixture f;
  auto anna = f.as("anna");
  auto erik = f.as("erik");
  std::string edit = kSeed;
  edit.replace(edit.find("Meer mensen op de fiets."), 24, "Meer mensen op de fiets, ook in de regio.");
  auto s = f.c->submit(anna, edit, "cases/fietsenstallingen");
  REQUIRE(s.ok());
  CHECK(s->edit);
  CHECK(f.c->submit(anna, edit, "cases/nope").refusal().http == 404);
  CHECK(f.c->submit(anna, edit, "../x").refusal().http == 400);
  // Someone changes the file by hand meanwhile.
  std::string by_hand = kSeed;
  by_hand.replace(by_hand.find("bij stations"), 12, "bij drie stations");
  std::ofstream(f.content + "/cases/fietsenstallingen.md") << by_hand;
  auto r = f.c->approve(erik, s->id);
  REQUIRE_FALSE(r.ok());
  CHECK(r.refusal().http == 409);
  CHECK(r.refusal().merge_clean);
  CHECK(r.refusal().merge.find("bij drie stations") != std::string::npos);
  CHECK(r.refusal().merge.find("ook in de regio") != std::string::npos);
  CHECK(article_text(f.content, "cases/fietsenstallingen") == by_hand);
  // The merge, submitted as a new edit, is published.
  auto again = f.c->submit(anna, r.refusal().merge, "cases/fietsenstallingen");
  REQUIRE(again.ok());
  REQUIRE(f.c->approve(erik, again->id).ok());
  CHECK(article_text(f.content, "cases/fietsenstallingen") == r.refusal().merge);
}

TEST_CASE("contrib: without git the file is written and indexed") {
  Fixture f(false);
  auto s = f.c->submit(f.as("anna"), kArticle, "");
  REQUIRE(s.ok());
  auto ok = f.c->approve(f.as("erik"), s->id);
  REQUIRE(ok.ok());
  CHECK(ok->commit.empty());
  CHECK(f.hits("warmtepompen") == 1);
}

TEST_CASE("contrib: casebase-admin adds, lists, resets and removes accounts") {
  test::TempDir tmp;
  auto run = [&](std::vector<std::string> args, std::string& out) {
    args.insert(args.begin(), {"casebase-admin", "--data", tmp.str()});
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    std::ostringstream o, e;
    int rc = admin_main(static_cast<int>(argv.size()), argv.data(), o, e);
    out = o.str() + e.str();
    return rc;
  };
  std::string out;
  REQUIRE(run({"user", "add", "anna", "--role", "editor", "--email", "anna@example.org"}, out) == 0);
  // The one-time password is the last line.
  const std::string pw = out.substr(out.rfind('\n', out.size() - 2) + 1, 20);
  auto store = Store::open(tmp.str());
  REQUIRE(store.ok());
  auto anna = (*store)->user("anna");
  REQUIRE(anna);
  CHECK(verify_password(anna->password_hash, pw));
  CHECK(anna->must_change);
  CHECK(anna->role == Role::kEditor);
  CHECK(run({"user", "add", "anna"}, out) == 1);
  CHECK(run({"user", "add", "Anna Smit"}, out) == 2);
  CHECK(run({"user", "add", "x", "--role", "king"}, out) == 2);
  CHECK(run({"user", "list"}, out) == 0);
  CHECK(out.find("anna\teditor\tanna@example.org") == 0);
  REQUIRE(run({"user", "reset", "anna"}, out) == 0);
  CHECK_FALSE(verify_password((*store)->user("anna")->password_hash, pw));
  CHECK(run({"user", "remove", "anna"}, out) == 0);
  CHECK(run({"user", "remove", "anna"}, out) == 1);
  CHECK(run({"audit"}, out) == 0);
  CHECK(out.find("user-remove") != std::string::npos);
}

TEST_CASE("contrib: a draft is its author's alone until it is submitted") {
  Fixture f;
  auto anna = f.as("anna");
  auto erik = f.as("erik");
  auto d = f.c->save_draft(anna, "---\ntitle: \"Half af\"\n---\n", "", 0);  // unchecked: mistakes may stay
  REQUIRE(d.ok());
  CHECK(d->status == "draft");
  CHECK(f.c->get(erik, d->id).refusal().http == 404);
  CHECK(f.c->approve(erik, d->id).refusal().http == 404);
  CHECK(f.c->list(erik, "pending", false)->empty());
  auto again = f.c->save_draft(anna, kArticle, "", d->id);
  REQUIRE(again.ok());
  CHECK(again->id == d->id);
  CHECK(again->markdown == kArticle);
  CHECK(f.c->save_draft(f.as("bob"), kArticle, "", d->id).refusal().http == 404);  // not bob's
  auto sent = f.c->submit(anna, kArticle, "", d->id);
  REQUIRE(sent.ok());
  CHECK(sent->status == "pending");
  CHECK_FALSE(f.c->store().submission(d->id));  // the draft is gone
  CHECK(f.c->list(anna, "", false)->size() == 1);
}
