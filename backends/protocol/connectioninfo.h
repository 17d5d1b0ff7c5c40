#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace Notebench::Protocol {

/// The contents of a Jupyter connection file (kernel-<id>.json): where the five channels listen
/// and how messages are signed.
struct ConnectionInfo {
    std::string transport = "tcp";
    std::string ip = "127.0.0.1";
    int shellPort = 0, iopubPort = 0, stdinPort = 0, controlPort = 0, hbPort = 0;
    std::string key;
    std::string signatureScheme = "hmac-sha256";
    std::string kernelName;

    /// Loopback defaults with a fresh random key (a uuid4, as jupyter_client uses).
    static ConnectionInfo withFreshKey();

    nlohmann::json toJson() const;

    /// Accepts jupyter_client's field names; missing ports read as 0 (the kernel picks them).
    /// On failure returns nullopt and, when error is non-null, says which field is wrong.
    static std::optional<ConnectionInfo> fromJson(const nlohmann::json &json, std::string *error);

    /// "tcp://127.0.0.1:port", or "ipc://ip-port" for the ipc transport.
    std::string endpoint(int port) const;
};

/// Writes the file readable by the owner only (mode 0600 from creation, never briefly wider).
/// Returns "" on success, else an error text naming the path.
std::string writeConnectionFile(const std::filesystem::path &path, const ConnectionInfo &info);

} // namespace Notebench::Protocol
