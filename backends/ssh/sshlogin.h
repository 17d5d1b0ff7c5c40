#pragma once

#include "ssh/sshtarget.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

namespace Notebench::Ssh {

/// Opens one libssh session to a target the way every Notebench connection must: the target's
/// ssh config, known_hosts verification (ask / accept-new done here, reliability-anchors §4),
/// then the agent, keys and secrets. The kernel's SshSession and the files' SftpWorker share it,
/// so both follow the same host-key and authentication rules. Used on one thread only.
class SshLogin
{
public:
    explicit SshLogin(SshTarget target);
    ~SshLogin();
    SshLogin(const SshLogin &) = delete;
    SshLogin &operator=(const SshLogin &) = delete;

    /// Connects, verifies the host key and authenticates; on failure the session is closed.
    SshError open();
    /// Disconnects and frees the session; harmless when there is none.
    void close();
    ssh_session session() const { return m_session; }
    const SshTarget &target() const { return m_target; }
    /// An error of this kind whose message ends with libssh's own detail, when there is one.
    SshError error(SshError::Kind kind, const QString &what) const;

private:
    SshError applyOptions();
    /// The config's ProxyCommand (ProxyJump comes as one), as written; empty when there is none.
    QString proxyCommand() const;
    /// Refuses a ProxyCommand that cannot run here: on Windows at all, elsewhere when its program is missing.
    SshError checkProxyCommand() const;
    SshError verifyHostKey();
    SshError authenticate();
    static int answerPassphrase(const char *prompt, char *buffer, size_t length, int echo, int verify, void *userdata);

    SshTarget m_target;
    ssh_session m_session = nullptr;
    ssh_callbacks_struct m_callbacks{}; // libssh keeps a pointer to it: it lives as long as the session
    bool m_askedForPassphrase = false;
};

} // namespace Notebench::Ssh
