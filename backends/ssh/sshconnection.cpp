#include "ssh/sshconnection.h"

#include "ssh/sshsession.h"
#include "ssh/sshworkers.h"

#include <QFile>
#include <QThread>

namespace Notebench::Ssh {

SshConnection::SshConnection(SshTarget target, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_thread(new QThread)
    , m_session(new SshSession(m_target, agentScript()))
{
    qRegisterMetaType<SshError>();
    m_thread->setObjectName(QStringLiteral("ssh %1").arg(m_target.displayName()));
    m_session->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_session, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_session, &SshSession::ready, this, [this](const QString &agentPath) {
        m_agentPath = agentPath;
        m_ready = true;
        emit ready();
    });
    connect(m_session, &SshSession::failed, this, [this](const SshError &error) {
        m_ready = false;
        emit failed(error);
    });
    connect(m_session, &SshSession::commandFinished, this, &SshConnection::commandFinished);
    connect(m_session, &SshSession::streamOpened, this, &SshConnection::streamOpened);
    connect(m_session, &SshSession::streamData, this, &SshConnection::streamData);
    connect(m_session, &SshSession::streamClosed, this, &SshConnection::streamClosed);
    connect(m_session, &SshSession::watchData, this, &SshConnection::watchData);
    connect(m_session, &SshSession::watchClosed, this, &SshConnection::watchClosed);
    SshWorkers::adopt(m_thread);
    m_thread->start();
}

SshConnection::~SshConnection()
{
    // Signals from the worker stop here; the disconnect and the deletion run on its thread,
    // after whatever blocking call it is in (bounded by the session timeout).
    disconnect(m_session, nullptr, this, nullptr);
    QMetaObject::invokeMethod(m_session, &SshSession::disconnectFromHost, Qt::QueuedConnection);
    m_thread->quit();
}

void SshConnection::open()
{
    QMetaObject::invokeMethod(m_session, &SshSession::connectToHost, Qt::QueuedConnection);
}

int SshConnection::runAgent(const QStringList &arguments)
{
    const int id = ++m_nextCommand;
    const QString command = agentCommand(arguments);
    QMetaObject::invokeMethod(m_session, [session = m_session, id, command] { session->runCommand(id, command); }, Qt::QueuedConnection);
    return id;
}

void SshConnection::openAgentStream(const QStringList &arguments)
{
    const QString command = agentCommand(arguments);
    QMetaObject::invokeMethod(m_session, [session = m_session, command] { session->openStream(command); }, Qt::QueuedConnection);
}

void SshConnection::write(const QByteArray &bytes)
{
    QMetaObject::invokeMethod(m_session, [session = m_session, bytes] { session->writeStream(bytes); }, Qt::QueuedConnection);
}

int SshConnection::openAgentWatch(const QStringList &arguments)
{
    const int id = ++m_nextCommand;
    const QString command = agentCommand(arguments);
    QMetaObject::invokeMethod(m_session, [session = m_session, id, command] { session->openWatch(id, command); }, Qt::QueuedConnection);
    return id;
}

void SshConnection::closeWatch(int id)
{
    QMetaObject::invokeMethod(m_session, [session = m_session, id] { session->closeWatch(id); }, Qt::QueuedConnection);
}

QString SshConnection::shellQuote(const QString &word)
{
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString SshConnection::agentCommand(const QStringList &arguments) const
{
    // The python setting is a command line of its own ("python3 -X utf8"), so it stays unquoted.
    // --state-dir goes right after the subcommand: serve passes everything after "--" to the kernel.
    QStringList words{m_target.python, shellQuote(m_agentPath)};
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        words << shellQuote(arguments[i]);
        if (i == 0 && !m_target.agentStateDir.isEmpty())
            words << QStringLiteral("--state-dir") << shellQuote(m_target.agentStateDir);
    }
    return words.join(QLatin1Char(' '));
}

QByteArray SshConnection::agentScript()
{
    QFile file(QStringLiteral(":/notebench/agent/notebench_agent.py"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace Notebench::Ssh
