#ifndef AIDDESK_CSODIUM_SHIM_H
#define AIDDESK_CSODIUM_SHIM_H

// libsodium from Debian's libsodium-dev: Argon2id for operators' PINs (crypto_pwhash_str).
#include <sodium.h>

#endif
