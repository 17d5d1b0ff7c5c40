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
    /// Empty when this build can run kernels there; otherwise why not, as a sentence.
    QString unavailableReason() const;
};

} // namespace Notebench::App
