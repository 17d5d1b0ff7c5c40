#pragma once

#include "app/runtimespec.h"

#include <QStringList>

#include <optional>

namespace Notebench::App {

/// Where each notebook's kernel runs, remembered in the app's settings (QSettings) by the
/// notebook's canonical path — never in the .ipynb, which travels to other people and machines —
/// and the SSH hosts added in the runtime chooser.
class RuntimeSettings
{
public:
    /// The runtime last chosen for this notebook; nullopt when none was (or the path is empty).
    static std::optional<RuntimeSpec> runtimeFor(const QString &notebookPath);
    /// Remembers `spec` for the notebook; Local CPU, the default, is remembered by forgetting.
    static void remember(const QString &notebookPath, const RuntimeSpec &spec);

    /// The remote session (an SSH host's agent session id) this notebook's kernel ran in last;
    /// empty when none. Opening the notebook again re-attaches to it while it still runs there.
    static QString remoteSessionFor(const QString &notebookPath);
    static void rememberRemoteSession(const QString &notebookPath, const QString &sessionId);

    /// Hosts added with "Add host…" ("me@box:2222"), most recent first.
    static QStringList addedSshHosts();
    static void addSshHost(const QString &host);
};

} // namespace Notebench::App
