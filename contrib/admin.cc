#include "admin.h"

#include <CLI/CLI.hpp>

#include <ctime>
#include <iostream>

#include "contributions.h"
#include "secrets.h"
#include "store.h"

namespace casebase::contrib {

namespace {

std::string iso_time(long long t) {
  std::time_t tt = static_cast<std::time_t>(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
  return buf;
}

bool valid_email(const std::string& e) {
  if (e.empty()) return true;
  if (e.size() > 254 || e.find('@') == std::string::npos) return false;
  for (char c : e) {
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || static_cast<unsigned char>(c) >= 0x7f) return false;
  }
  return true;
}

}  // namespace

int admin_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"casebase-admin: the accounts of a Casebase server (its --data folder)"};
  std::string data_dir, name, role = "contributor", email;
  int limit = 50;
  app.add_option("--data", data_dir, "The server's data folder (accounts, sessions, submissions, audit log)")->required();
  app.require_subcommand(1);
  CLI::App* user = app.add_subcommand("user", "Manage accounts")->require_subcommand(1);
  CLI::App* add = user->add_subcommand("add", "Add an account; prints its one-time password last");
  add->add_option("name", name, "Account name: a-z, 0-9, '.', '_', '-'")->required();
  add->add_option("--role", role, "contributor, editor or admin")->check(CLI::IsMember({"contributor", "editor", "admin"}));
  add->add_option("--email", email, "Address for the git author line");
  CLI::App* list = user->add_subcommand("list", "List the accounts");
  CLI::App* remove = user->add_subcommand("remove", "Remove an account and end its sessions");
  remove->add_option("name", name)->required();
  CLI::App* reset = user->add_subcommand("reset", "Give an account a new one-time password (printed last)");
  reset->add_option("name", name)->required();
  CLI::App* audit = app.add_subcommand("audit", "Print the audit log, newest first");
  audit->add_option("--limit", limit, "How many entries")->check(CLI::Range(1, 100000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "casebase-admin: " << e.what() << "\n" << app.help();
    return 2;
  }
  auto store = Store::open(data_dir);
  if (!store.ok()) {
    err << "casebase-admin: " << store.status().message() << "\n";
    return 1;
  }
  Store& s = **store;
  if (*add || *reset) {
    if (!valid_account_name(name)) {
      err << "casebase-admin: `" << name << "` is no account name (1-64 of a-z, 0-9, '.', '_', '-')\n";
      return 2;
    }
    if (!valid_email(email)) {
      err << "casebase-admin: `" << email << "` is no e-mail address\n";
      return 2;
    }
    const std::string password = one_time_password();
    auto hash = hash_password(password);
    if (!hash.ok()) {
      err << "casebase-admin: " << hash.status().message() << "\n";
      return 1;
    }
    Status st = *add ? s.add_user({0, name, *parse_role(role), email, *hash, true, 0}) : s.set_password(name, *hash, true);
    if (!st.ok()) {
      err << "casebase-admin: " << st.message() << "\n";
      return 1;
    }
    s.audit("casebase-admin", *add ? "user-add" : "user-reset", name, *add ? role : "");
    out << (*add ? "added " : "reset ") << name << (*add ? " (" + role + ")" : "")
        << "; one-time password (to be changed at the first login):\n"
        << password << "\n";
    return 0;
  }
  if (*remove) {
    if (Status st = s.remove_user(name); !st.ok()) {
      err << "casebase-admin: " << st.message() << "\n";
      return 1;
    }
    s.audit("casebase-admin", "user-remove", name);
    out << "removed " << name << "\n";
    return 0;
  }
  if (*list) {
    for (const auto& u : s.users()) {
      out << u.name << "\t" << role_name(u.role) << "\t" << (u.email.empty() ? "-" : u.email) << "\t" << iso_time(u.created)
          << (u.must_change ? "\tone-time password" : "") << "\n";
    }
    return 0;
  }
  for (const auto& e : s.audit_log(limit)) {
    out << iso_time(e.at) << "\t" << e.actor << "\t" << e.action << "\t" << e.target << "\t" << e.detail << "\n";
  }
  return 0;
}

}  // namespace casebase::contrib
