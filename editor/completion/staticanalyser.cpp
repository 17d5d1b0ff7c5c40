#include "completion/staticanalyser.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Notebench::Completion {

namespace {
constexpr int maxRestarts = 3;
// The helper answers one request at a time; two in flight let the next parse overlap the write.
constexpr std::size_t maxInFlight = 2;

QByteArray helperSource()
{
    QFile file(QStringLiteral(":/notebench/completion/jedi_helper.py"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

StaticAnalyser::StaticAnalyser(QStringList interpreter, QObject* parent)
    : QObject(parent)
    , m_interpreter(std::move(interpreter))
    , m_process(new QProcess)
{
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardErrorFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyReadStandardOutput, this, &StaticAnalyser::onReadyRead);
    connect(m_process, &QProcess::finished, this, &StaticAnalyser::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            m_unavailable = tr("The static completion helper could not start %1: %2")
                                .arg(m_interpreter.value(0), m_process->errorString());
            failAll(m_unavailable);
            emit unavailable(m_unavailable);
        }
    });
}

StaticAnalyser::~StaticAnalyser()
{
    // Killed at once (it holds no state worth a goodbye). The QProcess outlives us until the
    // child is reaped, so nothing here waits for it.
    disconnect(m_process, nullptr, this, nullptr);
    if (m_process->state() == QProcess::NotRunning) {
        delete m_process;
        return;
    }
    connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
    m_process->kill();
}

QString StaticAnalyser::helperScriptPath()
{
    const QByteArray source = helperSource();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(source, QCryptographicHash::Sha256).toHex().left(12));
    QString folder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (folder.isEmpty())
        folder = QDir::tempPath();
    return QDir(folder).filePath(QStringLiteral("jedi_helper-%1.py").arg(hash));
}

void StaticAnalyser::start()
{
    if (m_interpreter.isEmpty()) {
        m_unavailable = tr("The kernel has no interpreter to run the static completion helper.");
        emit unavailable(m_unavailable);
        return;
    }
    // Written once per version of the script, so a running helper never sees its file change.
    const QString path = helperScriptPath();
    if (!QFileInfo::exists(path)) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(helperSource()) < 0 || !file.commit()) {
            m_unavailable = tr("Could not write the static completion helper to %1.").arg(path);
            emit unavailable(m_unavailable);
            return;
        }
    }
    m_ready = false;
    m_buffer.clear();
    QStringList arguments = m_interpreter.mid(1);
    arguments << QStringLiteral("-u") << path;
    m_process->start(m_interpreter.first(), arguments);
}

void StaticAnalyser::request(int lane, nlohmann::json message, Callback done)
{
    if (!m_unavailable.isEmpty()) {
        done({{"error", m_unavailable.toStdString()}});
        return;
    }
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (it->lane == lane) {
            const Callback superseded = std::move(it->done);
            it = m_waiting.erase(it);
            superseded({{"error", "superseded"}});
        } else {
            ++it;
        }
    }
    m_waiting.push_back({lane, m_nextId++, std::move(message), std::move(done)});
    if (m_process->state() == QProcess::NotRunning)
        start();
    sendNext();
}

void StaticAnalyser::sendNext()
{
    while (m_ready && !m_waiting.empty() && m_inFlight.size() < maxInFlight) {
        Request next = std::move(m_waiting.front());
        m_waiting.pop_front();
        next.message["id"] = next.id;
        m_process->write(QByteArray::fromStdString(next.message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + '\n');
        m_inFlight.push_back(std::move(next));
    }
}

void StaticAnalyser::onReadyRead()
{
    m_buffer += m_process->readAllStandardOutput();
    qsizetype newline = 0;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        const auto answer = nlohmann::json::parse(line.constBegin(), line.constEnd(), nullptr, false);
        if (!answer.is_object())
            continue;   // not ours (a library printing to stdout): ignore the line
        if (const auto hello = answer.find("ready"); hello != answer.end()) {
            if (hello->is_boolean() && hello->get<bool>()) {
                m_ready = true;
                emit ready();
                sendNext();
            } else {
                const auto error = answer.find("error");
                m_unavailable = error != answer.end() && error->is_string() ? QString::fromStdString(error->get<std::string>())
                                                                             : tr("The static completion helper cannot run.");
                failAll(m_unavailable);
                emit unavailable(m_unavailable);
            }
            continue;
        }
        const auto id = answer.find("id");
        if (id == answer.end() || !id->is_number_integer())
            continue;
        // The helper answers in order; anything before this id was lost (it cannot be, but a
        // stuck callback must never keep the popup waiting).
        while (!m_inFlight.empty() && m_inFlight.front().id != id->get<int>()) {
            const Callback lost = std::move(m_inFlight.front().done);
            m_inFlight.pop_front();
            lost({{"error", "no answer"}});
        }
        if (!m_inFlight.empty()) {
            const Callback done = std::move(m_inFlight.front().done);
            m_inFlight.pop_front();
            done(answer);
        }
    }
    sendNext();
}

void StaticAnalyser::onFinished()
{
    m_ready = false;
    const bool hadWork = !m_inFlight.empty() || !m_waiting.empty();
    for (auto& lost : std::exchange(m_inFlight, {}))
        lost.done({{"error", "the static completion helper ended"}});
    if (!m_unavailable.isEmpty())
        return;
    if (++m_restarts > maxRestarts) {
        m_unavailable = tr("The static completion helper keeps ending; static completion is off.");
        failAll(m_unavailable);
        emit unavailable(m_unavailable);
        return;
    }
    if (hadWork)
        start();
}

void StaticAnalyser::failAll(const QString& why)
{
    const nlohmann::json error = {{"error", why.toStdString()}};
    for (auto& request : std::exchange(m_inFlight, {}))
        request.done(error);
    for (auto& request : std::exchange(m_waiting, {}))
        request.done(error);
}

} // namespace Notebench::Completion
