#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

struct evp_mac_st; // OpenSSL's EVP_MAC, kept out of the public header

namespace Notebench::Protocol {

/// HMAC signer for the header|parent_header|metadata|content frames of a Jupyter message.
/// An empty key disables signing, as the connection-file spec says.
class Signer {
public:
    /// scheme is "hmac-<digest>" with digest one of sha1, sha224, sha256, sha384, sha512.
    explicit Signer(std::string key = {}, std::string scheme = "hmac-sha256");

    bool isValidScheme() const;
    bool enabled() const;   ///< key non-empty

    /// Lower-case hex HMAC of the four frames; "" when disabled or the scheme is invalid.
    std::string sign(std::span<const std::string_view, 4> frames) const;

    /// True when signature is the lower-case hex HMAC of frames (checked in constant time),
    /// or when signing is disabled.
    bool verify(std::span<const std::string_view, 4> frames, std::string_view signature) const;

private:
    std::string m_key;
    std::string m_scheme;
    std::string m_digest;               // OpenSSL digest name, e.g. "SHA256"
    std::size_t m_hexLength = 0;        // length of a valid signature
    std::shared_ptr<evp_mac_st> m_mac;  // fetched once; EVP_MAC is immutable and shareable
};

} // namespace Notebench::Protocol
