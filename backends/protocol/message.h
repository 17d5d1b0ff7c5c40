#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Protocol {

/// One Jupyter message: the four JSON parts plus ZMQ routing identities and binary buffers.
struct Message {
    std::vector<std::string> identities;      ///< ZMQ routing prefix (or IOPub topic)
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json parentHeader = nlohmann::json::object();
    nlohmann::json metadata = nlohmann::json::object();
    nlohmann::json content = nlohmann::json::object();
    std::vector<std::string> buffers;

    std::string msgType() const;              ///< header["msg_type"] or ""
    std::string msgId() const;                ///< header["msg_id"] or ""
    std::string parentMsgId() const;          ///< parentHeader["msg_id"] or ""

    /// New message: fresh uuid msg_id, ISO-8601 UTC date with microseconds and 'Z', version "5.3".
    static Message create(std::string_view msgType, nlohmann::json content,
                          std::string_view session, std::string_view username);
};

/// Random version-4 UUID text, e.g. "1b4e28ba-2fa1-41d2-883f-0016d3cca427" (OpenSSL RAND_bytes).
std::string newUuid();

} // namespace Notebench::Protocol
