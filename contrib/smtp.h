// smtp: a small SMTP client that hands a plain-text e-mail to a relay
// (casebase-serve --smtp HOST:PORT). Casebase runs no mail server of its
// own: the relay (a local MTA such as Postfix or the organisation's relay
// on the LAN) queues and delivers. There is no TLS and no authentication
// (RFC 5321 over plain TCP): point --smtp at localhost or a relay on a
// network you trust, which does TLS onwards.
//
// The dialogue: greeting 220, EHLO (HELO when EHLO is refused), MAIL FROM,
// RCPT TO, DATA with dot-stuffing, QUIT. Every read and write has a
// timeout and every reply is checked; failures are values, never
// exceptions. Addresses and header values with CR or LF are refused, so no
// input can add a header or a recipient.
//
// E.g. auto relay = parse_relay("127.0.0.1:2525");
//      Status st = send_mail(*relay, {.from = "casebase@localhost", .to = "anna@example.org",
//                                     .subject = "Nieuw", .body = "Tekst"}, unix_now());
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "casebase/status.h"

namespace casebase::contrib {

struct SmtpRelay {
  std::string host;  // a name or an address (IPv6 in brackets on the command line: [::1]:25)
  int port = 25;
  // Each connect, read and write; a relay slower than this fails the mail
  // (it is retried in the next round).
  int timeout_ms = 10000;
  std::string helo = "localhost";  // the name in EHLO/HELO
};

// "HOST:PORT" (port 1-65535; "[v6]:PORT" for an IPv6 address).
// Errors: kInvalidArgument naming what is wrong.
Result<SmtpRelay> parse_relay(const std::string& spec);

struct Mail {
  std::string from;     // bare address: "casebase@example.org"
  std::string to;       // bare address
  std::string subject;  // UTF-8; encoded as RFC 2047 when not ASCII
  std::string body;     // UTF-8 text, lines ended by "\n"
  // Further headers, e.g. {"List-Unsubscribe", "<https://…>"}.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Whether `addr` can stand in a header and in MAIL FROM/RCPT TO: printable
// ASCII without spaces, <, >, quotes or control characters, one @ with
// text on both sides, at most 254 bytes. E.g. "anna@example.org".
bool valid_address(const std::string& addr);
// Whether `value` has no CR, LF or other control character (a tab is fine).
bool header_safe(const std::string& value);

// The message as it goes after DATA: the headers (From, To, Subject, Date,
// Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8,
// Content-Transfer-Encoding quoted-printable, then `headers`), a blank line,
// and the body in quoted-printable, every line ended by CRLF; not yet
// dot-stuffed. Errors: kInvalidArgument for a bad address or a header
// value that is not header_safe().
Result<std::string> format_mail(const Mail& m, long long now, const std::string& message_id);

// Quoted-printable (RFC 2045) of UTF-8 text with "\n" line ends: lines of
// at most 76 characters ended by CRLF, "=" and bytes over 126 escaped,
// trailing spaces escaped.
std::string quoted_printable(const std::string& text);
// Doubles a "." at the start of each line (RFC 5321 4.5.2).
std::string dot_stuff(const std::string& crlf_text);
// The Date header's form: "Tue, 07 May 2024 09:30:00 +0000".
std::string rfc5322_date(long long unix_seconds);

// Sends `m` through `relay`. Errors: kIo with the step and the relay's
// reply ("RCPT TO: 550 no such user"), or the timeout; kInvalidArgument
// as format_mail.
Status send_mail(const SmtpRelay& relay, const Mail& m, long long now);

}  // namespace casebase::contrib
