#pragma once

#include "app/runtimespec.h"
#include "ssh/sshtarget.h"

#include <memory>

class QTextStream;

namespace Notebench::Kernel {
class Provisioner;
}

namespace Notebench::App {

/// How to reach an ssh:// runtime beyond its address: the command line's --ssh-config,
/// --accept-new-host-key and --remote-python, or the runtime chooser's settings.
struct SshOptions
{
    QString configFile;
    bool acceptNewHostKey = false;
    QString python; ///< empty: $NOTEBENCH_REMOTE_PYTHON, else python3
    // Answers the window collected (never stored): the host key the user accepted, a key's
    // passphrase, a login password.
    QString acceptedFingerprint;
    QString passphrase;
    QString password;
    /// A running session on the host to re-attach to (its whole journal is replayed) instead of
    /// starting a kernel.
    QString attachSession;
};

/// The connection target for an ssh:// runtime. $NOTEBENCH_REMOTE_AGENT_STATE, when set, is the
/// folder on the host where the agent keeps its sessions (tests point it at a temporary folder).
Ssh::SshTarget sshTarget(const RuntimeSpec &runtime, const SshOptions &options);

/// An SshProvisioner for the runtime. With a progress stream, it reports the remote session id
/// (to re-attach later) and every change of the link ("reconnecting…") there.
std::unique_ptr<Kernel::Provisioner> makeSshProvisioner(const RuntimeSpec &runtime, const SshOptions &options,
                                                        QTextStream *progress = nullptr);

} // namespace Notebench::App
