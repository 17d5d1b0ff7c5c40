#include "protocol/connectioninfo.h"

#include "protocol/message.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

#ifdef _WIN32
#include <io.h>
#include <share.h>
#else
#include <unistd.h>
#endif

namespace Notebench::Protocol {

namespace {

struct PortField {
    const char *name;
    int ConnectionInfo::*member;
};

constexpr PortField kPorts[] = {
    {"shell_port", &ConnectionInfo::shellPort},     {"iopub_port", &ConnectionInfo::iopubPort},
    {"stdin_port", &ConnectionInfo::stdinPort},     {"control_port", &ConnectionInfo::controlPort},
    {"hb_port", &ConnectionInfo::hbPort},
};

bool fail(std::string *error, std::string text)
{
    if (error)
        *error = std::move(text);
    return false;
}

bool readString(const nlohmann::json &json, const char *name, std::string &out, std::string *error)
{
    const auto it = json.find(name);
    if (it == json.end())
        return true;
    if (!it->is_string())
        return fail(error, std::string(name) + " must be a string");
    out = it->get<std::string>();
    return true;
}

std::string systemError(const std::filesystem::path &path, const char *what)
{
    return std::string("cannot ") + what + " connection file " + path.string() + ": " + std::strerror(errno);
}

} // namespace

ConnectionInfo ConnectionInfo::withFreshKey()
{
    ConnectionInfo info;
    info.key = newUuid();
    return info;
}

nlohmann::json ConnectionInfo::toJson() const
{
    nlohmann::json json = {
        {"transport", transport}, {"ip", ip}, {"key", key},
        {"signature_scheme", signatureScheme}, {"kernel_name", kernelName},
    };
    for (const PortField &port : kPorts)
        json[port.name] = this->*port.member;
    return json;
}

std::optional<ConnectionInfo> ConnectionInfo::fromJson(const nlohmann::json &json, std::string *error)
{
    if (!json.is_object()) {
        fail(error, "a connection file must hold a JSON object");
        return std::nullopt;
    }
    ConnectionInfo info;
    if (!readString(json, "transport", info.transport, error) || !readString(json, "ip", info.ip, error)
        || !readString(json, "key", info.key, error)
        || !readString(json, "signature_scheme", info.signatureScheme, error)
        || !readString(json, "kernel_name", info.kernelName, error))
        return std::nullopt;
    if (info.transport != "tcp" && info.transport != "ipc") {
        fail(error, "transport must be \"tcp\" or \"ipc\", not \"" + info.transport + "\"");
        return std::nullopt;
    }
    // jupyter_client session.py: signature_scheme must be "hmac-<hash>".
    if (info.signatureScheme.rfind("hmac-", 0) != 0) {
        fail(error, "signature_scheme must start with \"hmac-\", not \"" + info.signatureScheme + "\"");
        return std::nullopt;
    }
    for (const PortField &port : kPorts) {
        const auto it = json.find(port.name);
        if (it == json.end())
            continue;
        if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 65535) {
            fail(error, std::string(port.name) + " must be an integer from 0 to 65535");
            return std::nullopt;
        }
        info.*port.member = it->get<int>();
    }
    return info;
}

std::string ConnectionInfo::endpoint(int port) const
{
    // jupyter_client connect.py _make_url: ipc endpoints are "<ip>-<port>" paths.
    if (transport == "ipc")
        return "ipc://" + ip + "-" + std::to_string(port);
    return transport + "://" + ip + ":" + std::to_string(port);
}

std::string writeConnectionFile(const std::filesystem::path &path, const ConnectionInfo &info)
{
    const std::string text = info.toJson().dump(2) + "\n";
    // jupyter_core secure_write: remove any old file, then create it 0600 so the key is never exposed.
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
#ifdef _WIN32
    // Windows has no group/other bits; the file inherits the owner-only ACL of the user's runtime dir.
    int fd = -1;
    if (_wsopen_s(&fd, path.c_str(), _O_CREAT | _O_EXCL | _O_WRONLY | _O_BINARY, _SH_DENYNO, _S_IREAD | _S_IWRITE) != 0)
        return systemError(path, "create");
    const bool written = _write(fd, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size());
    const bool closed = _close(fd) == 0;
#else
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return systemError(path, "create");
    // A umask can only clear bits; fchmod makes the mode exactly 0600 whatever the umask was.
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
        const std::string message = systemError(path, "restrict");
        ::close(fd);
        return message;
    }
    bool written = true;
    for (std::size_t done = 0; written && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        written = n > 0;
        if (written)
            done += static_cast<std::size_t>(n);
    }
    const bool closed = ::close(fd) == 0;
#endif
    if (!written || !closed)
        return systemError(path, "write");
    return {};
}

} // namespace Notebench::Protocol
