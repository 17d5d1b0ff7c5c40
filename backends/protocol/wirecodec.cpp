#include "protocol/wirecodec.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace Notebench::Protocol {

namespace {

constexpr std::string_view kDelimiter = "<IDS|MSG>";
constexpr std::array<const char *, 4> kPartNames{"header", "parent_header", "metadata", "content"};

std::string dump(const nlohmann::json &value)
{
    // Compact, UTF-8 kept raw (jupyter_client json_packer: ensure_ascii=False); invalid UTF-8 from
    // a kernel's output is replaced rather than throwing in the middle of a send.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

DecodeResult failure(DecodeError error, std::string detail = {})
{
    return DecodeResult{std::nullopt, error, std::move(detail)};
}

} // namespace

std::string_view describe(DecodeError error)
{
    switch (error) {
    case DecodeError::None: return "the message is valid";
    case DecodeError::MissingDelimiter: return "the <IDS|MSG> delimiter frame is missing";
    case DecodeError::TooFewFrames: return "fewer than five frames follow the delimiter";
    case DecodeError::Unsigned: return "the message is unsigned although a key is set";
    case DecodeError::BadSignature: return "the signature does not match";
    case DecodeError::Replayed: return "the signature was already seen (replayed message)";
    case DecodeError::BadJson: return "a JSON frame does not parse";
    case DecodeError::NotAnObject: return "a JSON frame is not an object";
    }
    return "unknown decode error";
}

WireCodec::WireCodec(Signer signer) : m_signer(std::move(signer)) {}

const Signer &WireCodec::signer() const { return m_signer; }

std::vector<std::string> WireCodec::encode(const Message &message) const
{
    std::vector<std::string> frames;
    frames.reserve(message.identities.size() + 6 + message.buffers.size());
    frames.insert(frames.end(), message.identities.begin(), message.identities.end());
    frames.emplace_back(kDelimiter);
    frames.emplace_back(); // signature, filled in below
    const std::size_t signatureIndex = frames.size() - 1;
    frames.push_back(dump(message.header));
    frames.push_back(dump(message.parentHeader));
    frames.push_back(dump(message.metadata));
    frames.push_back(dump(message.content));
    const std::array<std::string_view, 4> parts{frames[signatureIndex + 1], frames[signatureIndex + 2],
                                                frames[signatureIndex + 3], frames[signatureIndex + 4]};
    frames[signatureIndex] = m_signer.sign(parts);
    frames.insert(frames.end(), message.buffers.begin(), message.buffers.end());
    return frames;
}

DecodeResult WireCodec::decode(std::vector<std::string> frames)
{
    const auto delimiter = std::find(frames.begin(), frames.end(), kDelimiter);
    if (delimiter == frames.end())
        return failure(DecodeError::MissingDelimiter);
    const auto index = static_cast<std::size_t>(std::distance(frames.begin(), delimiter));
    // jupyter_client Session.deserialize: at least signature + four dicts after the delimiter.
    const std::size_t available = frames.size() - index - 1;
    if (available < 5)
        return failure(DecodeError::TooFewFrames, std::to_string(available) + " frame(s) after the delimiter");

    const std::string &signature = frames[index + 1];
    const std::array<std::string_view, 4> parts{frames[index + 2], frames[index + 3], frames[index + 4],
                                                frames[index + 5]};
    if (m_signer.enabled()) {
        if (signature.empty())
            return failure(DecodeError::Unsigned);
        if (!m_signer.verify(parts, signature))
            return failure(DecodeError::BadSignature);
        // Only verified signatures enter the history, so forged frames cannot evict or poison it.
        if (!m_replays.remember(signature))
            return failure(DecodeError::Replayed);
    }

    std::array<nlohmann::json, 4> json;
    for (std::size_t i = 0; i < json.size(); ++i) {
        json[i] = nlohmann::json::parse(parts[i], nullptr, /*allow_exceptions=*/false);
        if (json[i].is_discarded())
            return failure(DecodeError::BadJson, kPartNames[i]);
        if (!json[i].is_object())
            return failure(DecodeError::NotAnObject, kPartNames[i]);
    }

    Message message;
    message.identities.assign(std::make_move_iterator(frames.begin()),
                              std::make_move_iterator(frames.begin() + static_cast<std::ptrdiff_t>(index)));
    message.header = std::move(json[0]);
    message.parentHeader = std::move(json[1]);
    message.metadata = std::move(json[2]);
    message.content = std::move(json[3]);
    message.buffers.assign(std::make_move_iterator(frames.begin() + static_cast<std::ptrdiff_t>(index) + 6),
                           std::make_move_iterator(frames.end()));
    return DecodeResult{std::move(message), DecodeError::None, {}};
}

} // namespace Notebench::Protocol
