// secrets: password hashes (argon2id, Debian's libargon2), random tokens
// and their hashes. Passwords are never stored or logged in the clear;
// session tokens are stored only as their SHA-256.
//
// E.g. verify_password(hash_password("s3cret!").value(), "s3cret!") == true.
#pragma once

#include <string>

#include "casebase/status.h"

namespace casebase::contrib {

// Argon2id, encoded ("$argon2id$v=19$m=19456,t=2,p=1$..."), with a random
// salt; OWASP's minimum cost (19 MiB, 2 passes).
Result<std::string> hash_password(const std::string& password);
// Whether `password` matches the encoded hash (false for a malformed one).
bool verify_password(const std::string& encoded, const std::string& password);
// Hashes a fixed password once and verifies against it: an unknown account
// costs the same time as a wrong password (no account enumeration).
void waste_password_check(const std::string& password);

// `bytes` random bytes from the kernel (getrandom), as lower-case hex.
std::string random_hex(size_t bytes);
// A one-time password of 20 letters and digits, without look-alikes.
std::string one_time_password();
std::string sha256_hex(const std::string& data);
// Compares without an early exit on the first difference.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace casebase::contrib
