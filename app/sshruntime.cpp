#include "app/sshruntime.h"

#include "ssh/sshprovisioner.h"

#include <QTextStream>

namespace Notebench::App {

Ssh::SshTarget sshTarget(const RuntimeSpec &runtime, const SshOptions &options)
{
    Ssh::SshTarget target;
    target.host = runtime.host;
    target.user = runtime.user;
    target.port = runtime.port;
    target.configFile = options.configFile;
    target.unknownHost = options.acceptNewHostKey ? Ssh::UnknownHostPolicy::AcceptNew : Ssh::UnknownHostPolicy::Refuse;
    target.python = !options.python.isEmpty() ? options.python : qEnvironmentVariable("NOTEBENCH_REMOTE_PYTHON", QStringLiteral("python3"));
    target.agentStateDir = qEnvironmentVariable("NOTEBENCH_REMOTE_AGENT_STATE");
    target.acceptedFingerprint = options.acceptedFingerprint;
    target.passphrase = options.passphrase;
    target.password = options.password;
    return target;
}

std::unique_ptr<Kernel::Provisioner> makeSshProvisioner(const RuntimeSpec &runtime, const SshOptions &options, QTextStream *progress)
{
    auto provisioner = std::make_unique<Ssh::SshProvisioner>(sshTarget(runtime, options));
    if (!options.attachSession.isEmpty())
        provisioner->setAttachSession(options.attachSession);
    if (progress) {
        auto *raw = provisioner.get();
        QObject::connect(raw, &Kernel::Provisioner::started, raw, [raw, progress] {
            *progress << "Kernel session " << raw->remoteSession() << " on " << raw->target().displayName()
                      << " (re-attach with: notebench attach ssh://" << raw->target().displayName() << " "
                      << raw->remoteSession() << ")" << Qt::endl;
        });
        QObject::connect(raw, &Ssh::SshProvisioner::linkStateChanged, raw,
                         [progress, wasDown = false](Ssh::LinkState state, const QString &detail) mutable {
                             if (state == Ssh::LinkState::Reconnecting)
                                 *progress << "Connection lost (" << detail << "); reconnecting…" << Qt::endl;
                             else if (state == Ssh::LinkState::Connected && wasDown)
                                 *progress << "Reconnected; the kernel kept running." << Qt::endl;
                             wasDown = state == Ssh::LinkState::Reconnecting;
                         });
    }
    return provisioner;
}

} // namespace Notebench::App
