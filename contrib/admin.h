// casebase-admin: manages the accounts of a server's --data folder.
//   casebase-admin --data DIR user add NAME --role contributor|editor|admin [--email ADDRESS]
//   casebase-admin --data DIR user list | user remove NAME | user reset NAME
//   casebase-admin --data DIR audit [--limit N]
// `add` and `reset` print the account's one-time password as their last
// line; its owner sets a password of their own at the first login.
#pragma once

#include <iosfwd>

namespace casebase::contrib {

// Runs the command line; returns the exit code (0 ok, 1 refused, 2 usage).
int admin_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace casebase::contrib
