#pragma once

// What one kernel request brought back, for the kernel tests of every backend (local, SSH): the
// tests compare what each backend delivers by the same record.
#include "kernel/pendingrequest.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace Notebench::Testing {

/// The reply, every IOPub message in order, and whether the request is done.
struct Outcome
{
    bool finished = false;
    nlohmann::json reply;
    QString failure;
    std::vector<Protocol::Message> iopub;

    /// The stream text, in the order it came.
    QString streamText() const
    {
        QString text;
        for (const auto &message : iopub) {
            if (message.msgType() == "stream")
                text += QString::fromStdString(message.content.value("text", std::string()));
        }
        return text;
    }
    const Protocol::Message *first(const std::string &type) const
    {
        for (const auto &message : iopub) {
            if (message.msgType() == type)
                return &message;
        }
        return nullptr;
    }
    /// The kernel reported busy for this request: the cell has started.
    bool started() const
    {
        for (const auto &message : iopub) {
            if (message.msgType() == "status" && message.content.value("execution_state", std::string()) == "busy")
                return true;
        }
        return false;
    }
};

/// Records what `request` brings back; the record outlives the request.
inline std::shared_ptr<Outcome> track(Kernel::PendingRequest *request)
{
    auto outcome = std::make_shared<Outcome>();
    QObject::connect(request, &Kernel::PendingRequest::iopub, [outcome](const Protocol::Message &m) { outcome->iopub.push_back(m); });
    QObject::connect(request, &Kernel::PendingRequest::finished, [outcome, request] {
        outcome->finished = true;
        outcome->failure = request->failure();
        if (request->reply())
            outcome->reply = request->reply()->content;
    });
    return outcome;
}

} // namespace Notebench::Testing
