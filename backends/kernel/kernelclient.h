#pragma once

#include "kernel/channel.h"
#include "kernel/pendingrequest.h"
#include "kernel/transport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>
#include <string>
#include <string_view>

namespace Notebench::Kernel {

struct ExecuteOptions
{
    bool silent = false;
    bool storeHistory = true;
    bool allowStdin = true;
    bool stopOnError = true;
    /// The notebook cell this code comes from (nbformat cell id, "" when it has none). It goes
    /// into the request's metadata as JupyterLab sends it, and into its msg_id, which every reply
    /// and output carries back as parent_header.msg_id: a client that re-attaches to a kernel
    /// (an SSH session's journal) can then put output it never asked for into the right cell.
    std::optional<std::string> cellId;
};

/// The one Jupyter protocol client, shared by every backend: builds requests, routes replies,
/// IOPub and stdin to the request they answer by `parent_header.msg_id`.
class KernelClient : public QObject
{
    Q_OBJECT
public:
    explicit KernelClient(QObject *parent = nullptr);

    /// Uses this transport from now on; requests still pending on the old one fail with `why`.
    void attach(Transport *transport, const QString &why = QString());
    void detach(const QString &why);
    Transport *transport() const { return m_transport; }
    bool isReady() const { return m_ready; }

    /// Sends kernel_info_request every 0.5 s until one is answered and IOPub has delivered
    /// something, so the first execute cannot be published before our subscription exists
    /// (jupyter_server nudge(): the IOPub slow-joiner problem). Emits ready().
    void startNudging();

    PendingRequest *kernelInfo();
    PendingRequest *execute(const QString &code, const ExecuteOptions &options = {});
    /// cursorPos counts Unicode code points, as the messaging spec requires.
    PendingRequest *complete(const QString &code, int cursorPos);
    PendingRequest *inspect(const QString &code, int cursorPos, int detailLevel = 0);
    PendingRequest *isComplete(const QString &code);
    PendingRequest *history(const nlohmann::json &params);
    PendingRequest *interruptRequest();
    PendingRequest *shutdownRequest(bool restart);
    /// ipykernel's usage_request (control): kernel and host CPU and memory.
    PendingRequest *usage();
    /// Answers an input_request (stdin channel).
    void sendInputReply(const Protocol::Message &inputRequest, const QString &value);

    /// The cell an execute_request was sent for, from its msg_id (see ExecuteOptions::cellId):
    /// nullopt when the request did not name one (another client's, a silent one); the id may be
    /// "" for a cell of a notebook without cell ids.
    static std::optional<std::string> cellOfRequest(std::string_view msgId);

    /// Fails every pending request, e.g. when the kernel died.
    void failAll(const QString &why);
    int pendingCount() const { return int(m_pending.size()); }

signals:
    void ready(const Notebench::Protocol::Message &kernelInfoReply);
    /// execution_state from any IOPub status message: "busy", "idle", "starting".
    void executionStateChanged(const QString &state);
    /// IOPub whose parent is not one of our requests (another client's, or the kernel's own).
    void unroutedIopub(const Notebench::Protocol::Message &message);

private:
    PendingRequest *send(Channel channel, std::string_view msgType, nlohmann::json content, bool expectsIdle = true);
    PendingRequest *send(Channel channel, Protocol::Message message, bool expectsIdle);
    void route(Channel channel, const Protocol::Message &message);
    void sendNudge();

    QPointer<Transport> m_transport;
    QList<QMetaObject::Connection> m_connections;
    QHash<QString, PendingRequest *> m_pending;
    std::string m_username;
    QTimer m_nudgeTimer;
    bool m_nudging = false;
    bool m_iopubSeen = false;
    bool m_ready = false;
    std::optional<Protocol::Message> m_nudgeReply;
};

} // namespace Notebench::Kernel
