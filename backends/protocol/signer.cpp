#include "protocol/signer.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <memory>

#if OPENSSL_VERSION_MAJOR < 3
#error "notebench_protocol needs OpenSSL 3 (EVP_MAC)"
#endif

namespace Notebench::Protocol {

namespace {

struct Scheme {
    std::string_view name;
    const char *digest;
    std::size_t bytes;
};

// jupyter_client session.py: signature_scheme is "hmac-" + a hashlib name.
constexpr std::array<Scheme, 5> kSchemes{{
    {"hmac-sha1", "SHA1", 20},
    {"hmac-sha224", "SHA224", 28},
    {"hmac-sha256", "SHA256", 32},
    {"hmac-sha384", "SHA384", 48},
    {"hmac-sha512", "SHA512", 64},
}};

struct MacCtxDeleter {
    void operator()(EVP_MAC_CTX *ctx) const { EVP_MAC_CTX_free(ctx); }
};

} // namespace

Signer::Signer(std::string key, std::string scheme)
    : m_key(std::move(key)), m_scheme(std::move(scheme))
{
    for (const Scheme &known : kSchemes) {
        if (known.name == m_scheme) {
            m_digest = known.digest;
            m_hexLength = known.bytes * 2;
        }
    }
    if (!m_digest.empty())
        m_mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr), EVP_MAC_free);
}

bool Signer::isValidScheme() const { return m_mac != nullptr; }

bool Signer::enabled() const { return !m_key.empty(); }

std::string Signer::sign(std::span<const std::string_view, 4> frames) const
{
    if (!enabled() || !isValidScheme())
        return {};
    std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(m_mac.get()));
    if (!ctx)
        return {};
    std::array<OSSL_PARAM, 2> params{
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(m_digest.c_str()), 0),
        OSSL_PARAM_construct_end()};
    const auto *key = reinterpret_cast<const unsigned char *>(m_key.data());
    if (EVP_MAC_init(ctx.get(), key, m_key.size(), params.data()) != 1)
        return {};
    // Streaming the frames into the MAC avoids concatenating (and copying) large contents.
    for (std::string_view frame : frames) {
        if (EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char *>(frame.data()), frame.size()) != 1)
            return {};
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    std::size_t length = 0;
    if (EVP_MAC_final(ctx.get(), digest.data(), &length, digest.size()) != 1)
        return {};

    static constexpr char hex[] = "0123456789abcdef";
    std::string text(length * 2, '\0');
    for (std::size_t i = 0; i < length; ++i) {
        text[2 * i] = hex[digest[i] >> 4];
        text[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    return text;
}

bool Signer::verify(std::span<const std::string_view, 4> frames, std::string_view signature) const
{
    if (!enabled())
        return true;
    // Length first, so CRYPTO_memcmp never reads past either buffer.
    if (!isValidScheme() || signature.size() != m_hexLength)
        return false;
    const std::string expected = sign(frames);
    if (expected.size() != m_hexLength)
        return false;
    // jupyter_client compares hexdigest text with hmac.compare_digest: upper-case or non-hex never matches.
    return CRYPTO_memcmp(expected.data(), signature.data(), m_hexLength) == 0;
}

} // namespace Notebench::Protocol
