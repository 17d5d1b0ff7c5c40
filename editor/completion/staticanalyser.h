#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <deque>
#include <functional>

namespace Notebench::Completion {

/// The static half of completion: resources/completion/jedi_helper.py run by the kernel's own
/// interpreter, so it sees the same packages, in a helper process that answers while the kernel
/// is busy. JSON lines over stdin/stdout only (the SSH backend can run the same script on the
/// host). Started lazily on the first request, kept warm, restarted after a crash (a few times).
/// Fully asynchronous: nothing here waits for the process.
class StaticAnalyser : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const nlohmann::json& answer)>;

    /// `interpreter` runs the helper: program then arguments, e.g. {"/usr/bin/python3"}.
    explicit StaticAnalyser(QStringList interpreter, QObject* parent = nullptr);
    ~StaticAnalyser() override;

    /// Sends one request ({"op", "context", "code", "cursor", …}); `done` gets the answer, or
    /// {"error": …} when the helper cannot answer. A request of the same `lane` still waiting
    /// to be sent is dropped (answered with {"error": "superseded"}): only the newest matters,
    /// and the helper answers one at a time.
    void request(int lane, nlohmann::json message, Callback done);
    /// Why the helper cannot run (no interpreter, no jedi); empty while it can.
    QString unavailableReason() const { return m_unavailable; }
    bool isRunning() const { return m_process->state() == QProcess::Running; }
    /// The helper's process id, 0 when none runs.
    qint64 processId() const { return m_process->processId(); }

    /// Where the helper script is written (the app's cache folder, versioned by content).
    static QString helperScriptPath();

signals:
    /// The helper said it is ready (jedi imported).
    void ready();
    void unavailable(const QString& reason);

private:
    struct Request {
        int lane;
        int id;
        nlohmann::json message;
        Callback done;
    };
    void start();
    void sendNext();
    void onReadyRead();
    void onFinished();
    void failAll(const QString& why);

    QStringList m_interpreter;
    QProcess* m_process;   // owned; deleted once its killed child is reaped
    QByteArray m_buffer;
    std::deque<Request> m_waiting;
    std::deque<Request> m_inFlight;
    bool m_ready = false;
    int m_nextId = 1;
    int m_restarts = 0;
    QString m_unavailable;
};

} // namespace Notebench::Completion
