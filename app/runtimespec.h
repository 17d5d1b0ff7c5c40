#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Notebench::App {

/// Where a kernel runs, as spelled on the command line and in the runtime chooser:
/// `local`, `local-gpu[:0,1]`, `ssh://[user@]host[:port]`, `http(s)://server[/base]`.
struct RuntimeSpec
{
    enum class Kind { Local, LocalGpu, Ssh, JupyterServer };
    Kind kind = Kind::Local;
    QStringList gpuIds;
    QString user;
    QString host;
    int port = 0;      ///< ssh: 0 when the address names none (the ssh config's Port, else 22)
    QString url;

    /// nullopt with `error` set when the text is not a runtime spelling.
    static std::optional<RuntimeSpec> parse(const QString &text, QString *error);
    /// Empty when this build can run kernels there; otherwise why not, as a sentence. Whether
    /// this machine has the GPUs asked for is provisionRuntime()'s question, not the build's.
    QString unavailableReason() const;
    /// The spelling parse() reads back: "local", "local-gpu:0,1", "ssh://me@box:2222", the URL.
    QString toString() const;
    /// What people read in the window: "Local CPU", "Local GPU (0,1)", "SSH: me@box".
    QString displayName() const;

    bool operator==(const RuntimeSpec &) const = default;
};

} // namespace Notebench::App
