#include "ssh/remotegpupoller.h"

#include "gpu/nvidiasmi.h"
#include "ssh/sshconnection.h"
#include "ssh/sshlog.h"
#include "ssh/sshprovisioner.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Notebench::Ssh {

namespace {
// A telemetry command that ended on its own is started again after this long (not in a loop).
constexpr int restartDelayMs = 10'000;
// One reading is a few hundred bytes per GPU: a line longer than this is not one.
constexpr qsizetype maxLineBytes = 1 << 20;
constexpr qsizetype maxQuoted = 120;
} // namespace

RemoteGpuPoller::RemoteGpuPoller(SshProvisioner *provisioner, int intervalMs, QObject *parent)
    : Gpu::GpuMonitor(parent)
    , m_provisioner(provisioner)
    , m_host(provisioner->target().displayName())
    , m_intervalMs(intervalMs)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(restartDelayMs);
    connect(&m_retry, &QTimer::timeout, this, &RemoteGpuPoller::follow);
    // Connected is announced once per stream: the first attach, each reconnect, each restart's new transport.
    connect(provisioner, &SshProvisioner::linkStateChanged, this, [this](LinkState state) {
        if (state == LinkState::Connected)
            follow();
    });
    follow();
}

RemoteGpuPoller::~RemoteGpuPoller()
{
    stopWatching();
}

void RemoteGpuPoller::follow()
{
    if (!m_provisioner)
        return;
    auto *transport = qobject_cast<SshTransport *>(m_provisioner->transport());
    SshConnection *connection = transport && transport->linkState() == LinkState::Connected ? transport->connection() : nullptr;
    if (connection && connection == m_connection && m_watch != 0)
        return;
    stopWatching();
    if (!connection || !connection->isReady())
        return; // the next Connected brings one
    m_connection = connection;
    connect(connection, &SshConnection::watchData, this, &RemoteGpuPoller::onData);
    connect(connection, &SshConnection::watchClosed, this, &RemoteGpuPoller::onClosed);
    QStringList arguments{QStringLiteral("gpus"), QStringLiteral("--every"), QString::number(m_intervalMs / 1000.0)};
    if (!m_nvidiaSmi.isEmpty())
        arguments << QStringLiteral("--nvidia-smi") << m_nvidiaSmi;
    m_watch = connection->openAgentWatch(arguments);
}

void RemoteGpuPoller::stopWatching()
{
    m_retry.stop();
    m_pending.clear();
    if (m_connection) {
        disconnect(m_connection, nullptr, this, nullptr);
        if (m_watch != 0)
            m_connection->closeWatch(m_watch);
    }
    m_connection = nullptr;
    m_watch = 0;
}

void RemoteGpuPoller::onData(int id, const QByteArray &bytes)
{
    if (id != m_watch)
        return;
    m_pending += bytes;
    qsizetype newline = 0;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(newline);
        m_pending.remove(0, newline + 1);
        onLine(line);
    }
    if (m_pending.size() > maxLineBytes) {
        m_pending.clear();
        publish(failure(QStringLiteral("the agent sent a reading longer than %1 bytes").arg(maxLineBytes)));
    }
}

void RemoteGpuPoller::onLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    QJsonParseError parseError;
    const QJsonObject sample = QJsonDocument::fromJson(line, &parseError).object();
    const QString quoted = QString::fromUtf8(line.left(maxQuoted));
    if (parseError.error != QJsonParseError::NoError || sample.isEmpty()) {
        publish(failure(QStringLiteral("the agent sent \"%1\", which is not a reading").arg(quoted)));
        return;
    }
    if (const QJsonValue csv = sample.value(QLatin1String("csv")); csv.isString()) {
        publish(Gpu::parseNvidiaSmiCsv(csv.toString().toUtf8()));
        return;
    }
    const QString kind = sample.value(QLatin1String("error")).toString();
    const QString message = sample.value(QLatin1String("message")).toString();
    if (kind.isEmpty() || message.isEmpty()) {
        publish(failure(QStringLiteral("the agent sent \"%1\", which is not a reading").arg(quoted)));
        return;
    }
    Gpu::GpuReading reading;
    if (kind == QLatin1String("not_found")) {
        reading.noGpu = true;
        reading.error = QStringLiteral("No NVIDIA GPU on %1: %2.").arg(m_host, message);
    } else {
        reading = failure(message);
    }
    publish(reading);
}

void RemoteGpuPoller::onClosed(int id, int exitStatus, const SshError &error)
{
    if (id != m_watch)
        return;
    m_watch = 0;
    m_pending.clear();
    if (error.kind == SshError::Kind::Disconnected)
        return; // the transport reconnects; its Connected starts the telemetry again
    qCInfo(lcSsh) << "GPU telemetry on" << m_host << "ended with status" << exitStatus << error.message;
    publish(failure(error.message.isEmpty() ? QStringLiteral("the telemetry command ended") : error.message));
    m_retry.start();
}

Gpu::GpuReading RemoteGpuPoller::failure(const QString &why) const
{
    Gpu::GpuReading reading;
    reading.error = QStringLiteral("Could not read the GPUs of %1: %2").arg(m_host, why);
    if (!reading.error.endsWith(QLatin1Char('.')))
        reading.error += QLatin1Char('.');
    return reading;
}

} // namespace Notebench::Ssh
