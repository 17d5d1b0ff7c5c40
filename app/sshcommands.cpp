#include "app/sshcommands.h"

#include "app/headlessrunner.h"
#include "app/sessionreplay.h"
#include "app/sshruntime.h"
#include "ssh/remotesessions.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>

namespace Notebench::App {

namespace {
struct SshCommand
{
    RuntimeSpec runtime;
    SshOptions ssh;
    QStringList rest;
};

// Parses "ssh://HOST [args…] [--ssh-config FILE] [--accept-new-host-key] [--remote-python CMD]".
std::optional<SshCommand> parseSshCommand(const QStringList &arguments, const QList<QCommandLineOption> &extra,
                                          QCommandLineParser &parser, QTextStream &err)
{
    parser.addOptions({{QStringLiteral("ssh-config"), QStringLiteral("ssh config file."), QStringLiteral("file")},
                       {QStringLiteral("accept-new-host-key"), QStringLiteral("Record an unknown host key.")},
                       {QStringLiteral("remote-python"), QStringLiteral("Python on the host."), QStringLiteral("command")}});
    parser.addOptions(extra);
    const auto fail = [&err](const QString &message) {
        err << "notebench: " << message << Qt::endl << "Try 'notebench --help'." << Qt::endl;
        return std::nullopt;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || !positional.first().startsWith(QLatin1String("ssh://")))
        return fail(QStringLiteral("this command needs an ssh://[user@]host[:port] address."));
    QString error;
    const auto runtime = RuntimeSpec::parse(positional.takeFirst(), &error);
    if (!runtime)
        return fail(error);
    SshCommand command{*runtime, {}, positional};
    command.ssh.configFile = parser.value(QStringLiteral("ssh-config"));
    command.ssh.acceptNewHostKey = parser.isSet(QStringLiteral("accept-new-host-key"));
    command.ssh.python = parser.value(QStringLiteral("remote-python"));
    if (!command.ssh.configFile.isEmpty() && !QFileInfo(command.ssh.configFile).isFile())
        return fail(QStringLiteral("--ssh-config '%1' is not a file.").arg(command.ssh.configFile));
    return command;
}
} // namespace

int runSessionsCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const auto command = parseSshCommand(arguments, {{QStringLiteral("stop"), QStringLiteral("Stop a session."), QStringLiteral("id")}},
                                         parser, err);
    if (!command)
        return int(ExitCode::BadInput);
    Ssh::RemoteSessions sessions(sshTarget(command->runtime, command->ssh));
    QEventLoop loop;
    int exitCode = int(ExitCode::Success);
    QObject::connect(&sessions, &Ssh::RemoteSessions::failed, &loop, [&](const Ssh::SshError &error) {
        err << error.message << Qt::endl;
        exitCode = int(ExitCode::BadInput);
        loop.quit();
    });
    QObject::connect(&sessions, &Ssh::RemoteSessions::stopped, &loop, [&](const QString &id) {
        out << "Stopped " << id << "." << Qt::endl;
        loop.quit();
    });
    QObject::connect(&sessions, &Ssh::RemoteSessions::listed, &loop, [&](const QList<Ssh::RemoteSession> &list) {
        if (list.isEmpty())
            out << "No kernel sessions on " << command->runtime.host << "." << Qt::endl;
        for (const auto &session : list) {
            out << session.id << "  " << session.kernel.leftJustified(10) << "  started " << session.started << "  "
                << session.lastSeq << " messages  " << (session.alive ? "running" : "finished") << Qt::endl;
        }
        loop.quit();
    });
    if (parser.isSet(QStringLiteral("stop")))
        sessions.stop(parser.value(QStringLiteral("stop")));
    else
        sessions.list();
    loop.exec();
    return exitCode;
}

int runAttachCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const auto command = parseSshCommand(arguments, {}, parser, err);
    if (!command)
        return int(ExitCode::BadInput);
    if (command->rest.size() != 1) {
        err << "notebench: attach needs ssh://HOST and a session id (see notebench sessions ssh://HOST)." << Qt::endl;
        return int(ExitCode::BadInput);
    }
    SessionReplay replay(sshTarget(command->runtime, command->ssh), command->rest.first(), out, err);
    QEventLoop loop;
    int exitCode = 0;
    QObject::connect(&replay, &SessionReplay::finished, &loop, [&](int code) {
        exitCode = code;
        loop.quit();
    });
    replay.start();
    loop.exec();
    return exitCode;
}

} // namespace Notebench::App
