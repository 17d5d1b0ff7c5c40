#include "protocol/message.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <ctime>
#include <stdexcept>

namespace Notebench::Protocol {

namespace {

std::string stringField(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// jupyter_client session.py: header dates are ISO 8601 in UTC; we always send microseconds and 'Z'.
std::string isoUtcNow()
{
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto micros = duration_cast<microseconds>(now.time_since_epoch()).count() % 1000000;
    const std::time_t seconds = system_clock::to_time_t(now);
    std::tm utc{};
#ifdef _WIN32
    gmtime_s(&utc, &seconds);
#else
    gmtime_r(&seconds, &utc);
#endif
    std::array<char, 32> secondsText{};
    std::strftime(secondsText.data(), secondsText.size(), "%Y-%m-%dT%H:%M:%S", &utc);
    std::string text = secondsText.data();
    text += '.';
    const std::string digits = std::to_string(micros < 0 ? micros + 1000000 : micros);
    text.append(6 - digits.size(), '0');
    text += digits;
    text += 'Z';
    return text;
}

} // namespace

std::string Message::msgType() const { return stringField(header, "msg_type"); }
std::string Message::msgId() const { return stringField(header, "msg_id"); }
std::string Message::parentMsgId() const { return stringField(parentHeader, "msg_id"); }

Message Message::create(std::string_view msgType, nlohmann::json content, std::string_view session,
                        std::string_view username)
{
    Message message;
    message.header = {
        {"msg_id", newUuid()},
        {"session", std::string(session)},
        {"username", std::string(username)},
        {"date", isoUtcNow()},
        {"msg_type", std::string(msgType)},
        {"version", "5.3"},
    };
    message.content = std::move(content);
    return message;
}

std::string newUuid()
{
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed: no entropy for a message id or key");
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text += '-';
        text += hex[bytes[i] >> 4];
        text += hex[bytes[i] & 0x0f];
    }
    return text;
}

} // namespace Notebench::Protocol
