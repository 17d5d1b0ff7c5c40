#pragma once

#include "protocol/message.h"
#include "protocol/replayguard.h"
#include "protocol/signer.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Protocol {

/// Why a multipart ZMQ message was refused.
enum class DecodeError { None, MissingDelimiter, TooFewFrames, Unsigned, BadSignature, Replayed, BadJson, NotAnObject };

/// An English sentence fragment for logs, e.g. "the signature does not match".
std::string_view describe(DecodeError error);

/// Either a message or the reason there is none; detail adds context (which frame, parser text).
struct DecodeResult {
    std::optional<Message> message;
    DecodeError error = DecodeError::None;
    std::string detail;
};

/// Converts between Message and the Jupyter wire frames:
/// [identities…] "<IDS|MSG>" signature header parent_header metadata content [buffers…].
/// decode() keeps replay state, so one codec per receiving socket; not thread-safe.
class WireCodec {
public:
    explicit WireCodec(Signer signer);

    std::vector<std::string> encode(const Message &message) const;

    /// Checks the HMAC over the raw JSON frames before parsing anything, then refuses replays.
    DecodeResult decode(std::vector<std::string> frames);

    const Signer &signer() const;

private:
    Signer m_signer;
    ReplayGuard m_replays;
};

} // namespace Notebench::Protocol
